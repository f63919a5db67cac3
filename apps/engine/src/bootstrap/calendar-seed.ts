import {
  CalendarEvent, CalendarYearState, calendarStreamId, CHINESE_DAYS_SOURCE, chineseDaysCalendarYears, decideCalendarYear,
  evolveCalendarYear, initialCalendarYearState,
} from '@gov/domain';
import { CommandMeta } from '../write/command-meta';
import { CommandRunner } from '../write/commands';
import { ReferenceData } from '../infrastructure/reference-data';

/**
 * Publishes, as events, every year of the default calendar data that the store does not
 * have yet — so deadlines are recomputable from the store alone. A year the center has
 * published or corrected itself is never overwritten.
 */
export async function seedCalendar(runner: CommandRunner, reference: ReferenceData, meta: CommandMeta): Promise<number> {
  const current = await reference.current();
  const missing = chineseDaysCalendarYears().filter((year) => !current.calendar.isPublished(year.year));
  for (const year of missing) {
    await runner.run<CalendarYearState, CalendarEvent, null>({
      streamId: calendarStreamId(year.year),
      initialState: initialCalendarYearState,
      evolve: evolveCalendarYear,
      decide: (state) => state.status === 'published' ? [] : decideCalendarYear({ type: 'PublishCalendarYear', data: { ...year, source: CHINESE_DAYS_SOURCE } }, state),
      respond: () => ({ status: 200, body: null }),
    }, meta);
  }
  return missing.length;
}
