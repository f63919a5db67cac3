import { LocalDate, yearOf } from './local-date';
import { WorkingCalendar } from './working-calendar';

/** From this day of a year (MM-DD) the center is warned that next year's calendar is not published. */
export const NEXT_YEAR_NOTICE_FROM = '11-01';

/** A year the deadlines will count on, which nobody has published: counted Monday to Friday until it is. */
export interface CalendarNotice {
  readonly year: number;
  /** The day the warning started: 1 November of the year before (or 1 January of the year itself). */
  readonly since: LocalDate;
  readonly message: string;
}

/**
 * The years the center must publish now: this year if it is not published, and from 1 November
 * next year too. Deadlines falling in them are counted Monday to Friday without holidays or 调休.
 */
export function calendarNotices(calendar: WorkingCalendar, today: LocalDate): CalendarNotice[] {
  const year = yearOf(today);
  const notices: CalendarNotice[] = [];
  if (!calendar.isPublished(year)) notices.push(notice(year, `${year}-01-01`));
  const from = `${year}-${NEXT_YEAR_NOTICE_FROM}`;
  if (today >= from && !calendar.isPublished(year + 1)) notices.push(notice(year + 1, from));
  return notices;
}

/** The years from acceptance to the due date that nobody had published: a deadline counted on them is Monday to Friday. */
export function unpublishedYearsBetween(calendar: WorkingCalendar, acceptedDate: LocalDate, dueDate: LocalDate): number[] {
  const years: number[] = [];
  for (let year = yearOf(acceptedDate); year <= yearOf(dueDate); year += 1) if (!calendar.isPublished(year)) years.push(year);
  return years;
}

function notice(year: number, since: LocalDate): CalendarNotice {
  return { year, since, message: `the working-day calendar of ${year} is not published: deadlines falling in ${year} count Monday to Friday until it is (PUT /api/calendar/${year})` };
}
