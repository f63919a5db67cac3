import Database from 'better-sqlite3';

export type ConsumerDb = Database.Database;

/**
 * A consumer's own SQLite file: its read model and `processed_events`, the ids of the events
 * whose effect it stored — written in the same transaction as the effect, so a redelivered
 * event is recognised and has no effect twice.
 */
export function openConsumerDb(file: string): ConsumerDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS processed_events (
    event_id     TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    processed_at TEXT NOT NULL
  )`);
  return db;
}
