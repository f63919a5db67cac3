export { CALENDAR } from './calendar.module';
export { PublishCalendarCommand } from './calendar.command';
