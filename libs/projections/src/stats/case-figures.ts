import { endOfShanghaiDay, LocalDate, SATISFIED_LEVELS } from '@gov/domain';
import type { ReadModelDb } from '../read-model-db';

/**
 * The figures of the county's report, each computed from the case rows with one stated
 * definition (README, "Reported figures"). The period is [from, to] in Asia/Shanghai days.
 * The cohort is the cases *received* in the period (by the day of receipt), minus those
 * refused acceptance (不予受理); their states are taken as of the end of `to` (or now, for
 * overdue, when the period has not ended yet). Fees are counted by the day they were paid.
 */
export interface CaseFigures {
  readonly received: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly immediate: number;
  readonly immediateShare: number | null;
  readonly promised: number;
  readonly promisedShare: number | null;
  readonly promisedCompleted: number;
  readonly promisedCompletionRate: number | null;
  readonly completedEarly: number;
  readonly earlyCompletionRate: number | null;
  readonly pending: number;
  readonly pendingShare: number | null;
  readonly withdrawn: number;
  readonly notAccepted: number;
  readonly special: number;
  readonly overdue: number;
  readonly withinFiveWorkingDaysRate: number | null;
  readonly averageWorkingDays: number | null;
  readonly rated: number;
  readonly satisfactionRate: number | null;
  /** In fen (分). */
  readonly feesCollected: number;
}

export type Scope = { readonly kind: 'center' } | { readonly kind: 'department' | 'window'; readonly id: string };

export interface Period {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

interface Counts {
  group_id: string | null;
  received: number;
  completed: number;
  immediate: number;
  promised: number;
  promised_completed: number;
  completed_early: number;
  withdrawn: number;
  special: number;
  overdue: number;
  five_day_base: number;
  within_five: number;
  five_day_days: number | null;
  rated: number;
  satisfied: number;
}

const SATISFIED = SATISFIED_LEVELS.map((level) => `'${level}'`).join(', ');
const COMPLETED = 'completed_at <= @end';
const FIVE_DAY_COHORT = `category = 'promised' AND special_procedure = 0 AND ${COMPLETED}`;
const OPEN_AT_AS_OF = '(completed_at IS NULL OR completed_at > @asOf) AND (withdrawn_at IS NULL OR withdrawn_at > @asOf)';

const COUNTS = `
  COUNT(*) AS received,
  COALESCE(SUM(${COMPLETED}), 0) AS completed,
  COALESCE(SUM(category = 'immediate'), 0) AS immediate,
  COALESCE(SUM(category = 'promised'), 0) AS promised,
  COALESCE(SUM(category = 'promised' AND ${COMPLETED}), 0) AS promised_completed,
  COALESCE(SUM(category = 'promised' AND ${COMPLETED} AND early = 1), 0) AS completed_early,
  COALESCE(SUM(withdrawn_at <= @end), 0) AS withdrawn,
  COALESCE(SUM(special_at <= @end), 0) AS special,
  COALESCE(SUM((completed_at <= @asOf AND late = 1) OR (${OPEN_AT_AS_OF} AND due_at < @asOf)), 0) AS overdue,
  COALESCE(SUM(${FIVE_DAY_COHORT}), 0) AS five_day_base,
  COALESCE(SUM(${FIVE_DAY_COHORT} AND working_days_taken <= 5), 0) AS within_five,
  SUM(CASE WHEN ${FIVE_DAY_COHORT} THEN working_days_taken END) AS five_day_days,
  COALESCE(SUM(rated_at <= @end), 0) AS rated,
  COALESCE(SUM(rated_at <= @end AND rating IN (${SATISFIED})), 0) AS satisfied`;

const COHORT = `received_date BETWEEN @from AND @to AND (not_accepted_at IS NULL OR not_accepted_at > @end)`;

function scopeFilter(scope: Scope): string {
  if (scope.kind === 'department') return ' AND department_id = @scopeId';
  if (scope.kind === 'window') return ' AND window_id = @scopeId';
  return '';
}

export class CaseFiguresQuery {
  constructor(private readonly db: ReadModelDb) {}

  /** `now` bounds "overdue" for a period that has not ended yet. */
  figures(period: Period, scope: Scope, now: string): CaseFigures {
    return this.byGroup(period, scope, now, null).get(null) ?? toFigures(emptyCounts(), 0, 0);
  }

  /** The same figures for every department that received cases in the period. */
  figuresByDepartment(period: Period, now: string): Map<string, CaseFigures> {
    return this.byGroup(period, { kind: 'center' }, now, 'department_id') as Map<string, CaseFigures>;
  }

  private byGroup(period: Period, scope: Scope, now: string, groupColumn: string | null): Map<string | null, CaseFigures> {
    const end = endOfShanghaiDay(period.to);
    const params = {
      from: period.from, to: period.to, end, asOf: now < end ? now : end,
      scopeId: scope.kind === 'center' ? null : scope.id,
    };
    const group = groupColumn ? `${groupColumn} AS group_id` : 'NULL AS group_id';
    const groupBy = groupColumn ? ` GROUP BY ${groupColumn}` : '';
    const counts = this.db
      .prepare<typeof params, Counts>(`SELECT ${group}, ${COUNTS} FROM cases WHERE ${COHORT}${scopeFilter(scope)}${groupBy}`)
      .all(params);
    const notAccepted = this.db
      .prepare<typeof params, { group_id: string | null; n: number }>(
        `SELECT ${group}, COUNT(*) AS n FROM cases WHERE received_date BETWEEN @from AND @to AND not_accepted_at <= @end${scopeFilter(scope)}${groupBy}`)
      .all(params);
    const fees = this.db
      .prepare<typeof params, { group_id: string | null; fen: number }>(
        `SELECT ${group}, COALESCE(SUM(amount_fen), 0) AS fen FROM fee_payments WHERE paid_date BETWEEN @from AND @to${scopeFilter(scope)}${groupBy}`)
      .all(params);
    const keys = new Set<string | null>([...counts, ...notAccepted, ...fees].map((row) => row.group_id));
    if (!groupColumn) keys.add(null);
    const result = new Map<string | null, CaseFigures>();
    for (const key of keys) {
      result.set(key, toFigures(
        counts.find((row) => row.group_id === key) ?? emptyCounts(),
        notAccepted.find((row) => row.group_id === key)?.n ?? 0,
        fees.find((row) => row.group_id === key)?.fen ?? 0,
      ));
    }
    return result;
  }
}

function emptyCounts(): Counts {
  return { group_id: null, received: 0, completed: 0, immediate: 0, promised: 0, promised_completed: 0, completed_early: 0,
    withdrawn: 0, special: 0, overdue: 0, five_day_base: 0, within_five: 0, five_day_days: null, rated: 0, satisfied: 0 };
}

/** A share as a fraction rounded to 4 decimals; null when nothing is there to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function toFigures(c: Counts, notAccepted: number, feesCollected: number): CaseFigures {
  const pending = c.received - c.completed - c.withdrawn;
  return {
    received: c.received,
    completed: c.completed,
    completionRate: ratio(c.completed, c.received),
    immediate: c.immediate,
    immediateShare: ratio(c.immediate, c.received),
    promised: c.promised,
    promisedShare: ratio(c.promised, c.received),
    promisedCompleted: c.promised_completed,
    promisedCompletionRate: ratio(c.promised_completed, c.promised),
    completedEarly: c.completed_early,
    earlyCompletionRate: ratio(c.completed_early, c.promised_completed),
    pending,
    pendingShare: ratio(pending, c.received),
    withdrawn: c.withdrawn,
    notAccepted,
    special: c.special,
    overdue: c.overdue,
    withinFiveWorkingDaysRate: ratio(c.within_five, c.five_day_base),
    averageWorkingDays: c.five_day_base === 0 ? null : Math.round(((c.five_day_days ?? 0) / c.five_day_base) * 100) / 100,
    rated: c.rated,
    satisfactionRate: ratio(c.satisfied, c.rated),
    feesCollected,
  };
}
