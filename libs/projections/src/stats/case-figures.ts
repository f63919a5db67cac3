import { endOfShanghaiDay, LocalDate } from '@gov/domain';
import { oneIf, type DialectSql, type ReadModelDialect } from '../store/dialect-sql';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import { CLOCK_AS_OF, DAY_FIGURE_COLUMNS, EXACT_COUNTS, openBeyondFive, PAST_AS_OF, settledAt, SETTLED_COUNTS, SUB_CENTER_KEY_PREFIX, SUSPENDED_SINCE_AS_OF } from './case-day-figures';
import type { CaseFigures } from './case-figures.types';
import { NamedStatements } from './named-statements';

export type { CaseFigures } from './case-figures.types';

/*
 * The period is [from, to] in Asia/Shanghai days. The cohort is the cases *received* in the
 * period (by the day of receipt), minus those refused acceptance (不予受理); their states are
 * taken as of the end of `to` (or now, for overdue, when the period has not ended yet). Fees are
 * counted by the day they were paid.
 */

export interface Counts {
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
  open_past_five: number;
}

export type Scope = { readonly kind: 'center' } | { readonly kind: 'department' | 'window'; readonly id: string };

export interface Period {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

type Params = { from: string; to: string; end: string; asOf: string; scopeId: string | null };
type GroupRow = { group_id: string | null } & Record<string, number>;

function caseScope(scope: Scope): string {
  if (scope.kind === 'department') return ' AND c.department_id = @scopeId';
  if (scope.kind === 'window') return ' AND c.window_id = @scopeId';
  return '';
}

function totalsScope(scope: Scope): string {
  if (scope.kind === 'department') return ' AND department_id = @scopeId';
  if (scope.kind === 'window') return ' AND window_key = @scopeId';
  return '';
}

/**
 * How a read groups its figures: not at all (one scope), by department, or by sub-center (a
 * sub-center's own cases, whose day sums are kept under its place key: placeKey). Each says how
 * the day sums and fee totals (`sums`) and the case rows (`cases`) are selected and grouped.
 */
type Grouping = 'none' | 'department' | 'subCenter';
/** The sub-centers' keys as a range of the key's index: from 'sub-center:' up to 'sub-center;' (';' follows ':'). */
const SUB_CENTER_KEYS = ` AND window_key >= '${SUB_CENTER_KEY_PREFIX}' AND window_key < '${SUB_CENTER_KEY_PREFIX.slice(0, -1)};'`;
const GROUPINGS: Record<Grouping, { readonly sums: { id: string; where: string; groupBy: string }; readonly cases: { id: string; where: string; groupBy: string } }> = {
  none: { sums: { id: 'NULL', where: '', groupBy: '' }, cases: { id: 'NULL', where: '', groupBy: '' } },
  department: {
    sums: { id: 'department_id', where: '', groupBy: ' GROUP BY department_id ORDER BY department_id' },
    cases: { id: 'c.department_id', where: '', groupBy: ' GROUP BY c.department_id' },
  },
  subCenter: {
    sums: { id: `substr(window_key, ${SUB_CENTER_KEY_PREFIX.length + 1})`, where: SUB_CENTER_KEYS, groupBy: ' GROUP BY window_key' },
    cases: { id: 'c.sub_center_id', where: ' AND c.sub_center_id IS NOT NULL', groupBy: ' GROUP BY c.sub_center_id' },
  },
};

/**
 * Planner hints SQLite needs and PostgreSQL neither needs nor parses, chosen here only: the
 * corrections walk the period's days first (CROSS JOIN keeps the left side outside), the open
 * overdue cases are counted from the open cases' index alone.
 */
const PLAN: Record<ReadModelDialect, { readonly daysThenCases: string; readonly openCases: string }> = {
  sqlite: { daysThenCases: 'CROSS JOIN', openCases: 'cases AS c INDEXED BY cases_open_received' },
  postgres: { daysThenCases: 'JOIN', openCases: 'cases AS c' },
};

/** The four queries of a figures read, per dialect and shape (scope, by department). */
const totalsQueries = new NamedStatements<Params>();
const correctionsQueries = new NamedStatements<Params>();
const openOverdueQueries = new NamedStatements<Params>();
const feesQueries = new NamedStatements<Params>();

/**
 * The figures of a period are the per-day sums of case_day_figures (every case counted as it
 * stands now), corrected for the few cases of the period with a moment after its end (or
 * after `now`), which are evaluated one by one with the definitions, plus the cases still
 * open whose due time had passed by then. Fees come from the per-day totals. The result is
 * the same as evaluating every case of the period (README, "Reported figures") — without
 * reading every case of the period.
 */
export class CaseFiguresQuery {
  constructor(private readonly store: ReadModelStore) {}

  /** `now` bounds "overdue" for a period that has not ended yet. */
  figures(period: Period, scope: Scope, now: string): Promise<CaseFigures> {
    return this.snapshot((snapshot) => snapshot.figures(period, scope, now));
  }

  /** The same figures for every department that received cases in the period. */
  figuresByDepartment(period: Period, now: string): Promise<Map<string, CaseFigures>> {
    return this.snapshot((snapshot) => snapshot.figuresByDepartment(period, now));
  }

  /**
   * Runs `work` on one snapshot of the read models, a read transaction: every figure it reads,
   * and every query it runs on `snapshot.tx`, sees the same rows, so a report's center and its
   * departments (or a hall board's figures and places) add up even while the projector writes.
   * It only reads: the projector keeps the day sums with each batch (case-day-figures.ts).
   */
  snapshot<T>(work: (snapshot: FiguresSnapshot) => Promise<T>): Promise<T> {
    return this.store.read((tx) => work(snapshotOn(tx, this.store.sql)));
  }
}

/** The figures, read in one transaction (CaseFiguresQuery.snapshot). */
export interface FiguresSnapshot {
  /** The snapshot's transaction, for other queries that must see the same rows. */
  readonly tx: ReadModelDb;
  figures(period: Period, scope: Scope, now: string): Promise<CaseFigures>;
  figuresByDepartment(period: Period, now: string): Promise<Map<string, CaseFigures>>;
  /** The same figures for every sub-center that received cases in the period (its own cases: channel sub-center). */
  figuresBySubCenter(period: Period, now: string): Promise<Map<string, CaseFigures>>;
}

function snapshotOn(tx: ReadModelDb, sql: DialectSql): FiguresSnapshot {
  return {
    tx,
    figures: async (period, scope, now) => (await byGroup(tx, sql, period, scope, now, 'none')).get(null) ?? toFigures(emptyCounts(), 0, 0),
    figuresByDepartment: async (period, now) => (await byGroup(tx, sql, period, { kind: 'center' }, now, 'department')) as Map<string, CaseFigures>,
    figuresBySubCenter: async (period, now) => (await byGroup(tx, sql, period, { kind: 'center' }, now, 'subCenter')) as Map<string, CaseFigures>,
  };
}

function byGroup(tx: ReadModelDb, sql: DialectSql, period: Period, scope: Scope, now: string, grouping: Grouping): Promise<Map<string | null, CaseFigures>> {
  // A window named like a sub-center's key (placeKey) is none: its sums would be the sub-center's, without their corrections.
  if (scope.kind === 'window' && scope.id.startsWith(SUB_CENTER_KEY_PREFIX)) return Promise.resolve(new Map([[null, emptyFigures()]]));
  const end = endOfShanghaiDay(period.to);
  const params: Params = {
    from: period.from, to: period.to, end, asOf: now < end ? now : end,
    scopeId: scope.kind === 'center' ? null : scope.id,
  };
  return read(tx, sql, params, scope, grouping);
}

async function read(tx: ReadModelDb, sql: DialectSql, params: Params, scope: Scope, grouping: Grouping): Promise<Map<string | null, CaseFigures>> {
  const shape = `${sql.dialect}:${scope.kind}:${grouping}`;
  const plan = PLAN[sql.dialect];
  const { sums, cases } = GROUPINGS[grouping];
  const totals = await totalsQueries.get(shape, () => `SELECT ${sums.id} AS group_id, ${DAY_FIGURE_COLUMNS.map((name) => `SUM(${name}) AS ${name}`).join(', ')}
    FROM case_day_figures WHERE received_date BETWEEN @from AND @to${totalsScope(scope)}${sums.where}${sums.groupBy}`).rows<GroupRow>(tx, params);
  // The period's cases with a moment after asOf (≤ the end): one index seek per day of receipt, then only those cases.
  const corrections = await correctionsQueries.get(shape, () => `SELECT ${cases.id} AS group_id,
    ${EXACT_COUNTS('exact_')}, ${SETTLED_COUNTS('settled_')},
    ${openBeyondFive(CLOCK_AS_OF('five_at'), SUSPENDED_SINCE_AS_OF)} AS exact_open_past_five
    FROM (SELECT DISTINCT received_date AS day FROM case_day_figures WHERE received_date BETWEEN @from AND @to) AS days
    ${plan.daysThenCases} cases AS c ON c.received_date = days.day AND ${settledAt(sql)} > @asOf
    WHERE true${caseScope(scope)}${cases.where}${cases.groupBy}`).rows<GroupRow>(tx, params);
  // Still open at asOf (no moment after it, so its clock is as it stood then) and past due by then — or, its clock standing,
  // by the moment it stopped: from the index of the open cases.
  // Open cases past 5 working days likewise (the 5th working day's end, five_at, in place of the due time).
  const openOverdue = await openOverdueQueries.get(shape, () => `SELECT ${cases.id} AS group_id,
      COALESCE(SUM(${oneIf(PAST_AS_OF('c.due_at', 'c.suspended_since'))}), 0) AS n,
      COALESCE(SUM(${oneIf(`c.category = 'promised' AND c.special_procedure = 0 AND ${PAST_AS_OF('c.five_at', 'c.suspended_since')}`)}), 0) AS past_five
    FROM ${plan.openCases}
    WHERE c.completed_at IS NULL AND c.withdrawn_at IS NULL AND c.not_accepted_at IS NULL
      AND ${settledAt(sql)} <= @asOf
      AND c.received_date BETWEEN @from AND @to${caseScope(scope)}${cases.where}${cases.groupBy}`)
    .rows<{ group_id: string | null; n: number; past_five: number }>(tx, params);
  const fees = await feesQueries.get(shape, () => `SELECT ${sums.id} AS group_id, SUM(fen) AS fen FROM fee_day_totals
    WHERE paid_date BETWEEN @from AND @to${totalsScope(scope)}${sums.where}${sums.groupBy}`).rows<{ group_id: string | null; fen: number | null }>(tx, params);

  const counts = new Map<string | null, Record<string, number>>();
  const of = (key: string | null) => {
    let c = counts.get(key);
    if (!c) counts.set(key, (c = Object.fromEntries(DAY_FIGURE_COLUMNS.map((name) => [name, 0]))));
    return c;
  };
  for (const row of totals) {
    if (row.received === null) continue; // no day rows at all (an aggregate without GROUP BY still answers one row)
    const c = of(row.group_id);
    for (const name of DAY_FIGURE_COLUMNS) c[name] += Number(row[name] ?? 0);
  }
  for (const row of corrections) {
    if (row.exact_received === null) continue;
    const c = of(row.group_id);
    for (const name of DAY_FIGURE_COLUMNS) c[name] += Number(row[`exact_${name}`] ?? 0) - Number(row[`settled_${name}`] ?? 0);
    c.open_past_five = (c.open_past_five ?? 0) + Number(row.exact_open_past_five ?? 0);
  }
  for (const row of openOverdue) {
    if (Number(row.n) > 0) of(row.group_id).overdue += Number(row.n);
    if (Number(row.past_five) > 0) of(row.group_id).open_past_five = (of(row.group_id).open_past_five ?? 0) + Number(row.past_five);
  }
  const fen = new Map(fees.filter((row) => row.fen !== null).map((row) => [row.group_id, Number(row.fen)]));

  const result = new Map<string | null, CaseFigures>();
  if (grouping === 'none') {
    const c = counts.get(null);
    result.set(null, c ? toFigures(c as unknown as Counts, c.not_accepted, fen.get(null) ?? 0) : toFigures(emptyCounts(), 0, fen.get(null) ?? 0));
    return result;
  }
  // As the figures of each department (or sub-center) were always listed: those with cases in the cohort, then those
  // with only cases refused acceptance, then those with only fees, each by department id.
  const ids = [...new Set([...counts.keys(), ...fen.keys()])].sort((a, b) => ((a as string) < (b as string) ? -1 : a === b ? 0 : 1));
  const ordered = [
    ...ids.filter((id) => (counts.get(id)?.received ?? 0) > 0),
    ...ids.filter((id) => (counts.get(id)?.received ?? 0) === 0 && (counts.get(id)?.not_accepted ?? 0) > 0),
    ...ids.filter((id) => (counts.get(id)?.received ?? 0) === 0 && (counts.get(id)?.not_accepted ?? 0) === 0 && fen.has(id)),
  ];
  for (const id of ordered) {
    const c = counts.get(id);
    result.set(id, c ? toFigures(c as unknown as Counts, c.not_accepted, fen.get(id) ?? 0) : toFigures(emptyCounts(), 0, fen.get(id) ?? 0));
  }
  return result;
}

/** The figures of a place with no case and no fee in the period. */
export function emptyFigures(): CaseFigures {
  return toFigures(emptyCounts(), 0, 0);
}

function emptyCounts(): Counts {
  return { received: 0, completed: 0, immediate: 0, promised: 0, promised_completed: 0, completed_early: 0,
    withdrawn: 0, special: 0, overdue: 0, five_day_base: 0, within_five: 0, five_day_days: null, rated: 0, satisfied: 0, open_past_five: 0 };
}

/** A share as a fraction rounded to 4 decimals; null when nothing is there to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** The figures of a place from its counts (the sums' columns, open_past_five included), its cases refused acceptance and its fees. */
export function toFigures(c: Counts, notAccepted: number, feesCollected: number): CaseFigures {
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
    openBeyondFiveWorkingDays: c.open_past_five ?? 0,
    withinFiveWorkingDaysRateIncludingOpenLate: ratio(c.within_five, c.five_day_base + (c.open_past_five ?? 0)),
    averageWorkingDays: c.five_day_base === 0 ? null : Math.round(((c.five_day_days ?? 0) / c.five_day_base) * 100) / 100,
    rated: c.rated,
    satisfactionRate: ratio(c.satisfied, c.rated),
    feesCollected,
  };
}
