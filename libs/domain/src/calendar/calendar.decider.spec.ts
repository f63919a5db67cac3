import { deciderSpec } from '../testing/decider-spec';
import { decideCalendarYear, evolveCalendarYear, initialCalendarYearState, PublishCalendarYear } from './calendar.decider';

const spec = deciderSpec({ decide: decideCalendarYear, evolve: evolveCalendarYear, initialState: initialCalendarYearState });
const publish = (data: Partial<PublishCalendarYear['data']>): PublishCalendarYear => ({
  type: 'PublishCalendarYear',
  data: { year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'State Council notice', ...data },
});

describe('calendar year', () => {
  it('publishes a year first', () => {
    spec.given([]).when(publish({}), undefined).then([
      { type: 'CalendarYearPublished', data: { year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'State Council notice' } },
    ]);
  });

  it('records a change to a published year as a correction with its reason', () => {
    const published = decideCalendarYear(publish({}), initialCalendarYearState());
    spec.given(published).when(publish({ holidays: ['2027-01-01', '2027-01-04'], reason: 'notice amended' }), undefined).then([
      { type: 'CalendarYearCorrected', data: { year: 2027, holidays: ['2027-01-01', '2027-01-04'], workdays: [], source: 'State Council notice', reason: 'notice amended' } },
    ]);
    spec.given(published).when(publish({ holidays: ['2027-01-04'] }), undefined).thenThrows('CALENDAR.CORRECTION_NEEDS_REASON');
  });

  it('is idempotent when the same days are published again', () => {
    const published = decideCalendarYear(publish({}), initialCalendarYearState());
    spec.given(published).when(publish({}), undefined).then([]);
  });

  it('refuses dates outside the year, days both off and on, and weekday make-up days', () => {
    spec.given([]).when(publish({ holidays: ['2026-12-31'] }), undefined).thenThrows('CALENDAR.DATE_OUTSIDE_YEAR');
    spec.given([]).when(publish({ holidays: ['2027-02-31'] }), undefined).thenThrows('CALENDAR.DATE_OUTSIDE_YEAR');
    spec.given([]).when(publish({ holidays: ['2027-01-02'], workdays: ['2027-01-02'] }), undefined).thenThrows('CALENDAR.DAY_BOTH_HOLIDAY_AND_WORKDAY');
    spec.given([]).when(publish({ workdays: ['2027-01-05'] }), undefined).thenThrows('CALENDAR.WORKDAY_NOT_WEEKEND');
  });

  it('accepts every year of the default chinese-days data', () => {
    const { chineseDaysCalendarYears } = jest.requireActual('./chinese-days.source');
    const years = chineseDaysCalendarYears() as { year: number; holidays: string[]; workdays: string[] }[];
    expect(years.length).toBeGreaterThanOrEqual(23);
    for (const year of years) {
      expect(() => decideCalendarYear({ type: 'PublishCalendarYear', data: { ...year, source: 'chinese-days' } }, initialCalendarYearState())).not.toThrow();
    }
  });
});
