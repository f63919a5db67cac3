import { addDays, dayOfWeek, LocalDate } from '@gov/domain';
import type { Selectable } from 'kysely';
import { oneIf, raw } from '../store/dialect-sql';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import type { Period } from '../stats/case-figures';
import type { SupervisionTables } from './supervision.tables';

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

/*
 * Ids, dates and instants are compared and ordered as text: the same in both stores as long as
 * PostgreSQL's database collation is C (as the test server's is; production must be too).
 */
export class SupervisionQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** Cards by the Shanghai day they were given, per department and per window. */
  cards(period: Period) {
    return this.store.read(async (tx) => {
      const departments = await cardCounts(tx, 'department_id', period);
      const windows = await cardCounts(tx, 'window_id', period);
      return {
        departments: departments.map((r) => ({ departmentId: r.id as string, yellow: r.yellow, red: r.red })),
        windows: windows.filter((r) => r.id !== null).map((r) => ({ windowId: r.id as string, yellow: r.yellow, red: r.red })),
      };
    });
  }

  async notices(filter: { status?: string; departmentId?: string }, now: string, limit: number): Promise<NoticeRow[]> {
    const status = filter.status ?? null;
    const departmentId = filter.departmentId ?? null;
    const rows = await this.store.db.selectFrom('notices').selectAll()
      .$if(status !== null, (q) => q.where('status', '=', status as string))
      .$if(departmentId !== null, (q) => q.where('department_id', '=', departmentId as string))
      .orderBy('opened_at').orderBy('notice_no').limit(limit).execute();
    return rows.map((r) => toNotice(r, now));
  }

  async notice(noticeNo: string, now: string): Promise<NoticeRow | undefined> {
    const row = await this.store.db.selectFrom('notices').selectAll().where('notice_no', '=', noticeNo).executeTakeFirst();
    return row && toNotice(row, now);
  }

  /** Notices per department opened in the period, and how many were answered late. */
  /** `db`: a transaction to read in (a snapshot shared with other queries), or the store. */
  /**
   * Per department, the notices opened in the period: how many, how many were answered late, and
   * how many are still awaiting a reply whose deadline has passed at `now` (never answered).
   */
  async noticeCounts(period: Period, db: ReadModelDb = this.store.db, now?: string):
    Promise<Map<string, { opened: number; answeredLate: number; unanswered: number }>> {
    const rows = await db.selectFrom('notices')
      .select((eb) => ['department_id', eb.fn.countAll<number>().as('opened'), eb.fn.sum<number>(raw(oneIf('late_replies > 0'))).as('late'),
        eb.fn.sum<number>(now === undefined ? raw('0') : eb.case().when(eb.and([eb('status', '=', 'awaiting-reply'), eb('reply_by', '<', now)]))
          .then(1).else(0).end()).as('unanswered')])
      .where((eb) => eb.between('opened_date', period.from, period.to))
      .groupBy('department_id').orderBy('department_id').execute();
    return new Map(rows.map((r) => [r.department_id, { opened: Number(r.opened), answeredLate: Number(r.late), unanswered: Number(r.unanswered ?? 0) }]));
  }

  /** The visits of a period and every Monday-to-Sunday week in it with fewer than two days visited. */
  async visits(period: Period) {
    const visits = (await this.store.db.selectFrom('visits').select(['visit_date', 'inspector', 'findings'])
      .where((eb) => eb.between('visit_date', period.from, period.to)).orderBy('visit_date').orderBy('position').execute())
      .map((v) => ({ date: v.visit_date, inspector: v.inspector, findings: v.findings }));
    const weeks: { weekOf: LocalDate; visits: number }[] = [];
    for (let monday = mondayOf(period.from); monday <= period.to; monday = addDays(monday, 7)) {
      const sunday = addDays(monday, 6);
      // Days visited: two records of one day (two inspectors, a record entered twice) are one visit toward "twice a week".
      weeks.push({ weekOf: monday, visits: new Set(visits.filter((v) => v.date >= monday && v.date <= sunday).map((v) => v.date)).size });
    }
    return { visits, weeks, weeksBelowTarget: weeks.filter((w) => w.visits < VISITS_PER_WEEK) };
  }
}

/** Yellow and red cards given in the period, per department or per window (a null window: cards of cases taken online). */
async function cardCounts(tx: ReadModelDb, column: 'department_id' | 'window_id', period: Period) {
  const rows = await tx.selectFrom('cards')
    .select((eb) => [eb.ref(column).as('id'), eb.fn.sum<number>(raw(oneIf(`kind = 'yellow'`))).as('yellow'),
      eb.fn.sum<number>(raw(oneIf(`kind = 'red'`))).as('red')])
    .where((eb) => eb.between('card_date', period.from, period.to))
    .groupBy(column).orderBy(column).execute();
  return rows.map((r) => ({ id: r.id, yellow: Number(r.yellow), red: Number(r.red) }));
}

function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

function toNotice(r: Selectable<SupervisionTables['notices']>, now: string): NoticeRow {
  return {
    noticeNo: r.notice_no, caseNo: r.case_no, departmentId: r.department_id, windowId: r.window_id,
    status: r.status, reason: r.reason, openedAt: r.opened_at, replyBy: r.reply_by,
    repliedAt: r.replied_at, rectification: r.rectification, lateReplies: Number(r.late_replies),
    returns: Number(r.returns), closedAt: r.closed_at, conclusion: r.conclusion,
    replyOverdue: r.status === 'awaiting-reply' && r.reply_by < now,
  };
}
