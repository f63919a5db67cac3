import { endOfShanghaiDay, LocalDate, WorkingCalendar } from '../calendar';
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
export function deadlineFor(calendar: WorkingCalendar, acceptedDate: LocalDate, workingDays: number): Deadline {
  const dueDate = calendar.nthWorkingDayAfter(acceptedDate, workingDays);
  return { dueDate, dueAt: endOfShanghaiDay(dueDate) };
}
