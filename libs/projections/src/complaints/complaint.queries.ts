import { addDays, COMPLAINT_CATEGORIES, ComplaintCategory, LocalDate, shanghaiDateOf } from '@gov/domain';
import type { ReadModelDb } from '../read-model-db';
import type { Period } from '../stats/case-figures';

/** Statuses of a complaint not yet concluded or declined: the discipline window's open files. */
export const OPEN_COMPLAINT_STATUSES = ['filed', 'accepted', 'investigating'] as const;

/** Age bands of open complaints, in calendar days since the day of filing. */
const AGE_BANDS: readonly { band: string; min: number; max: number }[] = [
  { band: '0-7', min: 0, max: 7 }, { band: '8-21', min: 8, max: 21 }, { band: '22-30', min: 22, max: 30 }, { band: '31+', min: 31, max: Infinity },
];

type Row = Record<string, string | number | null>;

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

export class ComplaintQueries {
  constructor(private readonly db: ReadModelDb) {}

  list(filter: ComplaintFilter, now: string, limit: number) {
    const today = shanghaiDateOf(now);
    const status = filter.status ?? 'open';
    const statuses = status === 'open' ? [...OPEN_COMPLAINT_STATUSES] : status === 'all' ? null : [status];
    const filedBy = filter.minAgeDays === undefined ? null : addDays(today, -filter.minAgeDays);
    const rows = this.db.prepare<[string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, number], Row>(
      `SELECT * FROM complaints WHERE (? IS NULL OR status IN (SELECT value FROM json_each(?)))
       AND (? IS NULL OR category = ?) AND (? IS NULL OR department_id = ?) AND (? IS NULL OR filed_date <= ?)
       ORDER BY filed_at, complaint_no LIMIT ?`,
    ).all(statuses && JSON.stringify(statuses), statuses && JSON.stringify(statuses), filter.category ?? null, filter.category ?? null,
      filter.departmentId ?? null, filter.departmentId ?? null, filedBy, filedBy, limit) as Row[];
    return rows.map((r) => this.toComplaint(r, now, today));
  }

  one(complaintNo: string, now: string) {
    const row = this.db.prepare<[string], Row>('SELECT * FROM complaints WHERE complaint_no = ?').get(complaintNo);
    return row && this.toComplaint(row, now, shanghaiDateOf(now));
  }

  /** The discipline window's own read model: who complained, sealed (the endpoint opens it). Nothing else reads `complainants`. */
  complainant(complaintNo: string) {
    const row = this.db.prepare<[string], Row>('SELECT * FROM complainants WHERE complaint_no = ?').get(complaintNo);
    return row && {
      complaintNo, kind: row.kind as 'named' | 'anonymous' | 'system', personId: row.person_id as string | null, sealed: row.sealed as string | null,
      trigger: row.trigger as string | null,
    };
  }

  /** Open complaints now, by category, by department and by age. */
  openSummary(now: string) {
    const today = shanghaiDateOf(now);
    const open = this.db.prepare<[], { category: string; department_id: string; filed_date: string }>(
      `SELECT category, department_id, filed_date FROM complaints WHERE status IN ('filed', 'accepted', 'investigating')`).all();
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
  actions(period: Period) {
    return this.db.prepare<[string, string], Row>(
      `SELECT a.*, c.category FROM complaint_actions a JOIN complaints c USING (complaint_no)
       WHERE a.concluded_date BETWEEN ? AND ? ORDER BY a.concluded_at, a.complaint_no, a.seq`).all(period.from, period.to)
      .map((r) => ({
        complaintNo: r.complaint_no as string, category: r.category as string, kind: r.kind as string, departmentId: r.department_id as string,
        staffId: r.staff_id, role: r.role, person: r.person, concludedAt: r.concluded_at as string,
      }));
  }

  /** Working days from filing to conclusion of the complaints concluded in the period, overall and per department. */
  timeToConclusion(period: Period) {
    const rows = this.db.prepare<[string, string], { department_id: string; n: number; avg: number | null; max: number | null }>(
      `SELECT department_id, COUNT(*) AS n, AVG(working_days_to_conclusion) AS avg, MAX(working_days_to_conclusion) AS max
       FROM complaints WHERE concluded_date BETWEEN ? AND ? GROUP BY department_id ORDER BY department_id`).all(period.from, period.to);
    const all = this.db.prepare<[string, string], { n: number; avg: number | null; max: number | null }>(
      `SELECT COUNT(*) AS n, AVG(working_days_to_conclusion) AS avg, MAX(working_days_to_conclusion) AS max
       FROM complaints WHERE concluded_date BETWEEN ? AND ?`).get(period.from, period.to) as { n: number; avg: number | null; max: number | null };
    return {
      concluded: all.n, averageWorkingDays: round2(all.avg), maxWorkingDays: all.max,
      departments: rows.map((r) => ({ departmentId: r.department_id, concluded: r.n, averageWorkingDays: round2(r.avg), maxWorkingDays: r.max })),
    };
  }

  /** Complaint figures per department (README: "Complaints and window staff"). */
  figuresByDepartment(period: Period, now: string): Map<string, DepartmentComplaintFigures> {
    const p = { from: period.from, to: period.to, now };
    const rows = this.db.prepare<typeof p, Row>(`
      SELECT department_id,
        SUM(filed_date BETWEEN @from AND @to) AS filed,
        SUM(filed_date BETWEEN @from AND @to AND status IN ('filed', 'accepted', 'investigating')) AS open,
        SUM(declined_in_period) AS declined,
        SUM(concluded_date BETWEEN @from AND @to) AS concluded,
        SUM(concluded_date BETWEEN @from AND @to AND substantiated = 1) AS substantiated,
        AVG(CASE WHEN concluded_date BETWEEN @from AND @to THEN working_days_to_conclusion END) AS avg_days,
        SUM(feedback_late = 1 AND feedback_date BETWEEN @from AND @to) AS feedback_late,
        SUM(filed_date BETWEEN @from AND @to AND feedback_by IS NOT NULL AND feedback_at IS NULL AND feedback_by < @now) AS feedback_overdue
      FROM (SELECT *, ${SHANGHAI_DATE('declined_at')} BETWEEN @from AND @to AS declined_in_period, ${SHANGHAI_DATE('feedback_at')} AS feedback_date FROM complaints)
      GROUP BY department_id`).all(p);
    const actions = this.db.prepare<[string, string], { department_id: string; kind: string; n: number }>(
      `SELECT department_id, kind, COUNT(*) AS n FROM complaint_actions WHERE concluded_date BETWEEN ? AND ? GROUP BY department_id, kind`)
      .all(period.from, period.to);
    const actionCount = (departmentId: string, kind: string) => actions.find((a) => a.department_id === departmentId && a.kind === kind)?.n ?? 0;
    return new Map(rows.map((r) => {
      const id = r.department_id as string;
      const n = (key: string) => Number(r[key] ?? 0);
      return [id, {
        departmentId: id, filed: n('filed'), open: n('open'), declined: n('declined'), concluded: n('concluded'), substantiated: n('substantiated'),
        notSubstantiated: n('concluded') - n('substantiated'), averageWorkingDaysToConclusion: round2(r.avg_days as number | null),
        admonitions: actionCount(id, 'admonish-department'), staffReturned: actionCount(id, 'return-staff'),
        personsHeldAccountable: actionCount(id, 'hold-accountable'), feedbackLate: n('feedback_late'), feedbackOverdue: n('feedback_overdue'),
      }];
    }));
  }

  /** Rectifications of bad ratings, oldest first; `unansweredOverdue` flags those past their deadline without an answer, as of now. */
  rectifications(filter: { status?: string; departmentId?: string }, now: string, limit: number) {
    return this.db.prepare<[string | null, string | null, string | null, string | null, number], Row>(
      `SELECT * FROM rectifications WHERE (? IS NULL OR status = ?) AND (? IS NULL OR department_id = ?) ORDER BY opened_at, rectification_no LIMIT ?`)
      .all(filter.status ?? null, filter.status ?? null, filter.departmentId ?? null, filter.departmentId ?? null, limit).map((r) => toRectification(r, now));
  }

  rectification(rectificationNo: string, now: string) {
    const row = this.db.prepare<[string], Row>('SELECT * FROM rectifications WHERE rectification_no = ?').get(rectificationNo);
    return row && toRectification(row, now);
  }

  private toComplaint(r: Row, now: string, today: LocalDate) {
    const actions = this.db.prepare<[string], Row>('SELECT kind, staff_id, role, person FROM complaint_actions WHERE complaint_no = ? ORDER BY seq')
      .all(r.complaint_no as string)
      .map((a) => a.kind === 'return-staff' ? { kind: a.kind, staffId: a.staff_id }
        : a.kind === 'hold-accountable' ? { kind: a.kind, role: a.role, person: a.person } : { kind: a.kind, departmentId: r.department_id });
    const awaitingFeedback = r.feedback_by !== null && r.feedback_at === null;
    return {
      complaintNo: r.complaint_no as string, category: r.category as string, categoryLabel: r.category_label as string, channel: r.channel as string,
      target: { departmentId: r.department_id, windowId: r.window_id, staffId: r.staff_id, caseNo: r.case_no, itemCode: r.item_code },
      summary: r.summary as string, evidence: JSON.parse(r.evidence as string) as string[], status: r.status as string,
      filedAt: r.filed_at as string, ageDays: ageInDays(r.filed_date as string, today),
      acceptedAt: r.accepted_at, declinedAt: r.declined_at, declineReason: r.decline_reason,
      investigator: r.investigator, investigationStartedAt: r.investigation_started_at,
      concludedAt: r.concluded_at, substantiated: r.substantiated === null ? null : r.substantiated === 1, findings: r.findings,
      workingDaysToConclusion: r.working_days_to_conclusion, actions,
      feedbackBy: r.feedback_by, feedbackAt: r.feedback_at, feedbackLate: r.feedback_late === null ? null : r.feedback_late === 1,
      /** Awaiting feedback past its deadline, as of now. */
      feedbackOverdue: awaitingFeedback && (r.feedback_by as string) < now,
    };
  }
}

/** The Shanghai day of a stored UTC instant, in SQL (UTC+8, no daylight saving). */
const SHANGHAI_DATE = (column: string) => `date(${column}, '+8 hours')`;

function ageInDays(filedDate: string, today: LocalDate): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${filedDate}T00:00:00Z`)) / 86_400_000);
}

function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}

function toRectification(r: Row, now: string) {
  return {
    rectificationNo: r.rectification_no as string, caseNo: r.case_no as string, departmentId: r.department_id as string, windowId: r.window_id,
    level: r.level as string, comment: r.comment, status: r.status as string, openedAt: r.opened_at as string, answerBy: r.answer_by as string,
    answeredAt: r.answered_at, answer: r.answer, late: r.late === null ? null : r.late === 1,
    unansweredOverdue: r.status === 'awaiting-answer' && (r.answer_by as string) < now,
  };
}
