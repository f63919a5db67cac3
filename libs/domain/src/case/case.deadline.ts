import { endOfShanghaiDay, LocalDate, startOfShanghaiDay, WorkingCalendar } from '../calendar';
import { Deadline } from './case.types';

/**
 * Due at the end of the working day that closes `limitDays + suspendedWorkingDays` working
 * days after acceptance (acceptance day not counted). A limit of 0 (immediate case) is due
 * at the end of the acceptance day, or of the next working day when accepted on a rest day.
 *
 * Suspended days are added to the limit rather than shifting the due date, which gives the
 * same day as "remaining days counted again from resumption" and stays exact across several
 * suspensions.
 */
export function deadlineFor(
  calendar: WorkingCalendar,
  acceptedDate: LocalDate,
  workingDays: number,
  warningWorkingDaysBefore = DEFAULT_WARNING_WORKING_DAYS_BEFORE,
): Deadline {
  const dueDate = calendar.nthWorkingDayAfter(acceptedDate, workingDays);
  const warnDate = calendar.nthWorkingDayBefore(dueDate, warningWorkingDaysBefore);
  return { dueDate, dueAt: endOfShanghaiDay(dueDate), warnAt: warnDate > acceptedDate ? startOfShanghaiDay(warnDate) : null };
}

/** The yellow card comes at the start of the last working day unless configured otherwise. */
export const DEFAULT_WARNING_WORKING_DAYS_BEFORE = 0;

/** 行政许可法 §32: missing materials must be listed within 5 (working) days of arrival. */
export const MATERIALS_NOTICE_WORKING_DAYS = 5;

export function materialsNoticeDeadline(calendar: WorkingCalendar, acceptedDate: LocalDate): string {
  return endOfShanghaiDay(calendar.nthWorkingDayAfter(acceptedDate, MATERIALS_NOTICE_WORKING_DAYS));
}

/**
 * The end of the 5th working day after acceptance, suspended days added: a case still open after
 * it has taken more than 5 working days (the figures' `openBeyondFiveWorkingDays`). Recorded in
 * the events, like the due time, so that figures as of a day never depend on a later calendar.
 */
export function fiveWorkingDaysMark(calendar: WorkingCalendar, acceptedDate: LocalDate, suspendedWorkingDays: number): { fifthWorkingDayEndsAt: string } {
  return { fifthWorkingDayEndsAt: endOfShanghaiDay(calendar.nthWorkingDayAfter(acceptedDate, FIVE_WORKING_DAYS + suspendedWorkingDays)) };
}

/** The county's target: promised cases without special procedures completed within 5 working days. */
export const FIVE_WORKING_DAYS = 5;
