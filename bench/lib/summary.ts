import type { BenchOutcome } from './report';
import { formatNumber, markdownTable, printTable } from './report';

/** The targets, each read from one named figure of one benchmark. */
interface Target {
  readonly target: string;
  readonly benchmark: BenchOutcome['name'];
  readonly figure: string;
  readonly label: string;
  readonly unit: string;
  readonly met: (value: number) => boolean;
}

const TARGETS: readonly Target[] = [
  { target: '≥ 5,000 commands/s over HTTP', benchmark: 'http', figure: 'closedCommandsPerSecond', label: 'closed loop, 64 connections', unit: 'commands/s', met: (v) => v >= 5000 },
  { target: 'p99 ≤ 25 ms at 2,000 commands/s open loop', benchmark: 'http', figure: 'open2000P99Ms', label: 'p99, evenly spaced arrivals', unit: 'ms', met: (v) => v <= 25 },
  { target: '≥ 5,000 commands/s over HTTP', benchmark: 'http', figure: 'clusteredClosedCommandsPerSecond', label: 'clustered engine (API_PROCESSES=2), closed loop', unit: 'commands/s', met: (v) => v >= 5000 },
  { target: 'p99 ≤ 25 ms at 2,000 commands/s open loop', benchmark: 'http', figure: 'clusteredOpen2000P99Ms', label: 'clustered engine (API_PROCESSES=2), p99', unit: 'ms', met: (v) => v <= 25 },
  { target: '≥ 5,000 single-event commits/s from concurrent commands', benchmark: 'append', figure: 'single64FullAppendsPerSecond', label: 'store, 64 callers, group commit, FULL', unit: 'commits/s', met: (v) => v >= 5000 },
  { target: '≥ 5,000 single-event commits/s from concurrent commands', benchmark: 'emmett', figure: 'command64Ours', label: 'fold (cached)-decide-append, 64 clients, FULL', unit: 'commands/s', met: (v) => v >= 5000 },
  { target: '≥ 5,000 single-event commits/s from concurrent commands', benchmark: 'emmett', figure: 'command64UncachedOurs', label: 'read-fold-decide-append, 64 clients, FULL', unit: 'commands/s', met: (v) => v >= 5000 },
  { target: '≥ 50,000 events/s in batches', benchmark: 'append', figure: 'batch100x1FullEventsPerSecond', label: '100-event appends, 1 caller, FULL', unit: 'events/s', met: (v) => v >= 50_000 },
  { target: '≥ 50,000 events/s in batches', benchmark: 'append', figure: 'batch100x8FullEventsPerSecond', label: '100-event appends, 8 callers, FULL', unit: 'events/s', met: (v) => v >= 50_000 },
  { target: 'on PostgreSQL ≥ ½ the SQLite figure over HTTP', benchmark: 'http-pg', figure: 'postgresOverSqliteClosed', label: 'PostgreSQL / SQLite, closed loop, 64 connections', unit: '×', met: (v) => v >= 0.5 },
  { target: 'on PostgreSQL p99 ≤ 25 ms at 1,000 commands/s', benchmark: 'http-pg', figure: 'postgresOpen1000P99Ms', label: 'everything on PostgreSQL, open loop', unit: 'ms', met: (v) => v <= 25 },
  { target: 'projection replay ≥ 150,000 events/s', benchmark: 'replay', figure: 'replayEventsPerSecond', label: 'cases + catalog', unit: 'events/s', met: (v) => v >= 150_000 },
];

const EMMETT_WORKLOADS: readonly [string, string][] = [
  ['single64', '1-event appends, 64 callers'], ['single1', '1-event appends, 1 caller'], ['batch100', '100-event appends'],
  ['read20', 'read a 20-event stream'], ['command64', 'commands, 64 clients'],
  ['command64Uncached', 'commands, 64 clients, our state cache off'], ['command1', 'commands, 1 client'],
];

/** Ours divided by what the machine can do at all. */
const LIMIT_RATIOS: readonly { label: string; ours: [BenchOutcome['name'], string]; limit: [BenchOutcome['name'], string] }[] = [
  { label: 'store 1-event commits, no group commit, FULL / bare SQLite 1 row per transaction, FULL', ours: ['append', 'single64NoGroupFullAppendsPerSecond'], limit: ['limits', 'sqliteOneRowFullPerSecond'] },
  { label: 'store 1-event commits, no group commit, NORMAL / bare SQLite 1 row per transaction, NORMAL', ours: ['append', 'single64NoGroupNormalAppendsPerSecond'], limit: ['limits', 'sqliteOneRowNormalPerSecond'] },
  { label: 'store 1-event commits, group commit, FULL / disk fsyncs', ours: ['append', 'single64FullAppendsPerSecond'], limit: ['limits', 'fsyncPerSecond'] },
  { label: 'store 100-event batches, 1 caller, FULL / bare SQLite 100 rows per transaction, FULL', ours: ['append', 'batch100x1FullEventsPerSecond'], limit: ['limits', 'sqliteBatchRowsPerSecond'] },
  { label: 'same / bare SQLite 100 rows per transaction with a UNIQUE time-ordered UUID column (as event ids)', ours: ['append', 'batch100x1FullEventsPerSecond'], limit: ['limits', 'sqliteBatchUuidV7RowsPerSecond'] },
  { label: 'same, random (v4) event ids / bare SQLite with a UNIQUE random-UUID column', ours: ['append', 'batch100x1RandomIdsFullEventsPerSecond'], limit: ['limits', 'sqliteBatchUuidRowsPerSecond'] },
  { label: 'replay, cases + catalog / the same log only read bare (better-sqlite3 rows, JSON.parse), one thread', ours: ['replay', 'replayEventsPerSecond'], limit: ['replay', 'bareReadEventsPerSecond'] },
  { label: 'the log read through SqliteEventStore.readAll / read bare', ours: ['replay', 'storeReadEventsPerSecond'], limit: ['replay', 'bareReadEventsPerSecond'] },
  { label: 'HTTP commands, closed loop / bare Fastify POST, same autocannon', ours: ['http', 'closedCommandsPerSecond'], limit: ['limits', 'httpFloorRequestsPerSecond'] },
  { label: 'HTTP commands, closed loop / NestJS + validation with a no-op handler, same autocannon', ours: ['http', 'closedCommandsPerSecond'], limit: ['limits', 'nestFloorRequestsPerSecond'] },
  { label: 'HTTP commands, closed loop / store 1-event commits, group commit, FULL', ours: ['http', 'closedCommandsPerSecond'], limit: ['append', 'single64FullAppendsPerSecond'] },
];

export interface SummaryTables {
  readonly figures: string[][];
  readonly targets: string[][];
  readonly limits: string[][];
}

export function buildSummary(outcomes: readonly BenchOutcome[]): SummaryTables {
  const figure = (benchmark: string, name: string): number | undefined =>
    outcomes.filter((o) => o.name === benchmark).map((o) => o.figures[name]).find((value) => value !== undefined);
  const figures = outcomes.flatMap((outcome) => outcome.rows.map((row) => [row.benchmark, row.figure, formatNumber(row.value), row.unit, row.note ?? '']));
  const targets: string[][] = [];
  for (const target of TARGETS) {
    const value = figure(target.benchmark, target.figure);
    if (value === undefined) continue;
    targets.push([target.target, target.label, `${formatNumber(value)} ${target.unit}`, target.met(value) ? 'met' : 'MISSED']);
  }
  const ratios = EMMETT_WORKLOADS.map(([key, label]) => [label, figure('emmett', `${key}Ratio`)] as const)
    .filter((entry): entry is readonly [string, number] => entry[1] !== undefined);
  if (ratios.length > 0) {
    const behind = ratios.filter(([, ratio]) => ratio <= 1).map(([label]) => label);
    const [worstLabel, worst] = ratios.reduce((a, b) => (b[1] < a[1] ? b : a));
    targets.push(['ahead of Emmett on every shared workload', `ours/Emmett, lowest of ${ratios.length} workloads (${worstLabel})`,
      `${formatNumber(worst)}×`, behind.length === 0 ? 'met' : `MISSED (${behind.join(', ')})`]);
  }
  const limits: string[][] = [];
  for (const ratio of LIMIT_RATIOS) {
    const ours = figure(...ratio.ours);
    const limit = figure(...ratio.limit);
    if (ours === undefined || limit === undefined) continue;
    limits.push([ratio.label, formatNumber(ours), formatNumber(limit), `${formatNumber(ours / limit)}×`]);
  }
  return { figures, targets, limits };
}

export const SUMMARY_HEADERS = {
  figures: ['benchmark', 'figure', 'median', 'unit', 'detail'],
  targets: ['target', 'measured as', 'median', 'verdict'],
  limits: ['ours / limit', 'ours', 'limit', 'ratio'],
} as const;

export function printSummary(tables: SummaryTables): void {
  console.log('\nFigures (medians):');
  printTable(SUMMARY_HEADERS.figures, tables.figures);
  if (tables.targets.length > 0) {
    console.log('\nTargets of the speed issue:');
    printTable(SUMMARY_HEADERS.targets, tables.targets);
  }
  if (tables.limits.length > 0) {
    console.log('\nAgainst the machine\'s limits:');
    printTable(SUMMARY_HEADERS.limits, tables.limits);
  }
}

export function summaryMarkdown(tables: SummaryTables): string {
  return [
    markdownTable(SUMMARY_HEADERS.figures, tables.figures),
    markdownTable(SUMMARY_HEADERS.targets, tables.targets),
    markdownTable(SUMMARY_HEADERS.limits, tables.limits),
  ].join('\n\n');
}
