import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { PublishCalendarHandler } from './calendar.command';
import { CalendarHttpController } from './calendar.http.controller';

/** The working-day calendar, year by year. */
@Module({})
export class CalendarModule {}

export const CALENDAR: Feature = { module: CalendarModule, controllers: [CalendarHttpController], providers: [PublishCalendarHandler] };
