import { SATISFIED_LEVELS } from '@gov/domain';
import { oneIf, type DialectSql, type ReadModelDialect } from '../store/dialect-sql';
import type { ReadModelDb } from '../store/read-model-store';
import { Statement } from '../store/statement';
import { NamedStatements } from './named-statements';

/**
 * The day figures: per day of receipt, department and window, the counts of the figures
 * (README, "Reported figures") over the cases as they stand now (`case_day_figures`). For a
 * case whose every moment that the figures compare with the end of a period (completion,
 * withdrawal, special handling, rating, refusal of acceptance) lies before that end, its
 * counts in the period are its counts now, except "overdue" while it is still open — so the
 * figures of a period are these sums, corrected case by case for the few cases with a moment
 * after its end (CaseFiguresQuery).
 *
 * The projector keeps them: each batch takes the counts of the cases it changes out of their
 * sums before it writes their rows, and adds them back after (`moveDayFigures`), in the batch's
 * transaction, so a figures query only reads. A replay builds them all at its end instead
 * (`rebuildDayFigures`), having marked every day in `case_day_figures_dirty` first: should it
 * die before its end, the projector sums the marked days as it next starts (`refreshDayFigures`).
 *
 * Moments are ISO text compared as text: in PostgreSQL that needs the C collation (the test
 * server's; production's database must use it too).
 */

/**
 * The latest of those moments for a case row, '' when none happened yet; indexed as an expression.
 * The clock's last change counts too (`clock_at`): a case whose due time or suspension changed
 * after the end of a period is evaluated as its clock stood then (case_clock), not as it stands.
 */
export function settledAt(sql: DialectSql): string {
  return sql.greatest(...['completed_at', 'withdrawn_at', 'special_at', 'rated_at', 'not_accepted_at', 'clock_at'].map((column) => `coalesce(${column}, '')`));
}

/**
 * The place that received a case, the day sums' third key (column `window_key`): its window; for a
 * sub-center's own case, which has no window, 'sub-center:' and the sub-center's id; '' for none
 * (online, the portal). So a sub-center's figures are sums too, like a window's.
 */
export const SUB_CENTER_KEY_PREFIX = 'sub-center:';
export const PLACE_KEY = `COALESCE(window_id, '${SUB_CENTER_KEY_PREFIX}' || sub_center_id, '')`;
export function placeKey(windowId: string | null, subCenterId: string | null): string {
  return windowId ?? (subCenterId === null ? '' : SUB_CENTER_KEY_PREFIX + subCenterId);
}

/** A dirty mark with this day means: sum every day again (set during a replay, see CaseProjection). */
export const ALL_DAYS_DIRTY = '';

const COUNT_NAMES = ['received', 'completed', 'immediate', 'promised', 'promised_completed', 'completed_early',
  'withdrawn', 'special', 'overdue', 'five_day_base', 'within_five', 'five_day_days', 'rated', 'satisfied'] as const;
type CountName = (typeof COUNT_NAMES)[number];

const SATISFIED = SATISFIED_LEVELS.map((level) => `'${level}'`).join(', ');
const OPEN_AT_AS_OF = '(completed_at IS NULL OR completed_at > @asOf) AND (withdrawn_at IS NULL OR withdrawn_at > @asOf)';

/**
 * Each figure as a sum over case rows. `by(column)` says whether a moment counts: by the end
 * of the period (`column <= @end`, the definition) or at all (`column IS NOT NULL`, which is
 * the same for a case whose every moment lies before the end: what case_day_figures sums).
 */
function countColumns(by: (column: string) => string, overdue: string, prefix = ''): string {
  const cohort = `(not_accepted_at IS NULL OR NOT ${by('not_accepted_at')})`;
  const completed = by('completed_at');
  const fiveDay = `category = 'promised' AND special_procedure = 0 AND ${completed}`;
  const sum = (condition: string) => `COALESCE(SUM(${oneIf(`${cohort} AND ${condition}`)}), 0)`;
  const columns: Record<CountName, string> = {
    received: `COALESCE(SUM(${oneIf(cohort)}), 0)`,
    completed: sum(completed),
    immediate: sum(`category = 'immediate'`),
    promised: sum(`category = 'promised'`),
    promised_completed: sum(`category = 'promised' AND ${completed}`),
    completed_early: sum(`category = 'promised' AND ${completed} AND early = 1`),
    withdrawn: sum(by('withdrawn_at')),
    special: sum(by('special_at')),
    overdue: sum(`(${overdue})`),
    five_day_base: sum(fiveDay),
    within_five: sum(`${fiveDay} AND working_days_taken <= 5`),
    five_day_days: `COALESCE(SUM(CASE WHEN ${cohort} AND ${fiveDay} THEN working_days_taken END), 0)`,
    rated: sum(by('rated_at')),
    satisfied: sum(`${by('rated_at')} AND rating IN (${SATISFIED})`),
  };
  return [...COUNT_NAMES.map((name) => `${columns[name]} AS ${prefix}${name}`),
    `COALESCE(SUM(${oneIf(by('not_accepted_at'))}), 0) AS ${prefix}not_accepted`].join(',\n  ');
}

const BY_END = (column: string) => `${column} <= @end`;
const AT_ALL = (column: string) => `${column} IS NOT NULL`;
/**
 * A column of the case's clock as it stood at @asOf: the row's own when its clock has not changed
 * since, else the last change of it recorded at or before then (case_clock; the case row is `c`).
 */
export const CLOCK_AS_OF = (column: 'due_at' | 'five_at') => `(CASE WHEN coalesce(c.clock_at, '') <= @asOf THEN c.${column}
  ELSE (SELECT k.${column} FROM case_clock AS k
    WHERE k.case_no = c.case_no AND k.at <= @asOf AND k.${column} IS NOT NULL ORDER BY k.at DESC, k.position DESC LIMIT 1) END)`;
/** When the case's clock stopped, if it stood at @asOf; null when it ran. */
export const SUSPENDED_SINCE_AS_OF = `(CASE WHEN coalesce(c.clock_at, '') <= @asOf THEN c.suspended_since
  ELSE (SELECT CASE WHEN k.suspended = 1 THEN k.at END FROM case_clock AS k
    WHERE k.case_no = c.case_no AND k.at <= @asOf AND k.suspended IS NOT NULL ORDER BY k.at DESC, k.position DESC LIMIT 1) END)`;
/**
 * Past a moment of the clock at @asOf: a running clock passes it at @asOf, a standing one at the
 * moment it stopped (a suspended case is overdue only if its due time passed before it stopped).
 */
export const PAST_AS_OF = (moment: string, suspendedSince: string) => `${moment} < COALESCE(${suspendedSince}, @asOf)`;

/** The figures' definitions, for a case as of the end of the period (overdue: as of `asOf`); parameters @end, @asOf. */
export const EXACT_COUNTS = (prefix = '') =>
  countColumns(BY_END, `(completed_at <= @asOf AND late = 1) OR (${OPEN_AT_AS_OF} AND ${PAST_AS_OF(CLOCK_AS_OF('due_at'), SUSPENDED_SINCE_AS_OF)})`, prefix);
/**
 * What case_day_figures holds for a case: the same with every moment counted, except the
 * overdue cases still open, which depend on the moment asked about (counted per query).
 */
export const SETTLED_COUNTS = (prefix = '') => countColumns(AT_ALL, 'completed_at IS NOT NULL AND late = 1', prefix);

export const DAY_FIGURE_COLUMNS: readonly string[] = [...COUNT_NAMES, 'not_accepted'];

/** Above this many dirty (day, department, window) sums, one pass over every case is cheaper than one look-up each. */
const FULL_REBUILD_BUCKETS = 3000;

/** One day's sums: its day of receipt, department and place (placeKey). */
export type DayKey = { received_date: string; department_id: string; window_key: string };

/*
 * A refresh removes a dirty mark before it sums its cases again; the projector refreshes in a
 * transaction that holds its checkpoint's lock (Projector.settle), so two never sum one day at
 * once, and a mark another one summed since is skipped.
 */
const dirtyKeys = new Statement<{ limit: number }>((db, p) => db.selectFrom('case_day_figures_dirty')
  .select(['received_date', 'department_id', 'window_key']).orderBy('received_date').limit(p('limit')));
const unmark = new Statement<DayKey>((db, p) => db.deleteFrom('case_day_figures_dirty')
  .where('received_date', '=', p('received_date')).where('department_id', '=', p('department_id')).where('window_key', '=', p('window_key')));
const removeDay = new Statement<DayKey>((db, p) => db.deleteFrom('case_day_figures')
  .where('received_date', '=', p('received_date')).where('department_id', '=', p('department_id')).where('window_key', '=', p('window_key')));
const unmarkAll = new Statement<Record<string, never>>((db) => db.deleteFrom('case_day_figures_dirty'));
const removeAll = new Statement<Record<string, never>>((db) => db.deleteFrom('case_day_figures'));
const sumDays = new NamedStatements<DayKey>();
const sumAllDays = new NamedStatements<Record<string, never>>();

/** Sums case_day_figures again for every (day, department, window) marked dirty; all of it when that is cheaper. */
export async function refreshDayFigures(tx: ReadModelDb, sql: DialectSql): Promise<void> {
  const dirty = await dirtyKeys.rows<DayKey>(tx, { limit: FULL_REBUILD_BUCKETS + 1 });
  if (dirty.length === 0) return;
  if (dirty.length > FULL_REBUILD_BUCKETS || dirty[0].received_date === ALL_DAYS_DIRTY) {
    await rebuildDayFigures(tx, sql);
    return;
  }
  const sumDay = sumDays.get(sql.dialect, () => `${INSERT_DAY_FIGURES}
    WHERE received_date = @received_date AND department_id = @department_id
      AND ${PLACE_KEY} = @window_key
    GROUP BY received_date, department_id, ${windowGroup(sql)} ${UPSERT_DAY_FIGURES}`);
  for (const key of dirty) {
    // No mark left: another refresh summed it since we listed it.
    if ((await unmark.changes(tx, key)) === 0) continue;
    await removeDay.run(tx, key);
    await sumDay.run(tx, key);
  }
}

/** Every day's sums again from every case row: one pass in index order. */
export async function rebuildDayFigures(tx: ReadModelDb, sql: DialectSql): Promise<void> {
  await unmarkAll.run(tx, {});
  await removeAll.run(tx, {});
  await sumAllDays.get(sql.dialect, () =>
    `${INSERT_DAY_FIGURES} WHERE true GROUP BY received_date, department_id, ${windowGroup(sql)} ${UPSERT_DAY_FIGURES}`).run(tx, {});
}

/** The case numbers of a JSON array, as a table: each store's spelling. */
const LISTED_CASES: Record<ReadModelDialect, string> = {
  sqlite: 'SELECT value FROM json_each(@caseNos)',
  postgres: 'SELECT json_array_elements_text(CAST(@caseNos AS json))',
};
const moveDays = new NamedStatements<{ caseNos: string }>();

/**
 * Takes the counts of these cases' rows, as they stand, out of their day sums (`sign` -1) or
 * adds them in (1): one statement for a batch's cases. A batch takes its cases out before it
 * writes their rows and adds them back after, so the sums follow the rows exactly (each count is
 * a sum over rows, and a case's day, department and window never change) at the cost of the
 * batch's cases, where summing their days again would cost every case of those days (all of
 * them in the HTTP benchmark, which receives at one window).
 */
export async function moveDayFigures(tx: ReadModelDb, sql: DialectSql, caseNos: readonly string[], sign: 1 | -1): Promise<void> {
  if (caseNos.length === 0) return;
  const moved = moveDays.get(`${sql.dialect}:${sign}`, () => `INSERT INTO case_day_figures (received_date, department_id, window_key, ${DAY_FIGURE_COLUMNS.join(', ')})
    SELECT received_date, department_id, window_key, ${DAY_FIGURE_COLUMNS.map((name) => `${sign < 0 ? '-' : ''}${name}`).join(', ')}
    FROM (SELECT received_date, department_id, ${PLACE_KEY} AS window_key, ${SETTLED_COUNTS()}
      FROM cases WHERE case_no IN (${LISTED_CASES[sql.dialect]}) GROUP BY received_date, department_id, ${PLACE_KEY}) AS moved
    WHERE true ${UPSERT_DAY_FIGURES}`);
  await moved.run(tx, { caseNos: JSON.stringify(caseNos) });
}

/**
 * SQLite groups by the window id itself, in its index's order (then the sub-center), and the
 * upsert merges two groups of one key (a window id '' and no window); PostgreSQL refuses an
 * upsert that meets one row twice in a statement, so it groups by the key.
 */
function windowGroup(sql: DialectSql): string {
  return sql.dialect === 'sqlite' ? 'window_id, sub_center_id' : PLACE_KEY;
}

const INSERT_DAY_FIGURES = `INSERT INTO case_day_figures (received_date, department_id, window_key, ${DAY_FIGURE_COLUMNS.join(', ')})
  SELECT received_date, department_id, ${PLACE_KEY}, ${SETTLED_COUNTS()} FROM cases`;
const UPSERT_DAY_FIGURES = `ON CONFLICT (received_date, department_id, window_key) DO UPDATE SET
  ${DAY_FIGURE_COLUMNS.map((name) => `${name} = case_day_figures.${name} + excluded.${name}`).join(', ')}`;

/**
 * Cohort cases of promised items without special procedures still open at @asOf that had taken
 * more than 5 working days by then (`openBeyondFiveWorkingDays`): past the 5th working day's end
 * as their clock stood, a standing clock counted up to the moment it stopped. `mark` and
 * `suspendedSince` are the clock's columns as of @asOf.
 */
export function openBeyondFive(mark: string, suspendedSince: string): string {
  const cohort = '(not_accepted_at IS NULL OR NOT not_accepted_at <= @end)';
  return `COALESCE(SUM(${oneIf(`${cohort} AND category = 'promised' AND special_procedure = 0 AND ${OPEN_AT_AS_OF} AND ${PAST_AS_OF(mark, suspendedSince)}`)}), 0)`;
}
