import Database from 'better-sqlite3';

export type ReadModelDb = Database.Database;

/**
 * The read models live in their own SQLite file, apart from the event store, so the
 * projector's writes never queue behind command appends (SQLite has one writer per file).
 */
export function openReadModelDb(file: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): ReadModelDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  // The case rows and their indexes are read and rewritten all the time: keep them in memory (a bounded 64 MiB).
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)`);
  return db;
}

const statementCache = new WeakMap<ReadModelDb, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql` on this connection, prepared once: preparing costs more
 * than running a small statement, and projections run theirs for every event.
 */
export function cachedStatement<P extends unknown[] | {} = unknown[], R = unknown>(db: ReadModelDb, sql: string): Database.Statement<P, R> {
  let statements = statementCache.get(db);
  if (!statements) statementCache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement as unknown as Database.Statement<P, R>;
}
