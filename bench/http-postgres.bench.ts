import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { COMMANDS_PER_CASE } from './lib/case-flow';
import { closedLoop } from './lib/closed-loop';
import { repeat } from './lib/driver';
import { EngineProcess } from './lib/engine';
import { withCpu } from './lib/engines';
import { openLoop } from './lib/open-loop';
import type { BenchOptions } from './lib/options';
import { tempDir } from './lib/proc';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { median } from './lib/stats';

/**
 * The HTTP commands of benchmark 2 (one event each: a case's receipt and every step of its life)
 * on the all-in-one engine, side by side: its events and read models in SQLite files (the
 * default) and everything in PostgreSQL (EVENT_STORE=postgres, READ_MODELS=postgres, on the
 * server of BENCH_POSTGRES_URL). The two alternate round by round in the same session, so that
 * whatever else the machine does weighs on both; each round a fresh engine (and schema) per load.
 * The figure is PostgreSQL's over SQLite's in each round, then the median of those ratios.
 */
const CONNECTIONS = 64;
const OPEN_RATE = 1000;
const WARMUP_SECONDS = 2;

type Store = 'sqlite' | 'postgres';

interface Round {
  readonly store: Store;
  readonly closed: { commandsPerSecond: number; p50Ms: number; p99Ms: number; engineCores: number; non2xx: number };
  readonly open: { achievedRate: number; p50Ms: number; p99Ms: number; p999Ms: number; engineCores: number; non2xx: number };
}

export async function runHttpPostgresBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('2b. Commands over HTTP with everything on PostgreSQL, beside SQLite (alternating rounds)');
  const url = process.env.BENCH_POSTGRES_URL;
  if (!url) {
    console.log('  skipped: BENCH_POSTGRES_URL is not set (start a server with `eval "$(bash test/postgres/start-postgres.sh)"`)');
    return { name: 'http-pg', file: writeResult('http-pg', environment, { skipped: 'BENCH_POSTGRES_URL is not set' }), figures: {}, rows: [] };
  }
  const seconds = options.httpSeconds;
  const runs = Math.min(options.runs, 3);
  const rounds = options.thorough ? 3 : 1;
  const measured: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const store of ['sqlite', 'postgres'] as const) {
      const closedRuns = await withEngine(store, url, async (engine) => {
        await closedLoop(engine.url, engine.tokens, CONNECTIONS, WARMUP_SECONDS);
        return repeat(runs, () => withCpu(engine, () => closedLoop(engine.url, engine.tokens, CONNECTIONS, seconds)));
      });
      const openRuns = await withEngine(store, url, async (engine) => {
        await closedLoop(engine.url, engine.tokens, CONNECTIONS, WARMUP_SECONDS);
        return repeat(runs, () => withCpu(engine, () => openLoop(engine.url, engine.tokens, OPEN_RATE, seconds, Math.min(1, seconds / 2))));
      });
      const result: Round = {
        store,
        closed: {
          commandsPerSecond: median(closedRuns.map((r) => r.commandsPerSecond)), p50Ms: median(closedRuns.map((r) => r.p50Ms)),
          p99Ms: median(closedRuns.map((r) => r.p99Ms)), engineCores: median(closedRuns.map((r) => r.engineCores)),
          non2xx: closedRuns.reduce((sum, r) => sum + r.non2xx, 0),
        },
        open: {
          achievedRate: median(openRuns.map((r) => r.achievedRate)), p50Ms: median(openRuns.map((r) => r.latencyMs.p50)),
          p99Ms: median(openRuns.map((r) => r.latencyMs.p99)), p999Ms: median(openRuns.map((r) => r.latencyMs.p999)),
          engineCores: median(openRuns.map((r) => r.engineCores)), non2xx: openRuns.reduce((sum, r) => sum + r.non2xx, 0),
        },
      };
      measured.push(result);
      console.log(`  round ${round + 1}, ${store}: closed loop ${formatNumber(result.closed.commandsPerSecond)} commands/s (p99 ${formatNumber(result.closed.p99Ms)} ms), ` +
        `open loop ${OPEN_RATE}/s p99 ${formatNumber(result.open.p99Ms)} ms`);
    }
  }
  const of = (store: Store) => measured.filter((round) => round.store === store);
  // A round where either store answered nothing in its closed loop (an engine starved for seconds on a loaded machine) has no ratio.
  const ratios = of('sqlite').map((sqlite, index) => of('postgres')[index].closed.commandsPerSecond / sqlite.closed.commandsPerSecond)
    .filter((ratio) => Number.isFinite(ratio) && ratio > 0);
  const m = (store: Store) => ({
    closed: median(of(store).map((r) => r.closed.commandsPerSecond)), closedP99: median(of(store).map((r) => r.closed.p99Ms)),
    openP50: median(of(store).map((r) => r.open.p50Ms)), openP99: median(of(store).map((r) => r.open.p99Ms)), openP999: median(of(store).map((r) => r.open.p999Ms)),
    cores: median(of(store).map((r) => r.closed.engineCores)),
  });
  const [sqlite, postgres] = [m('sqlite'), m('postgres')];
  const ratio = ratios.length > 0 ? median(ratios) : Number.NaN;
  console.log(`\n  medians of ${rounds} rounds (each the median of ${runs} runs of ${seconds} s); ${COMMANDS_PER_CASE} commands a case, one event each`);
  printTable(['store', 'closed loop commands/s', 'p99 ms', `open ${OPEN_RATE}/s p50 ms`, 'p99 ms', 'p99.9 ms', 'engine cores'], [
    ['SQLite (events FULL, read models)', formatNumber(sqlite.closed), formatNumber(sqlite.closedP99), formatNumber(sqlite.openP50), formatNumber(sqlite.openP99),
      formatNumber(sqlite.openP999), formatNumber(sqlite.cores)],
    ['PostgreSQL (events, read models)', formatNumber(postgres.closed), formatNumber(postgres.closedP99), formatNumber(postgres.openP50),
      formatNumber(postgres.openP99), formatNumber(postgres.openP999), formatNumber(postgres.cores)],
  ]);
  console.log(`  PostgreSQL / SQLite, closed loop, per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${ratio.toFixed(2)}`);
  const rows: SummaryRow[] = [
    { benchmark: 'http-pg', figure: `commands on PostgreSQL / on SQLite, closed loop, ${CONNECTIONS} connections`, value: ratio, unit: '×',
      note: `${formatNumber(postgres.closed)} / ${formatNumber(sqlite.closed)} commands/s (medians of ${rounds} alternating rounds)` },
    { benchmark: 'http-pg', figure: `commands on PostgreSQL, open loop ${OPEN_RATE}/s: p99`, value: postgres.openP99, unit: 'ms',
      note: `p50 ${formatNumber(postgres.openP50)} ms, p99.9 ${formatNumber(postgres.openP999)} ms; SQLite p99 ${formatNumber(sqlite.openP99)} ms` },
  ];
  const file = writeResult('http-pg', environment, {
    durability: 'SQLite: SQLITE_SYNCHRONOUS=FULL; PostgreSQL: the event store\'s transactions synchronous_commit=on (the server\'s fsync as configured)',
    settings: { rounds, runsPerRound: runs, secondsPerRun: seconds, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, openRate: OPEN_RATE,
      commandsPerCase: COMMANDS_PER_CASE },
    rounds: measured,
    medians: { sqlite, postgres, postgresOverSqlite: ratio, ratiosPerRound: ratios },
  });
  return { name: 'http-pg', file, figures: { postgresOverSqliteClosed: ratio, postgresOpen1000P99Ms: postgres.openP99 }, rows };
}

/** A fresh engine (its DATA_DIR, and on PostgreSQL its own schemas, dropped after) for one load. */
async function withEngine<T>(store: Store, url: string, load: (engine: EngineProcess) => Promise<T>): Promise<T> {
  const temp = tempDir('http-pg');
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  // The closed loop's 64 connections are admitted (MAX_IN_FLIGHT's default is 32): comparable with the earlier rows.
  const admitted = { MAX_IN_FLIGHT: String(CONNECTIONS) };
  const env: Record<string, string> = store === 'postgres'
    ? { ...admitted, EVENT_STORE: 'postgres', EVENT_STORE_URL: url, EVENT_STORE_SCHEMA: `${schema}_events`, READ_MODELS: 'postgres', READ_MODELS_URL: url, READ_MODELS_SCHEMA: schema }
    : admitted;
  try {
    const engine = await EngineProcess.start({ dataDir: temp.dir, env });
    try {
      return await load(engine);
    } finally {
      await engine.stop();
    }
  } finally {
    temp.remove();
    if (store === 'postgres') {
      const admin = new Pool({ connectionString: url, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_events CASCADE`).finally(() => admin.end());
    }
  }
}
