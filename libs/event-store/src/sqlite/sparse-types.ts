import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * A partial index of the positions of a few event types that are rare in the log (the reference
 * data: catalog, organization, calendar), so that a reader of only those types, from the log's
 * start at every engine start, seeks them instead of scanning every case event of the year.
 *
 * SQLite uses a partial index only for a query whose WHERE repeats the index's own condition
 * word for word, hence the literal list, sorted, shared by the index and its readers. The index's
 * name carries a hash of that list: another list (a release with another reference type) makes
 * another index, and the one it replaces is dropped.
 */
export interface SparseTypesIndex {
  readonly name: string;
  readonly types: ReadonlySet<string>;
  /** `type IN (…)`, exactly as the index's condition says it. */
  readonly condition: string;
}

const PREFIX = 'events_sparse_';

export function ensureSparseTypesIndex(db: Database.Database, types: readonly string[]): SparseTypesIndex {
  const sorted = [...new Set(types)].sort();
  if (sorted.length === 0) throw new RangeError('sparse types must not be empty');
  const condition = `type IN (${sorted.map((type) => `'${type.replaceAll("'", "''")}'`).join(', ')})`;
  const name = `${PREFIX}${createHash('sha256').update(condition).digest('hex').slice(0, 12)}`;
  const existing = db.prepare<[string], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name LIKE ?`)
    .all(`${PREFIX}%`).map((row) => row.name);
  if (!existing.includes(name)) {
    // IMMEDIATE: another process opening the store at once waits (busy_timeout), then finds the index made.
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const old of existing) db.exec(`DROP INDEX IF EXISTS "${old}"`);
      db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON events (position) WHERE ${condition}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return { name, types: new Set(sorted), condition };
}
