import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { HallHttpController } from './hall.http.controller';

/** The hall's public screen and its live feed. */
@Module({})
export class HallModule {}

export const HALL: Feature = { module: HallModule, controllers: [HallHttpController] };
