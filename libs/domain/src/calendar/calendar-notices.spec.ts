import { calendarNotices, unpublishedYearsBetween } from './calendar-notices';
import { WorkingCalendar } from './working-calendar';

const published2026 = new WorkingCalendar([{ year: 2026, holidays: [], workdays: [] }]);

describe('notices of unpublished calendar years', () => {
  it('warns from 1 November that next year is not published, and at once when this year is not', () => {
    expect(calendarNotices(published2026, '2026-10-31')).toEqual([]);
    expect(calendarNotices(published2026, '2026-11-01').map((n) => [n.year, n.since])).toEqual([[2027, '2026-11-01']]);
    expect(calendarNotices(published2026.withYear({ year: 2027, holidays: [], workdays: [] }), '2026-12-31')).toEqual([]);
    expect(calendarNotices(published2026, '2027-01-04').map((n) => [n.year, n.since])).toEqual([[2027, '2027-01-01']]);
  });

  it('names the unpublished years a deadline was counted on', () => {
    expect(unpublishedYearsBetween(published2026, '2026-12-28', '2027-01-05')).toEqual([2027]);
    expect(unpublishedYearsBetween(published2026, '2026-04-07', '2026-04-14')).toEqual([]);
  });
});
