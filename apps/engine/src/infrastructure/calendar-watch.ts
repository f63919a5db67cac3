import { Injectable } from '@nestjs/common';
import { CalendarNotice, calendarNotices, shanghaiDateOf } from '@gov/domain';
import { OpenCasesQuery } from '@gov/projections';
import { Clock } from './clock';
import { ReferenceData } from './reference-data';

export interface CalendarWatchReport {
  readonly notices: readonly CalendarNotice[];
  /** Open cases whose due date lies in (or past) a year nobody has published: counted Monday to Friday there. */
  readonly openCasesOnUnpublishedYears: number;
}

/**
 * The calendar years the center must publish (from 1 November for the next year), and how many
 * open cases were counted on a year nobody published: for the dashboard's notice and /ready.
 */
@Injectable()
export class CalendarWatch {
  constructor(private readonly reference: ReferenceData, private readonly openCases: OpenCasesQuery, private readonly clock: Clock) {}

  async report(): Promise<CalendarWatchReport> {
    const today = shanghaiDateOf(this.clock.now().toISOString());
    const notices = calendarNotices(this.reference.calendar, today);
    const first = this.firstUnpublishedYear(Number(today.slice(0, 4)) - 1);
    return { notices, openCasesOnUnpublishedYears: await this.openCases.countDueFrom(`${first}-01-01`) };
  }

  /** The first year from `from` on that nobody has published (a deadline due in it or later crossed it). */
  private firstUnpublishedYear(from: number): number {
    let year = from;
    while (this.reference.calendar.isPublished(year)) year += 1;
    return year;
  }
}
