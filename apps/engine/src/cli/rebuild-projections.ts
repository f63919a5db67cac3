import * as fs from 'node:fs';
import * as path from 'node:path';
import { openReadModelStore, type ReadModelStore } from '@gov/projections';
import { EngineConfig, loadConfig } from '../config/engine.config';
import { createProjector, openEventStore, openReadModels, readModelFile } from '../infrastructure/infrastructure.module';
import { fsyncPath } from '../files/fsync-path';
import { LOG_READER_TABLES } from './policy-tables';
import { carryOverLogReaders } from './carry-over-log-readers';
import { cliProgram, optionsOf, runCli, STORE_ENV } from './cli-program';
import { progressBar } from './progress';
import { reportingReads } from './read-progress';
import { refusalBesideLiveEngines } from './live-engines';

/**
 * `npm run projections:rebuild`: replays the whole log (the configured event store: SQLite or
 * EventStoreDB) into fresh read models. Run it with the engine stopped; the store is only
 * read. On SQLite the replay goes into a scratch file, swapped in at the end (the old file
 * serves until then) with the log readers' state carried over from the old file; on
 * PostgreSQL (READ_MODELS=postgres) the read models are emptied in place and replayed, and the
 * readers' state stays where it is.
 */
const rebuildProgram = () =>
  cliProgram('projections:rebuild', 'Replays the whole log into fresh read models. Stop the engine first: it refuses (exit 2) while an engine runs on the store; the store is only read.', STORE_ENV);

async function main(): Promise<number> {
  optionsOf(rebuildProgram(), process.argv.slice(2));
  const config = loadConfig();
  // Beside a live engine the swap would pull the read models from under it (SQLite) or empty them while it serves (PostgreSQL).
  const refusal = await refusalBesideLiveEngines('projections:rebuild', config);
  if (refusal) {
    process.stderr.write(`projections:rebuild: ${refusal}\n`);
    return 2;
  }
  const store = await openEventStore(config, { purpose: 'read' });
  const started = process.hrtime.bigint();
  const { readModels, swapIn } = await target(config);
  const head = await store.headPosition();
  const progress = progressBar('rebuild', head, { unit: 'events' });
  const projector = await createProjector(reportingReads(store, (position) => progress.update(position)), readModels);
  try {
    await projector.reset();
    await projector.catchUp();
  } finally {
    progress.stop();
  }
  const events = await projector.checkpoint();
  // A scratch file is fsynced as it closes.
  await readModels.close();
  await store.close();
  swapIn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`rebuilt the read models from ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / seconds)} events/s)`);
  return 0;
}

async function target(config: EngineConfig): Promise<{ readModels: ReadModelStore; swapIn: () => void }> {
  if (config.readModels?.kind === 'postgres') return { readModels: await openReadModels(config), swapIn: () => undefined };
  const file = readModelFile(config.dataDir);
  const scratch = `${file}.rebuild`;
  for (const leftover of [scratch, `${scratch}-wal`, `${scratch}-shm`]) fs.rmSync(leftover, { force: true });
  return {
    // Built as a scratch file: no journal on disk, no syncs until it is complete (the engine opens it in WAL mode again).
    readModels: await openReadModelStore({ kind: 'sqlite', file: scratch, scratch: true }),
    swapIn: () => {
      keepLogReaders(scratch, file);
      // Closed, the scratch file holds everything (it never had a journal on disk): it moves alone; the old file's WAL must not outlive it.
      for (const stale of [`${file}-wal`, `${file}-shm`]) fs.rmSync(stale, { force: true });
      fs.renameSync(scratch, file);
      // The rename survives a power cut once the directory is on disk.
      fsyncPath(path.dirname(file));
    },
  };
}

/** The log readers go on where they were; should their state be unusable, they read the log again (their commands are idempotent). */
function keepLogReaders(scratch: string, file: string): void {
  try {
    const carried = carryOverLogReaders(scratch, file, LOG_READER_TABLES);
    // A reader ahead of the rebuilt log: the log the rebuild read is older than the one the readers read (a backup restored, or an engine appended meanwhile).
    if (carried.refused) console.warn(`the log readers will read the log again from its start: their checkpoints are ahead of the log this rebuild read (${carried.refused}); was an older backup restored, or did an engine write meanwhile?`);
    else if (carried.checkpoints.length > 0) console.log(`kept the log readers' place: ${[...carried.checkpoints, ...carried.tables].join(', ')}`);
  } catch (error) {
    console.warn(`the log readers will read the log again from its start: their state could not be read (${(error as Error).message})`);
  }
}

runCli('projections:rebuild', main);
