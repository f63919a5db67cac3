import { SqliteEventStore } from '@gov/event-store';
import { CaseProjection, CatalogProjection, PostgresReadModelStore, Projection, Projector, ReadModelStore, SqliteReadModelStore } from '@gov/projections';
import { Pool } from 'pg';
import { createProjector } from '../apps/engine/src/infrastructure/infrastructure.module';
import { statusMiB } from './lib/proc';
import { elapsedMs } from './lib/stats';

/**
 * One projection replay in a fresh process, so that its peak resident set (VmHWM) is the
 * replay's own: `node dist/bench/replay.worker.js <events.sqlite> <read-models.sqlite> <cases+catalog|engine>`.
 * Prints one JSON line. The read models are opened at synchronous NORMAL, as the rebuild CLI does.
 */
export type ProjectionSet = 'cases+catalog' | 'engine';

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
  if (!eventsFile || !target || (set !== 'cases+catalog' && set !== 'engine')) {
    throw new Error('usage: replay.worker.js <events.sqlite> <read-models.sqlite|postgres://…> <cases+catalog|engine> [max events]');
  }
  const store = SqliteEventStore.open({ file: eventsFile });
  const schema = `bench_${process.pid}`;
  const onPostgres = target.startsWith('postgres');
  const readModels: ReadModelStore = onPostgres
    ? await PostgresReadModelStore.open({ connectionString: target, schema })
    : await SqliteReadModelStore.open(target, 'NORMAL');
  const projections: Projection[] = [new CaseProjection(), new CatalogProjection()];
  const projector = set === 'engine' ? await createProjector(store, readModels) : await Projector.open(store, readModels, projections);
  const rssBeforeMiB = statusMiB('self', 'VmRSS');
  const started = process.hrtime.bigint();
  await projector.catchUp(max ? Number(max) : undefined);
  const seconds = elapsedMs(started) / 1000;
  const events = await projector.checkpoint();
  const run: ReplayRun = {
    projections: set, readModels: onPostgres ? 'postgres' : 'sqlite', events, seconds, eventsPerSecond: events / seconds, rssBeforeMiB,
    peakRssMiB: statusMiB('self', 'VmHWM'),
  };
  await readModels.close();
  if (onPostgres) {
    const admin = new Pool({ connectionString: target, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  }
  await store.close();
  console.log(JSON.stringify(run));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
