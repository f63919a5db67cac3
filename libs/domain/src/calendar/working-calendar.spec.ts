import { chineseDaysCalendarYears } from './chinese-days.source';
import { endOfShanghaiDay, shanghaiDateOf } from './local-date';
import { WorkingCalendar } from './working-calendar';

describe('WorkingCalendar on the published 2026 calendar', () => {
  const calendar = new WorkingCalendar(chineseDaysCalendarYears());

  it('knows holidays, weekends and make-up working days (调休)', () => {
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true); // Wednesday
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // National Day
    expect(calendar.isWorkingDay('2026-09-25')).toBe(false); // Mid-Autumn, a Friday
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // Sunday made a working day
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday made a working day
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
  });

  it('does not count the day of acceptance and skips the Golden Week', () => {
    expect(calendar.nthWorkingDayAfter('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.nthWorkingDayAfter('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.nthWorkingDayAfter('2026-09-18', 1)).toBe('2026-09-20');
  });

  it('makes an immediate case accepted on a rest day due the next working day', () => {
    expect(calendar.nthWorkingDayAfter('2026-10-03', 0)).toBe('2026-10-08');
    expect(calendar.nthWorkingDayAfter('2026-10-09', 0)).toBe('2026-10-09');
  });

  it('counts working days in a half-open interval', () => {
    expect(calendar.workingDaysBetween('2026-09-24', '2026-10-09')).toBe(5);
    expect(calendar.workingDaysBetween('2026-10-09', '2026-10-09')).toBe(0);
    expect(calendar.workingDaysBetween('2026-10-09', '2026-10-01')).toBe(0);
  });

  it('counts Monday to Friday in a year nobody has published', () => {
    expect(calendar.isPublished(2031)).toBe(false);
    expect(calendar.nthWorkingDayAfter('2031-01-03', 1)).toBe('2031-01-06'); // Friday → Monday
  });

  it('answers a deadline asked before from the calendar it was asked of: a corrected year gives the corrected deadline', () => {
    expect(calendar.nthWorkingDayAfter('2026-10-07', 1)).toBe('2026-10-08');
    expect(calendar.workingDaysBetween('2026-10-07', '2026-10-09')).toBe(2);
    const corrected = calendar.withYear({ year: 2026, holidays: ['2026-10-08'], workdays: [] });
    expect(corrected.nthWorkingDayAfter('2026-10-07', 1)).toBe('2026-10-09');
    expect(corrected.workingDaysBetween('2026-10-07', '2026-10-09')).toBe(1);
    expect(calendar.nthWorkingDayAfter('2026-10-07', 1)).toBe('2026-10-08');
  });

  it('replaces a year when a correction is published, leaving the old value untouched', () => {
    const corrected = calendar.withYear({ year: 2026, holidays: ['2026-10-08'], workdays: [] });
    expect(corrected.isWorkingDay('2026-10-08')).toBe(false);
    expect(corrected.isWorkingDay('2026-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
  });
});

describe('Shanghai dates', () => {
  it('puts 16:00Z in the next Shanghai day and ends a day at 15:59:59.999Z', () => {
    expect(shanghaiDateOf('2026-04-02T15:59:59.999Z')).toBe('2026-04-02');
    expect(shanghaiDateOf('2026-04-02T16:00:00.000Z')).toBe('2026-04-03');
    expect(endOfShanghaiDay('2026-04-03')).toBe('2026-04-03T15:59:59.999Z');
  });
});
