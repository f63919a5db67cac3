import type { CommandBus } from '@nestjs/cqrs';
import { CHINESE_DAYS_SOURCE, chineseDaysCalendarYears } from '@gov/domain';
import { PublishCalendarCommand } from '../calendar';
import type { ReferenceData } from '../infrastructure/reference-data';
import type { CommandMeta } from '../write/command-meta';

/**
 * Publishes, as events, every year of the default calendar data that the store does not
 * have yet — so deadlines are recomputable from the store alone. A year the center has
 * published or corrected itself is never overwritten.
 */
export async function seedCalendar(commandBus: CommandBus, reference: ReferenceData, meta: CommandMeta): Promise<number> {
  const current = await reference.current();
  const missing = chineseDaysCalendarYears().filter((year) => !current.calendar.isPublished(year.year));
  for (const year of missing) {
    await commandBus.execute(new PublishCalendarCommand({ type: 'PublishCalendarYear', data: { ...year, source: CHINESE_DAYS_SOURCE } }, meta, true));
  }
  return missing.length;
}
