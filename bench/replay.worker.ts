import Database from 'better-sqlite3';
import { SqliteEventStore } from '@gov/event-store';
import { CaseProjection, CatalogProjection, PostgresReadModelStore, Projection, Projector, ReadModelStore, SqliteReadModelStore } from '@gov/projections';
import { Pool } from 'pg';
import { createProjector } from '../apps/engine/src/infrastructure/infrastructure.module';
import { statusMiB } from './lib/proc';
import { elapsedMs } from './lib/stats';

/**
 * One projection replay in a fresh process, so that its peak resident set (VmHWM) is the
 * replay's own: `node dist/bench/replay.worker.js <events.sqlite> <read-models.sqlite> <cases+catalog|engine>`.
 * Prints one JSON line. The read models are opened as a scratch file, as the rebuild CLI does.
 *
 * `node dist/bench/replay.worker.js <events.sqlite> - <store-read|bare-read>` only reads the log,
 * in the replay's batches on SQLite (5,000 events): through SqliteEventStore.readAll (what the projector
 * is fed), or bare (better-sqlite3 rows, JSON.parse of data and metadata: the limit of one thread).
 */
export type ProjectionSet = 'cases+catalog' | 'engine';
export type ReadOnly = 'store-read' | 'bare-read';

const PAGE = 5_000;

export interface ReplayRun {
  readonly projections: ProjectionSet;
  readonly readModels: 'sqlite' | 'postgres';
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly rssBeforeMiB: number;
  readonly peakRssMiB: number;
}

async function main(): Promise<void> {
  const [eventsFile, target, set, max] = process.argv.slice(2);
  if (eventsFile && (set === 'store-read' || set === 'bare-read')) {
    console.log(JSON.stringify(set === 'store-read' ? await storeRead(eventsFile) : bareRead(eventsFile)));
    return;
  }
  if (!eventsFile || !target || (set !== 'cases+catalog' && set !== 'engine')) {
    throw new Error('usage: replay.worker.js <events.sqlite> <read-models.sqlite|postgres://…> <cases+catalog|engine> [max events]');
  }
  const store = SqliteEventStore.open({ file: eventsFile });
  const schema = `bench_${process.pid}`;
  const onPostgres = target.startsWith('postgres');
  const readModels: ReadModelStore = onPostgres
    ? await PostgresReadModelStore.open({ connectionString: target, schema })
    : await SqliteReadModelStore.open(target, 'NORMAL', { scratch: true });
  const projections: Projection[] = [new CaseProjection(), new CatalogProjection()];
  const projector = set === 'engine' ? await createProjector(store, readModels) : await Projector.open(store, readModels, projections);
  const rssBeforeMiB = statusMiB('self', 'VmRSS');
  const started = process.hrtime.bigint();
  await projector.catchUp(max ? Number(max) : undefined);
  const events = await projector.checkpoint();
  // Closing counts: a scratch file is fsynced as it closes.
  await readModels.close();
  const seconds = elapsedMs(started) / 1000;
  const run: ReplayRun = {
    projections: set, readModels: onPostgres ? 'postgres' : 'sqlite', events, seconds, eventsPerSecond: events / seconds, rssBeforeMiB,
    peakRssMiB: statusMiB('self', 'VmHWM'),
  };
  if (onPostgres) {
    const admin = new Pool({ connectionString: target, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  }
  await store.close();
  console.log(JSON.stringify(run));
}

export interface ReadRun {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

async function storeRead(eventsFile: string): Promise<ReadRun> {
  const store = SqliteEventStore.open({ file: eventsFile });
  try {
    const started = process.hrtime.bigint();
    let after = 0;
    let events = 0;
    for (let page = await store.readAll({ after, limit: PAGE }); page.length > 0; page = await store.readAll({ after, limit: PAGE })) {
      events += page.length;
      after = page[page.length - 1].position;
    }
    return readRun(events, started);
  } finally {
    await store.close();
  }
}

function bareRead(eventsFile: string): ReadRun {
  const db = new Database(eventsFile, { readonly: true });
  try {
    const select = db.prepare<[number, number], [number, string, string, number, string, number, string, string, string]>(
      'SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
    ).raw();
    const started = process.hrtime.bigint();
    let after = 0;
    let events = 0;
    let parsed = 0;
    for (let rows = select.all(after, PAGE); rows.length > 0; rows = select.all(after, PAGE)) {
      for (const row of rows) parsed += JSON.parse(row[6]) === null || JSON.parse(row[7]) === null ? 0 : 1;
      events += rows.length;
      after = rows[rows.length - 1][0];
    }
    if (parsed !== events) throw new Error(`parsed ${parsed} of ${events} events`);
    return readRun(events, started);
  } finally {
    db.close();
  }
}

function readRun(events: number, started: bigint): ReadRun {
  const seconds = elapsedMs(started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
