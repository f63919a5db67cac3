import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { ReportsHttpController } from './reports.http.controller';

/** The reported figures: the center's, a department's, a window's, open cases. */
@Module({})
export class ReportsModule {}

export const REPORTS: Feature = { module: ReportsModule, controllers: [ReportsHttpController] };
