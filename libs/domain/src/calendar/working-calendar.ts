import { addDays, dayOfWeek, LocalDate, yearOf } from './local-date';

/** One year's official calendar: public holidays and make-up working days (调休). */
export interface CalendarYear {
  readonly year: number;
  /** Days off by State Council notice, weekends inside a holiday included. */
  readonly holidays: readonly LocalDate[];
  /** Weekend days made working days (调休). */
  readonly workdays: readonly LocalDate[];
}

/** Answers kept per calendar before the memo starts again (a few days' receipts ask a handful of questions). */
const REMEMBERED_ANSWERS = 10_000;

interface YearSets {
  readonly holidays: ReadonlySet<LocalDate>;
  readonly workdays: ReadonlySet<LocalDate>;
}

/**
 * Working-day arithmetic over published calendar years. A year nobody has published yet
 * counts Monday–Friday as working days; publishing it later corrects open deadlines.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, YearSets>();
  /**
   * Deadlines already worked out: a calendar is a value that never changes (withYear makes a
   * new one, with a memo of its own), and every receipt of a day asks the same few questions,
   * each a walk of days from one date to another.
   */
  private readonly answers = new Map<string, LocalDate | number>();

  constructor(years: Iterable<CalendarYear> = []) {
    for (const year of years) this.years.set(year.year, toSets(year));
  }

  /** A copy with one year published or replaced: calendars are values, never mutated. */
  withYear(year: CalendarYear): WorkingCalendar {
    const next = new WorkingCalendar();
    for (const [key, sets] of this.years) next.years.set(key, sets);
    next.years.set(year.year, toSets(year));
    return next;
  }

  isPublished(year: number): boolean {
    return this.years.has(year);
  }

  isWorkingDay(date: LocalDate): boolean {
    const sets = this.years.get(yearOf(date));
    if (sets?.workdays.has(date)) return true;
    if (sets?.holidays.has(date)) return false;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The day a limit of `n` working days ends, counted from `start` with `start` itself not
   * counted (行政许可法 §82 practice). `n = 0` means the same day if it is a working day,
   * else the next working day (an immediate case accepted online on a rest day).
   */
  nthWorkingDayAfter(start: LocalDate, n: number): LocalDate {
    if (n === 0) return this.isWorkingDay(start) ? start : this.nthWorkingDayAfter(start, 1);
    return this.remember(`after ${start} ${n}`, () => {
      let date = start;
      let counted = 0;
      while (counted < n) {
        date = addDays(date, 1);
        if (this.isWorkingDay(date)) counted += 1;
      }
      return date;
    });
  }

  /** The working day `n` working days before `date` (n = 0: `date` itself). */
  nthWorkingDayBefore(date: LocalDate, n: number): LocalDate {
    return this.remember(`before ${date} ${n}`, () => {
      let day = date;
      for (let counted = 0; counted < n; ) {
        day = addDays(day, -1);
        if (this.isWorkingDay(day)) counted += 1;
      }
      return day;
    });
  }

  /** Working days in the half-open interval (from, to]; 0 when `to` is not after `from`. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    return this.remember(`between ${from} ${to}`, () => {
      let count = 0;
      for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
        if (this.isWorkingDay(date)) count += 1;
      }
      return count;
    });
  }

  private remember<T extends LocalDate | number>(question: string, work: () => T): T {
    const known = this.answers.get(question);
    if (known !== undefined) return known as T;
    const answer = work();
    if (this.answers.size >= REMEMBERED_ANSWERS) this.answers.clear();
    this.answers.set(question, answer);
    return answer;
  }
}

function toSets(year: CalendarYear): YearSets {
  return { holidays: new Set(year.holidays), workdays: new Set(year.workdays) };
}
