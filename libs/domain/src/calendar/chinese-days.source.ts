import { CalendarYear } from './working-calendar';

/**
 * The default calendar data: the maintained `chinese-days` package (State Council holiday
 * notices, 2004 onwards). The engine publishes these years as events on an empty store, so
 * every deadline can later be recomputed from the store alone.
 */
export const CHINESE_DAYS_SOURCE = 'chinese-days';

interface ChineseDaysData {
  readonly holidays: Record<string, string>;
  readonly workdays: Record<string, string>;
}

export function chineseDaysCalendarYears(): CalendarYear[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const years = new Map<number, { holidays: string[]; workdays: string[] }>();
  const yearEntry = (date: string) => {
    const year = Number(date.slice(0, 4));
    let entry = years.get(year);
    if (!entry) years.set(year, (entry = { holidays: [], workdays: [] }));
    return entry;
  };
  for (const date of Object.keys(data.holidays)) yearEntry(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) yearEntry(date).workdays.push(date);
  return [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, days]) => ({ year, holidays: days.holidays.sort(), workdays: days.workdays.sort() }));
}
