import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { KeyTable, PersonKeyRow } from './key-table';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS person_keys (
  person_id TEXT PRIMARY KEY,
  -- The keyed hash of the person's ID number: how their next case finds the same key. Erased with the key.
  blind_index TEXT UNIQUE,
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL
);
`;

/**
 * The embedded default: a SQLite file of its own under DATA_DIR, committed with synchronous
 * FULL. Erasure: `secure_delete` overwrites the erased row in the file, and the WAL is
 * checkpointed and truncated so no older copy of the page stays in it. Several processes on
 * one DATA_DIR may write it; SQLite's write lock serialises their inserts.
 */
export class SqliteKeyTable implements KeyTable {
  private readonly db: Database.Database;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
  }

  async byBlindIndex(blindIndex: string) {
    const row = this.db.prepare<[string], { person_id: string; wrapped_key: Buffer }>(
      'SELECT person_id, wrapped_key FROM person_keys WHERE blind_index = ?').get(blindIndex);
    return row && { personId: row.person_id, wrappedKey: row.wrapped_key };
  }

  async wrappedKeyOf(personId: string) {
    return this.db.prepare<[string], { wrapped_key: Buffer }>('SELECT wrapped_key FROM person_keys WHERE person_id = ?').get(personId)?.wrapped_key;
  }

  async insert(rows: readonly PersonKeyRow[]) {
    const now = new Date().toISOString();
    const insert = this.db.prepare(`INSERT INTO person_keys (person_id, blind_index, wrapped_key, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (blind_index) DO NOTHING`);
    const winner = this.db.prepare<[string], { person_id: string; wrapped_key: Buffer }>(
      'SELECT person_id, wrapped_key FROM person_keys WHERE blind_index = ?');
    const existing = new Map<string, { personId: string; wrappedKey: Buffer }>();
    this.db.transaction(() => {
      for (const row of rows) {
        if (insert.run(row.personId, row.blindIndex, row.wrappedKey, now).changes > 0 || !row.blindIndex) continue;
        // Another process on this DATA_DIR stored this ID number's person first: use that one.
        const first = winner.get(row.blindIndex) as { person_id: string; wrapped_key: Buffer };
        existing.set(row.personId, { personId: first.person_id, wrappedKey: first.wrapped_key });
      }
    }).immediate();
    return existing;
  }

  async delete(personId: string) {
    const { changes } = this.db.prepare('DELETE FROM person_keys WHERE person_id = ?').run(personId);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changes > 0;
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}
