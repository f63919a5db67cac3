import * as fs from 'node:fs';
import { SqliteEventStore } from '@gov/event-store';
import { openReadModelDb } from '@gov/projections';
import { loadConfig } from '../config/engine.config';
import { createProjector, eventStoreFile, readModelFile } from '../infrastructure/infrastructure.module';

/**
 * `npm run projections:rebuild`: replays the whole log into a fresh read-model file, then
 * swaps it in. Run it with the engine stopped; the store is only read.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const target = readModelFile(config.dataDir);
  const scratch = `${target}.rebuild`;
  for (const file of [scratch, `${scratch}-wal`, `${scratch}-shm`]) fs.rmSync(file, { force: true });
  const store = SqliteEventStore.open({ file: eventStoreFile(config.dataDir) });
  const db = openReadModelDb(scratch, 'NORMAL');
  const started = process.hrtime.bigint();
  const projector = createProjector(store, db);
  await projector.catchUp();
  const events = projector.checkpoint();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  await store.close();
  for (const file of [`${target}-wal`, `${target}-shm`]) fs.rmSync(file, { force: true });
  fs.renameSync(scratch, target);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`rebuilt the read models from ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / seconds)} events/s)`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
