import { SqliteEventStore } from '@gov/event-store';
import { CaseProjection, CatalogProjection, Projection, Projector, SqliteReadModelStore } from '@gov/projections';
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
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly rssBeforeMiB: number;
  readonly peakRssMiB: number;
}

async function main(): Promise<void> {
  const [eventsFile, readModelsFile, set] = process.argv.slice(2);
  if (!eventsFile || !readModelsFile || (set !== 'cases+catalog' && set !== 'engine')) {
    throw new Error('usage: replay.worker.js <events.sqlite> <read-models.sqlite> <cases+catalog|engine>');
  }
  const store = SqliteEventStore.open({ file: eventsFile });
  const readModels = await SqliteReadModelStore.open(readModelsFile, 'NORMAL');
  const projections: Projection[] = [new CaseProjection(), new CatalogProjection()];
  const projector = set === 'engine' ? await createProjector(store, readModels) : await Projector.open(store, readModels, projections);
  const rssBeforeMiB = statusMiB('self', 'VmRSS');
  const started = process.hrtime.bigint();
  await projector.catchUp();
  const seconds = elapsedMs(started) / 1000;
  const events = await projector.checkpoint();
  const run: ReplayRun = { projections: set, events, seconds, eventsPerSecond: events / seconds, rssBeforeMiB, peakRssMiB: statusMiB('self', 'VmHWM') };
  await readModels.close();
  await store.close();
  console.log(JSON.stringify(run));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
