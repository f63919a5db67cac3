import type { ReadModelDb } from './read-model-store';

/** The store's own tables: each reader's position in the log, and the projections' table versions. */
export const CHECKPOINTS_DDL = `
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
`;

/** The position a reader has handled the log up to (0: nothing yet). */
export async function readCheckpoint(db: ReadModelDb, name: string): Promise<number> {
  const row = await db.selectFrom('checkpoints').select('position').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.position) : 0;
}

export async function writeCheckpoint(db: ReadModelDb, name: string, position: number): Promise<void> {
  await db.insertInto('checkpoints').values({ name, position })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ position: (eb) => eb.ref('excluded.position') }))
    .execute();
}

export async function deleteCheckpoint(db: ReadModelDb, name: string): Promise<void> {
  await db.deleteFrom('checkpoints').where('name', '=', name).execute();
}

