import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { ApplicantSessionsHttpController } from './applicant-sessions.http.controller';

/** Applicants: signing in to one case with its number and query code. */
@Module({})
export class ApplicantModule {}

export const APPLICANT: Feature = { module: ApplicantModule, controllers: [ApplicantSessionsHttpController] };
