import { addDays, COMPLAINT_CATEGORIES, ComplaintCategory, endOfShanghaiDay, LocalDate, shanghaiDateOf, startOfShanghaiDay } from '@gov/domain';
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import type { ReadModelTables } from '../store/tables';
import type { Period } from '../stats/case-figures';
import type { ComplaintTables } from './complaint.tables';

/** Statuses of a complaint not yet concluded or declined: the discipline window's open files. */
export const OPEN_COMPLAINT_STATUSES = ['filed', 'accepted', 'investigating'] as const;

/** Age bands of open complaints, in calendar days since the day of filing. */
const AGE_BANDS: readonly { band: string; min: number; max: number }[] = [
  { band: '0-7', min: 0, max: 7 }, { band: '8-21', min: 8, max: 21 }, { band: '22-30', min: 22, max: 30 }, { band: '31+', min: 31, max: Infinity },
];

type ComplaintRow = Selectable<ComplaintTables['complaints']>;
type ActionRow = Pick<Selectable<ComplaintTables['complaint_actions']>, 'complaint_no' | 'kind' | 'staff_id' | 'role' | 'person'>;

export interface ComplaintFilter {
  /** `open` (default), `all`, or one status. */
  readonly status?: string;
  readonly category?: string;
  readonly departmentId?: string;
  /** Only complaints at least this many calendar days old. */
  readonly minAgeDays?: number;
}

export interface DepartmentComplaintFigures {
  readonly departmentId: string;
  /** Complaints filed in the period. */
  readonly filed: number;
  /** Of those, still not concluded or declined now. */
  readonly open: number;
  /** Declined in the period. */
  readonly declined: number;
  /** Concluded in the period; substantiated or not. */
  readonly concluded: number;
  readonly substantiated: number;
  readonly notSubstantiated: number;
  /** Mean working days from filing to conclusion of those concluded in the period, 2 decimals; null when none. */
  readonly averageWorkingDaysToConclusion: number | null;
  /** Accountability actions taken by conclusions in the period. */
  readonly admonitions: number;
  readonly staffReturned: number;
  readonly personsHeldAccountable: number;
  /** Feedback given in the period after its deadline. */
  readonly feedbackLate: number;
  /** Filed in the period, still awaiting feedback now, past the deadline. */
  readonly feedbackOverdue: number;
}

/*
 * Ids, dates and instants are compared and ordered as text: the same in both stores as long as
 * PostgreSQL's database collation is C (as the test server's is; production must be too).
 */
export class ComplaintQueries {
  constructor(private readonly store: ReadModelStore) {}

  list(filter: ComplaintFilter, now: string, limit: number) {
    const today = shanghaiDateOf(now);
    const status = filter.status ?? 'open';
    const statuses = status === 'open' ? [...OPEN_COMPLAINT_STATUSES] : status === 'all' ? null : [status];
    const category = filter.category ?? null;
    const departmentId = filter.departmentId ?? null;
    const filedBy = filter.minAgeDays === undefined ? null : addDays(today, -filter.minAgeDays);
    return this.store.read(async (tx) => {
      const rows = await tx.selectFrom('complaints').selectAll()
        .$if(statuses !== null, (q) => q.where('status', 'in', statuses as string[]))
        .$if(category !== null, (q) => q.where('category', '=', category as string))
        .$if(departmentId !== null, (q) => q.where('department_id', '=', departmentId as string))
        .$if(filedBy !== null, (q) => q.where('filed_date', '<=', filedBy as string))
        .orderBy('filed_at').orderBy('complaint_no').limit(limit).execute();
      const actions = await actionsOf(tx, rows.map((r) => r.complaint_no));
      return rows.map((r) => toComplaint(r, actions.get(r.complaint_no) ?? [], now, today));
    });
  }

  one(complaintNo: string, now: string) {
    return this.store.read(async (tx) => {
      const row = await tx.selectFrom('complaints').selectAll().where('complaint_no', '=', complaintNo).executeTakeFirst();
      return row && toComplaint(row, (await actionsOf(tx, [complaintNo])).get(complaintNo) ?? [], now, shanghaiDateOf(now));
    });
  }

  /** The discipline window's own read model: who complained, sealed (the endpoint opens it). Nothing else reads `complainants`. */
  async complainant(complaintNo: string) {
    const row = await this.store.db.selectFrom('complainants').selectAll().where('complaint_no', '=', complaintNo).executeTakeFirst();
    return row && { complaintNo, kind: row.kind, personId: row.person_id, sealed: row.sealed, trigger: row.trigger };
  }

  /** Open complaints now, by category, by department and by age. */
  async openSummary(now: string) {
    const today = shanghaiDateOf(now);
    const open = await this.store.db.selectFrom('complaints').select(['category', 'department_id', 'filed_date'])
      .where('status', 'in', OPEN_COMPLAINT_STATUSES).execute();
    const count = <K extends string>(keys: K[]) => {
      const counts = new Map<K, number>();
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      return counts;
    };
    const byCategory = count(open.map((c) => c.category as ComplaintCategory));
    const byDepartment = count(open.map((c) => c.department_id));
    const ages = open.map((c) => ageInDays(c.filed_date, today));
    return {
      open: open.length,
      byCategory: [...byCategory].sort(([a], [b]) => a.localeCompare(b))
        .map(([category, n]) => ({ category, label: COMPLAINT_CATEGORIES[category], open: n })),
      byDepartment: [...byDepartment].sort(([a], [b]) => a.localeCompare(b)).map(([departmentId, n]) => ({ departmentId, open: n })),
      byAge: AGE_BANDS.map(({ band, min, max }) => ({ band, open: ages.filter((a) => a >= min && a <= max).length })),
    };
  }

  /** Accountability actions of the conclusions in the period, oldest first. */
  async actions(period: Period) {
    const rows = await this.store.db.selectFrom('complaint_actions as a').innerJoin('complaints as c', 'c.complaint_no', 'a.complaint_no')
      .selectAll('a').select('c.category')
      .where((eb) => eb.between('a.concluded_date', period.from, period.to))
      .orderBy('a.concluded_at').orderBy('a.complaint_no').orderBy('a.seq').execute();
    return rows.map((r) => ({
      complaintNo: r.complaint_no, category: r.category, kind: r.kind, departmentId: r.department_id,
      staffId: r.staff_id, role: r.role, person: r.person, concludedAt: r.concluded_at,
    }));
  }

  /** Working days from filing to conclusion of the complaints concluded in the period, overall and per department. */
  timeToConclusion(period: Period) {
    return this.store.read(async (tx) => {
      const concludedIn = tx.selectFrom('complaints').where((eb) => eb.between('concluded_date', period.from, period.to))
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.avg<number | null>('working_days_to_conclusion').as('avg'),
          eb.fn.max('working_days_to_conclusion').as('max')]);
      const rows = await concludedIn.select('department_id').groupBy('department_id').orderBy('department_id').execute();
      const all = await concludedIn.executeTakeFirstOrThrow();
      return {
        concluded: Number(all.n), averageWorkingDays: round2(all.avg), maxWorkingDays: all.max,
        departments: rows.map((r) => ({ departmentId: r.department_id, concluded: Number(r.n), averageWorkingDays: round2(r.avg), maxWorkingDays: r.max })),
      };
    });
  }

  /**
   * Complaint figures per department (README: "Complaints and window staff"). `db`: a
   * transaction to read in (a snapshot shared with other queries); a read transaction of its own otherwise.
   */
  figuresByDepartment(period: Period, now: string, db?: ReadModelDb): Promise<Map<string, DepartmentComplaintFigures>> {
    // An instant falls in the period when it falls on one of its Shanghai days: from the first day's first instant up to the
    // day after's. Instants are stored as toISOString() text (UTC, fixed width), so they compare as text in both stores.
    const firstInstant = startOfShanghaiDay(period.from);
    const afterLastInstant = startOfShanghaiDay(addDays(period.to, 1));
    const read = async (tx: ReadModelDb) => {
      const rows = await tx.selectFrom('complaints').select((eb) => {
        const filedIn = eb.between('filed_date', period.from, period.to);
        const concludedIn = eb.between('concluded_date', period.from, period.to);
        const instantIn = (column: 'declined_at' | 'feedback_at') => eb.and([eb(column, '>=', firstInstant), eb(column, '<', afterLastInstant)]);
        return [
          'department_id',
          countWhere(eb, filedIn).as('filed'),
          countWhere(eb, eb.and([filedIn, eb('status', 'in', OPEN_COMPLAINT_STATUSES)])).as('open'),
          countWhere(eb, instantIn('declined_at')).as('declined'),
          countWhere(eb, concludedIn).as('concluded'),
          countWhere(eb, eb.and([concludedIn, eb('substantiated', '=', 1)])).as('substantiated'),
          eb.fn.avg<number | null>(eb.case().when(concludedIn).then(eb.ref('working_days_to_conclusion')).end()).as('avg_days'),
          countWhere(eb, eb.and([eb('feedback_late', '=', 1), instantIn('feedback_at')])).as('feedback_late'),
          countWhere(eb, eb.and([filedIn, eb('feedback_by', 'is not', null), eb('feedback_at', 'is', null), eb('feedback_by', '<', now)]))
            .as('feedback_overdue'),
        ];
      }).groupBy('department_id').orderBy('department_id').execute();
      const actions = await tx.selectFrom('complaint_actions').select((eb) => ['department_id', 'kind', eb.fn.countAll<number>().as('n')])
        .where((eb) => eb.between('concluded_date', period.from, period.to)).groupBy(['department_id', 'kind']).execute();
      const actionCount = (departmentId: string, kind: string) =>
        Number(actions.find((a) => a.department_id === departmentId && a.kind === kind)?.n ?? 0);
      return new Map(rows.map((r) => {
        const id = r.department_id;
        const concluded = Number(r.concluded);
        const substantiated = Number(r.substantiated);
        return [id, {
          departmentId: id, filed: Number(r.filed), open: Number(r.open), declined: Number(r.declined), concluded, substantiated,
          notSubstantiated: concluded - substantiated, averageWorkingDaysToConclusion: round2(r.avg_days),
          admonitions: actionCount(id, 'admonish-department'), staffReturned: actionCount(id, 'return-staff'),
          personsHeldAccountable: actionCount(id, 'hold-accountable'), feedbackLate: Number(r.feedback_late), feedbackOverdue: Number(r.feedback_overdue),
        }];
      }));
    };
    return db ? read(db) : this.store.read(read);
  }

  /**
   * Per department: the rectifications of bad ratings opened in the period that are still
   * unanswered with their deadline passed, now (the annual assessment's UnansweredRectifications).
   */
  async unansweredRectifications(period: Period, now: string, db: ReadModelDb = this.store.db): Promise<Map<string, number>> {
    const rows = await db.selectFrom('rectifications').select((eb) => ['department_id', eb.fn.countAll<number>().as('n')])
      .where('opened_at', '>=', startOfShanghaiDay(period.from)).where('opened_at', '<=', endOfShanghaiDay(period.to))
      .where('status', '=', 'awaiting-answer').where('answer_by', '<', now)
      .groupBy('department_id').execute();
    return new Map(rows.map((r) => [r.department_id, Number(r.n)]));
  }

  /** Rectifications of bad ratings, oldest first; `unansweredOverdue` flags those past their deadline without an answer, as of now. */
  async rectifications(filter: { status?: string; departmentId?: string }, now: string, limit: number) {
    const status = filter.status ?? null;
    const departmentId = filter.departmentId ?? null;
    const rows = await this.store.db.selectFrom('rectifications').selectAll()
      .$if(status !== null, (q) => q.where('status', '=', status as string))
      .$if(departmentId !== null, (q) => q.where('department_id', '=', departmentId as string))
      .orderBy('opened_at').orderBy('rectification_no').limit(limit).execute();
    return rows.map((r) => toRectification(r, now));
  }

  async rectification(rectificationNo: string, now: string) {
    const row = await this.store.db.selectFrom('rectifications').selectAll().where('rectification_no', '=', rectificationNo).executeTakeFirst();
    return row && toRectification(row, now);
  }
}

/** How many rows of the group meet the condition (summing 1s: PostgreSQL sums no booleans). */
function countWhere(eb: ExpressionBuilder<ReadModelTables, 'complaints'>, condition: Expression<SqlBool>) {
  return eb.fn.sum<number>(eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end());
}

/** The accountability actions of the given complaints, each complaint's in the order decided. */
async function actionsOf(tx: ReadModelDb, complaintNos: readonly string[]): Promise<Map<string, ActionRow[]>> {
  const byComplaint = new Map<string, ActionRow[]>();
  if (complaintNos.length === 0) return byComplaint;
  const rows = await tx.selectFrom('complaint_actions').select(['complaint_no', 'kind', 'staff_id', 'role', 'person'])
    .where('complaint_no', 'in', complaintNos).orderBy('complaint_no').orderBy('seq').execute();
  for (const row of rows) byComplaint.set(row.complaint_no, [...(byComplaint.get(row.complaint_no) ?? []), row]);
  return byComplaint;
}

function toComplaint(r: ComplaintRow, actionRows: readonly ActionRow[], now: string, today: LocalDate) {
  const actions = actionRows.map((a) => a.kind === 'return-staff' ? { kind: a.kind, staffId: a.staff_id }
    : a.kind === 'hold-accountable' ? { kind: a.kind, role: a.role, person: a.person } : { kind: a.kind, departmentId: r.department_id });
  const awaitingFeedback = r.feedback_by !== null && r.feedback_at === null;
  return {
    complaintNo: r.complaint_no, category: r.category, categoryLabel: r.category_label, channel: r.channel,
    target: { departmentId: r.department_id, windowId: r.window_id, staffId: r.staff_id, caseNo: r.case_no, itemCode: r.item_code },
    summary: r.summary, evidence: JSON.parse(r.evidence) as string[], status: r.status,
    filedAt: r.filed_at, ageDays: ageInDays(r.filed_date, today),
    acceptedAt: r.accepted_at, declinedAt: r.declined_at, declineReason: r.decline_reason,
    investigator: r.investigator, investigationStartedAt: r.investigation_started_at,
    concludedAt: r.concluded_at, substantiated: r.substantiated === null ? null : Number(r.substantiated) === 1, findings: r.findings,
    workingDaysToConclusion: r.working_days_to_conclusion, actions,
    feedbackBy: r.feedback_by, feedbackAt: r.feedback_at, feedbackLate: r.feedback_late === null ? null : Number(r.feedback_late) === 1,
    /** Awaiting feedback past its deadline, as of now. */
    feedbackOverdue: awaitingFeedback && (r.feedback_by as string) < now,
  };
}

function ageInDays(filedDate: string, today: LocalDate): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${filedDate}T00:00:00Z`)) / 86_400_000);
}

function round2(x: number | null): number | null {
  return x === null ? null : Math.round(Number(x) * 100) / 100;
}

function toRectification(r: Selectable<ComplaintTables['rectifications']>, now: string) {
  return {
    rectificationNo: r.rectification_no, caseNo: r.case_no, departmentId: r.department_id, windowId: r.window_id,
    level: r.level, comment: r.comment, status: r.status, openedAt: r.opened_at, answerBy: r.answer_by,
    answeredAt: r.answered_at, answer: r.answer, late: r.late === null ? null : Number(r.late) === 1,
    unansweredOverdue: r.status === 'awaiting-answer' && r.answer_by < now,
  };
}
