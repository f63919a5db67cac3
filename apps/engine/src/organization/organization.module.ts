import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { ChangeOrganizationHandler } from './organization.command';
import { OrganizationHttpController } from './organization.http.controller';

/** The center's organization: departments, windows, sub-centers. */
@Module({})
export class OrganizationModule {}

export const ORGANIZATION: Feature = { module: OrganizationModule, controllers: [OrganizationHttpController], providers: [ChangeOrganizationHandler] };
