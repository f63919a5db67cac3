import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { YearDataset } from './lib/dataset';
import { repeat } from './lib/driver';
import type { BenchOptions } from './lib/options';
import { tempDir } from './lib/proc';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { repoRoot, RunEnvironment, writeResult } from './lib/results';
import { median } from './lib/stats';
import type { ProjectionSet, ReadOnly, ReadRun, ReplayRun } from './replay.worker';

/**
 * Benchmark 3: a full replay of the year's log into fresh read models with the Projector,
 * CaseProjection + CatalogProjection, each run in its own process on a fresh read-model file.
 * Then one replay through every projection the engine runs (what `npm run projections:rebuild`
 * does), written into the dataset's DATA_DIR for the reads benchmark. And the same log only
 * read, through the store and bare: how much of a replay's time reading alone takes.
 */
const execFileAsync = promisify(execFile);

/** The node flags `npm run projections:rebuild` runs with (package.json): the replays run as it does. */
function rebuildNodeFlags(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['projections:rebuild'].split(/\s+/).filter((word) => word.startsWith('--'));
}

/** One run of replay.worker.js in a process of its own, with the rebuild's node flags: its last line of output, parsed. */
async function runWorker<T>(eventsFile: string, target: string, set: ProjectionSet | ReadOnly): Promise<T> {
  const worker = path.join(repoRoot(), 'dist', 'bench', 'replay.worker.js');
  const { stdout } = await execFileAsync(process.execPath, [...rebuildNodeFlags(), worker, eventsFile, target, set], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as T;
}

const replayOnce = (eventsFile: string, set: ProjectionSet, readModelsFile: string) => runWorker<ReplayRun>(eventsFile, readModelsFile, set);
const readOnce = (eventsFile: string, mode: ReadOnly) => runWorker<ReadRun>(eventsFile, '-', mode);

async function replayIntoTemp(eventsFile: string): Promise<ReplayRun> {
  const temp = tempDir('replay');
  try {
    return await replayOnce(eventsFile, 'cases+catalog', path.join(temp.dir, 'read-models.sqlite'));
  } finally {
    temp.remove();
  }
}

/** Every engine projection, into DATA_DIR/read-models.sqlite (replacing the one the seeding engine left). */
export async function replayIntoDataDir(dataset: YearDataset): Promise<ReplayRun> {
  const target = path.join(dataset.dataDir, 'read-models.sqlite');
  for (const file of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(file, { force: true });
  return replayOnce(dataset.eventsFile, 'engine', target);
}

export async function runReplayBench(options: BenchOptions, environment: RunEnvironment, dataset: YearDataset): Promise<BenchOutcome> {
  heading(`3. Projection replay of ${formatNumber(dataset.headPosition)} events (${formatNumber(dataset.cases)} cases) into fresh read models`);
  const runs = await repeat(options.runs, () => replayIntoTemp(dataset.eventsFile));
  const m = {
    events: runs[0]?.events ?? 0,
    eventsPerSecond: median(runs.map((run) => run.eventsPerSecond)),
    seconds: median(runs.map((run) => run.seconds)),
    peakRssMiB: median(runs.map((run) => run.peakRssMiB)),
  };
  console.log(`  CaseProjection + CatalogProjection: ${formatNumber(m.eventsPerSecond)} events/s, peak RSS ${m.peakRssMiB} MiB`);
  // The same log only read, alternating, in processes of their own (with the replays' node flags): the store as the projector reads it, and bare.
  const reads = await repeat(options.runs, async () => ({ store: await readOnce(dataset.eventsFile, 'store-read'), bare: await readOnce(dataset.eventsFile, 'bare-read') }));
  const storeRead = median(reads.map((run) => run.store.eventsPerSecond));
  const bareRead = median(reads.map((run) => run.bare.eventsPerSecond));
  console.log(`  the log only read: SqliteEventStore.readAll ${formatNumber(storeRead)} events/s; bare (better-sqlite3 rows, JSON.parse) ${formatNumber(bareRead)} events/s`);
  const engine = await replayIntoDataDir(dataset);
  console.log(`  every engine projection (cases, catalog, deadlines, supervision), 1 run: ${formatNumber(engine.eventsPerSecond)} events/s, peak RSS ${engine.peakRssMiB} MiB`);
  // PostgreSQL (BENCH_POSTGRES_URL, a server on this machine): every engine projection over the whole year.
  const postgresUrl = process.env.BENCH_POSTGRES_URL;
  const postgres = postgresUrl ? await replayOnce(dataset.eventsFile, 'engine', postgresUrl) : undefined;
  if (postgres) console.log(`  every engine projection into PostgreSQL, 1 run: ${formatNumber(postgres.eventsPerSecond)} events/s, peak RSS ${postgres.peakRssMiB} MiB`);
  else console.log('  PostgreSQL replay skipped (BENCH_POSTGRES_URL unset; bash test/postgres/start-postgres.sh starts a server)');
  printTable(['projections', 'runs', 'events', 'seconds', 'events/s', 'peak RSS MiB'], [
    ['cases + catalog', String(runs.length), formatNumber(m.events), formatNumber(m.seconds), formatNumber(m.eventsPerSecond), String(m.peakRssMiB)],
    ['none: the log read through the store', String(reads.length), formatNumber(reads[0]?.store.events ?? 0), formatNumber(median(reads.map((run) => run.store.seconds))),
      formatNumber(storeRead), ''],
    ['none: the log read bare', String(reads.length), formatNumber(reads[0]?.bare.events ?? 0), formatNumber(median(reads.map((run) => run.bare.seconds))),
      formatNumber(bareRead), ''],
    ['all engine projections', '1', formatNumber(engine.events), formatNumber(engine.seconds), formatNumber(engine.eventsPerSecond), String(engine.peakRssMiB)],
    ...(postgres ? [['all engine projections, PostgreSQL', '1', formatNumber(postgres.events), formatNumber(postgres.seconds),
      formatNumber(postgres.eventsPerSecond), String(postgres.peakRssMiB)]] : []),
  ]);
  const figures = { replayEventsPerSecond: m.eventsPerSecond, replayPeakRssMiB: m.peakRssMiB, replayEngineEventsPerSecond: engine.eventsPerSecond,
    storeReadEventsPerSecond: storeRead, bareReadEventsPerSecond: bareRead,
    ...(postgres ? { replayPostgresEventsPerSecond: postgres.eventsPerSecond } : {}) };
  const rows: SummaryRow[] = [
    { benchmark: 'replay', figure: `replay ${formatNumber(m.events)} events, cases + catalog`, value: m.eventsPerSecond, unit: 'events/s',
      note: `peak RSS ${m.peakRssMiB} MiB, ${formatNumber(m.seconds)} s` },
    { benchmark: 'replay', figure: 'the same log only read, through SqliteEventStore.readAll', value: storeRead, unit: 'events/s',
      note: 'pages of 5,000 events, as the replay reads on SQLite' },
    { benchmark: 'replay', figure: 'the same log only read, bare: better-sqlite3 rows and JSON.parse, one thread', value: bareRead, unit: 'events/s',
      note: 'the limit of one thread' },
    { benchmark: 'replay', figure: 'replay, all engine projections (1 run)', value: engine.eventsPerSecond, unit: 'events/s',
      note: `peak RSS ${engine.peakRssMiB} MiB, ${formatNumber(engine.seconds)} s` },
    ...(postgres ? [{ benchmark: 'replay' as const, figure: `replay ${formatNumber(postgres.events)} events into PostgreSQL, all engine projections (1 run)`,
      value: postgres.eventsPerSecond, unit: 'events/s', note: `local server, a statement per batch and kind of row; ${formatNumber(postgres.seconds)} s` }] : []),
  ];
  const file = writeResult('replay', environment, {
    durability: 'read models as a scratch file, fsynced as it closes (as the rebuild CLI builds them); the log is only read',
    nodeFlags: rebuildNodeFlags(),
    dataset: { cases: dataset.cases, seedEvents: dataset.seedEvents, caseEvents: dataset.caseEvents, headPosition: dataset.headPosition,
      buildSeconds: dataset.buildSeconds, receiptDays: `${dataset.firstDay}..${dataset.lastDay}`,
      eventsFileMiB: Math.round(fs.statSync(dataset.eventsFile).size / 1024 / 1024) },
    settings: { runs: options.runs },
    casesAndCatalog: { median: m, runs },
    logOnlyRead: { storeEventsPerSecond: storeRead, bareEventsPerSecond: bareRead, runs: reads },
    allEngineProjections: engine,
    ...(postgres ? { allEngineProjectionsIntoPostgres: postgres } : {}),
  });
  return { name: 'replay', file, figures, rows };
}
