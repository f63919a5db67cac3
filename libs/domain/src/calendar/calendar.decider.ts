import { DomainEvent, rule, Decider, DecisionContext } from '../shared';
import { dayOfWeek, isLocalDate, LocalDate, yearOf } from './local-date';
import { CalendarYear } from './working-calendar';

/** A year's calendar is published once, then corrected with a reason; each is an event. */
export interface PublishCalendarYear {
  readonly type: 'PublishCalendarYear';
  readonly data: CalendarYear & { readonly source: string; readonly reason?: string };
}

export type CalendarYearPublished = DomainEvent<
  'CalendarYearPublished',
  CalendarYear & { readonly source: string }
>;
export type CalendarYearCorrected = DomainEvent<
  'CalendarYearCorrected',
  CalendarYear & { readonly source: string; readonly reason: string }
>;
export type CalendarEvent = CalendarYearPublished | CalendarYearCorrected;

export type CalendarYearState = { readonly status: 'unpublished' } | { readonly status: 'published'; readonly year: CalendarYear };

export const calendarStreamId = (year: number): string => `calendar-${year}`;

export function initialCalendarYearState(): CalendarYearState {
  return { status: 'unpublished' };
}

export function decideCalendarYear(command: PublishCalendarYear, state: CalendarYearState): CalendarEvent[] {
  const { year, holidays, workdays, source, reason } = command.data;
  datesMustFallInTheYear(year, [...holidays, ...workdays]);
  aDayIsEitherHolidayOrWorkday(holidays, workdays);
  makeUpWorkdaysAreWeekendDays(workdays);
  const published: CalendarYear = { year, holidays: sorted(holidays), workdays: sorted(workdays) };
  if (state.status === 'unpublished') {
    return [{ type: 'CalendarYearPublished', data: { ...published, source } }];
  }
  if (sameDays(state.year, published)) return [];
  rule(
    'CorrectionNeedsReason',
    'CALENDAR.CORRECTION_NEEDS_REASON',
    'unprocessable',
    Boolean(reason?.trim()),
    `the ${year} calendar is already published: a correction must give its reason`,
  );
  return [{ type: 'CalendarYearCorrected', data: { ...published, source, reason: reason as string } }];
}

export function evolveCalendarYear(_state: CalendarYearState, event: CalendarEvent): CalendarYearState {
  const { year, holidays, workdays } = event.data;
  return { status: 'published', year: { year, holidays, workdays } };
}

function datesMustFallInTheYear(year: number, dates: readonly LocalDate[]): void {
  const outside = dates.filter((date) => !isLocalDate(date) || yearOf(date) !== year);
  rule('DatesMustFallInTheYear', 'CALENDAR.DATE_OUTSIDE_YEAR', 'unprocessable', outside.length === 0,
    `dates not in ${year}: ${outside.join(', ')}`, { dates: outside });
}

function aDayIsEitherHolidayOrWorkday(holidays: readonly LocalDate[], workdays: readonly LocalDate[]): void {
  const holidaySet = new Set(holidays);
  const both = workdays.filter((date) => holidaySet.has(date));
  rule('ADayIsEitherHolidayOrWorkday', 'CALENDAR.DAY_BOTH_HOLIDAY_AND_WORKDAY', 'unprocessable', both.length === 0,
    `days listed both as holiday and as make-up working day: ${both.join(', ')}`, { dates: both });
}

function makeUpWorkdaysAreWeekendDays(workdays: readonly LocalDate[]): void {
  const weekdays = workdays.filter((date) => dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6);
  rule('MakeUpWorkdaysAreWeekendDays', 'CALENDAR.WORKDAY_NOT_WEEKEND', 'unprocessable', weekdays.length === 0,
    `make-up working days must be Saturdays or Sundays: ${weekdays.join(', ')}`, { dates: weekdays });
}

function sorted(dates: readonly LocalDate[]): LocalDate[] {
  return [...new Set(dates)].sort();
}

function sameDays(a: CalendarYear, b: CalendarYear): boolean {
  return a.holidays.join() === b.holidays.join() && a.workdays.join() === b.workdays.join();
}

/** A calendar year's published working days. */
export const calendarYearDecider: Decider<PublishCalendarYear, CalendarYearState, CalendarEvent, DecisionContext> = {
  initialState: initialCalendarYearState, evolve: evolveCalendarYear, decide: (command, state) => decideCalendarYear(command, state),
};
