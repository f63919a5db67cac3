import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Pool } from 'pg';
import { type EventStore, type ExpectedRevision, PostgresEventStore, SqliteEventStore } from '@gov/event-store';
import { drive, type DriveResult, type Operation } from './lib/driver';
import type { BenchOptions } from './lib/options';
import { tempDir } from './lib/proc';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { EVENTS_PER_STREAM, sampleEvents } from './lib/sample-events';
import { median } from './lib/stats';

/**
 * The store alone, side by side: 64 callers appending one event each to their own streams (the
 * expected revision a command passes), group commit on, on a fresh SQLite file (synchronous
 * FULL) and on a fresh schema of the PostgreSQL server of BENCH_POSTGRES_URL (the store's
 * transactions synchronous_commit=on), alternating round by round in one session.
 */
const CALLERS = 64;

type Store = 'sqlite' | 'postgres';

interface Run extends DriveResult {
  readonly appendsPerTransaction: number;
}

export async function runAppendPostgresBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('1b. 1-event appends, 64 callers, group commit: the PostgreSQL store beside the SQLite store (alternating rounds)');
  const url = process.env.BENCH_POSTGRES_URL;
  if (!url) {
    console.log('  skipped: BENCH_POSTGRES_URL is not set (start a server with `eval "$(bash test/postgres/start-postgres.sh)"`)');
    return { name: 'append-pg', file: writeResult('append-pg', environment, { skipped: 'BENCH_POSTGRES_URL is not set' }), figures: {}, rows: [] };
  }
  const seconds = Math.max(options.storeSeconds * 3, 1);
  const rounds = options.thorough ? 3 : 1;
  const runs: { store: Store; run: Run }[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const store of ['sqlite', 'postgres'] as const) {
      const run = await measure(store, url, seconds);
      runs.push({ store, run });
      console.log(`  round ${round + 1}, ${store}: ${formatNumber(run.operationsPerSecond)} appends/s, p50 ${formatNumber(run.latencyMs.p50)} ms, ` +
        `p99 ${formatNumber(run.latencyMs.p99)} ms, ${formatNumber(run.appendsPerTransaction)} appends a transaction${run.errors ? `, ${run.errors} errors (${run.firstError})` : ''}`);
    }
  }
  const of = (store: Store) => runs.filter((entry) => entry.store === store).map((entry) => entry.run);
  const ratios = of('sqlite').map((sqlite, index) => of('postgres')[index].operationsPerSecond / sqlite.operationsPerSecond);
  const m = (store: Store) => ({
    appendsPerSecond: median(of(store).map((run) => run.operationsPerSecond)), p50Ms: median(of(store).map((run) => run.latencyMs.p50)),
    p99Ms: median(of(store).map((run) => run.latencyMs.p99)), appendsPerTransaction: median(of(store).map((run) => run.appendsPerTransaction)),
  });
  const [sqlite, postgres] = [m('sqlite'), m('postgres')];
  const ratio = median(ratios);
  printTable(['store', 'appends/s', 'p50 ms', 'p99 ms', 'appends a transaction'], [
    ['SQLite, synchronous FULL', formatNumber(sqlite.appendsPerSecond), formatNumber(sqlite.p50Ms), formatNumber(sqlite.p99Ms), formatNumber(sqlite.appendsPerTransaction)],
    ['PostgreSQL, synchronous_commit on', formatNumber(postgres.appendsPerSecond), formatNumber(postgres.p50Ms), formatNumber(postgres.p99Ms),
      formatNumber(postgres.appendsPerTransaction)],
  ]);
  console.log(`  PostgreSQL / SQLite per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${ratio.toFixed(2)}`);
  const rows: SummaryRow[] = [{
    benchmark: 'append-pg', figure: `1-event appends, ${CALLERS} callers, group commit: PostgreSQL / SQLite`, value: ratio, unit: '×',
    note: `${formatNumber(postgres.appendsPerSecond)} / ${formatNumber(sqlite.appendsPerSecond)} appends/s; p99 ${formatNumber(postgres.p99Ms)} / ${formatNumber(sqlite.p99Ms)} ms`,
  }];
  const file = writeResult('append-pg', environment, {
    durability: 'SQLite synchronous FULL; PostgreSQL: the store\'s transactions synchronous_commit=on',
    settings: { rounds, secondsPerRun: seconds, callers: CALLERS },
    runs, medians: { sqlite, postgres, postgresOverSqlite: ratio, ratiosPerRound: ratios },
  });
  return { name: 'append-pg', file, figures: { postgresOverSqliteAppends: ratio, postgresAppendsPerSecond: postgres.appendsPerSecond }, rows };
}

/** Single-event appends to the caller's own streams, with the expected revision a command would pass. */
function singleEvents(store: EventStore): Operation {
  return async (caller, iteration) => {
    const revision = iteration % EVENTS_PER_STREAM;
    const expectedRevision: ExpectedRevision = revision === 0 ? 'no_stream' : revision - 1;
    await store.append(`case-bench-${caller}-${Math.floor(iteration / EVENTS_PER_STREAM)}`, sampleEvents(1), { expectedRevision });
    return 1;
  };
}

async function measure(kind: Store, url: string, seconds: number): Promise<Run> {
  if (kind === 'sqlite') {
    const temp = tempDir('append-pg');
    const store = SqliteEventStore.open({ file: path.join(temp.dir, 'events.sqlite'), synchronous: 'FULL', groupCommit: true });
    try {
      let before = 0;
      const result = await drive(CALLERS, seconds, singleEvents(store), { onMeasureStart: () => (before = store.stats.transactions) });
      return { ...result, appendsPerTransaction: result.operations / Math.max(1, store.stats.transactions - before) };
    } finally {
      await store.close();
      temp.remove();
    }
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  try {
    let before = 0;
    const result = await drive(CALLERS, seconds, singleEvents(store), { onMeasureStart: () => (before = store.stats.transactions) });
    return { ...result, appendsPerTransaction: result.operations / Math.max(1, store.stats.transactions - before) };
  } finally {
    await store.close();
    const admin = new Pool({ connectionString: url, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  }
}
