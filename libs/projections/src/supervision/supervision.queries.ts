import { addDays, dayOfWeek, LocalDate } from '@gov/domain';
import { cachedStatement, ReadModelDb } from '../read-model-db';
import type { Period } from '../stats/case-figures';

export interface CardCounts {
  readonly yellow: number;
  readonly red: number;
}

export interface NoticeRow {
  readonly noticeNo: string;
  readonly caseNo: string;
  readonly departmentId: string;
  readonly windowId: string | null;
  readonly status: string;
  readonly reason: string;
  readonly openedAt: string;
  readonly replyBy: string;
  readonly repliedAt: string | null;
  readonly rectification: string | null;
  readonly lateReplies: number;
  readonly returns: number;
  readonly closedAt: string | null;
  readonly conclusion: string | null;
  /** Awaiting a reply past its deadline, as of now. */
  readonly replyOverdue: boolean;
}

/** The office's target: at least two supervision visits a week. */
export const VISITS_PER_WEEK = 2;

export class SupervisionQueries {
  constructor(private readonly db: ReadModelDb) {}

  /** Cards by the Shanghai day they were given, per department and per window. */
  cards(period: Period) {
    const rows = (column: string) => cachedStatement<[string, string], { id: string | null; yellow: number; red: number }>(this.db, 
      `SELECT ${column} AS id, SUM(kind = 'yellow') AS yellow, SUM(kind = 'red') AS red FROM cards
       WHERE card_date BETWEEN ? AND ? GROUP BY ${column} ORDER BY ${column}`).all(period.from, period.to);
    return {
      departments: rows('department_id').map((r) => ({ departmentId: r.id as string, yellow: r.yellow, red: r.red })),
      windows: rows('window_id').filter((r) => r.id !== null).map((r) => ({ windowId: r.id as string, yellow: r.yellow, red: r.red })),
    };
  }

  notices(filter: { status?: string; departmentId?: string }, now: string, limit: number): NoticeRow[] {
    return cachedStatement<[string | null, string | null, string | null, string | null, number], Record<string, string | number | null>>(this.db, 
      `SELECT * FROM notices WHERE (? IS NULL OR status = ?) AND (? IS NULL OR department_id = ?) ORDER BY opened_at, notice_no LIMIT ?`)
      .all(filter.status ?? null, filter.status ?? null, filter.departmentId ?? null, filter.departmentId ?? null, limit)
      .map((r) => toNotice(r, now));
  }

  notice(noticeNo: string, now: string): NoticeRow | undefined {
    const row = cachedStatement<[string], Record<string, string | number | null>>(this.db, 'SELECT * FROM notices WHERE notice_no = ?').get(noticeNo);
    return row && toNotice(row, now);
  }

  /** Notices per department opened in the period, and how many were answered late. */
  noticeCounts(period: Period): Map<string, { opened: number; answeredLate: number }> {
    const rows = cachedStatement<[string, string], { department_id: string; opened: number; late: number }>(this.db, 
      `SELECT department_id, COUNT(*) AS opened, SUM(late_replies > 0) AS late FROM notices
       WHERE opened_date BETWEEN ? AND ? GROUP BY department_id`).all(period.from, period.to);
    return new Map(rows.map((r) => [r.department_id, { opened: r.opened, answeredLate: r.late }]));
  }

  /** The visits of a period and every Monday-to-Sunday week in it with fewer than two. */
  visits(period: Period) {
    const visits = cachedStatement<[string, string], { visit_date: string; inspector: string; findings: string }>(this.db, 
      'SELECT visit_date, inspector, findings FROM visits WHERE visit_date BETWEEN ? AND ? ORDER BY visit_date, position').all(period.from, period.to)
      .map((v) => ({ date: v.visit_date, inspector: v.inspector, findings: v.findings }));
    const weeks: { weekOf: LocalDate; visits: number }[] = [];
    for (let monday = mondayOf(period.from); monday <= period.to; monday = addDays(monday, 7)) {
      const sunday = addDays(monday, 6);
      weeks.push({ weekOf: monday, visits: visits.filter((v) => v.date >= monday && v.date <= sunday).length });
    }
    return { visits, weeks, weeksBelowTarget: weeks.filter((w) => w.visits < VISITS_PER_WEEK) };
  }
}

function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

function toNotice(r: Record<string, string | number | null>, now: string): NoticeRow {
  return {
    noticeNo: r.notice_no as string, caseNo: r.case_no as string, departmentId: r.department_id as string, windowId: r.window_id as string | null,
    status: r.status as string, reason: r.reason as string, openedAt: r.opened_at as string, replyBy: r.reply_by as string,
    repliedAt: r.replied_at as string | null, rectification: r.rectification as string | null, lateReplies: r.late_replies as number,
    returns: r.returns as number, closedAt: r.closed_at as string | null, conclusion: r.conclusion as string | null,
    replyOverdue: r.status === 'awaiting-reply' && (r.reply_by as string) < now,
  };
}
