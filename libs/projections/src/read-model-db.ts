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
  db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)`);
  return db;
}
