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
 * another index. An older one is left in place — a process of the older release may still read
 * through it (a rolling restart, a CLI) — and costs only the rare events' inserts.
 */
export interface SparseTypesIndex {
  readonly types: ReadonlySet<string>;
  /** `type IN (…)`, exactly as the index's condition says it. */
  readonly condition: string;
}

export function ensureSparseTypesIndex(db: Database.Database, types: readonly string[]): SparseTypesIndex {
  const sorted = [...new Set(types)].sort();
  if (sorted.length === 0) throw new RangeError('sparse types must not be empty');
  const condition = `type IN (${sorted.map((type) => `'${type.replaceAll("'", "''")}'`).join(', ')})`;
  const name = `events_sparse_${createHash('sha256').update(condition).digest('hex').slice(0, 12)}`;
  const exists = db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?").get(name);
  // Built once, by the first process of a release to open the store: a scan of the log under the
  // write lock (about a second a million events), while the others wait for it (busy_timeout).
  if (!exists) db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON events (position) WHERE ${condition}`);
  return { types: new Set(sorted), condition };
}
