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
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.statements = prepareStatements(this.db);
  }

  async byBlindIndex(blindIndex: string) {
    const row = this.statements.byBlindIndex.get(blindIndex);
    return row && { personId: row.person_id, wrappedKey: row.wrapped_key };
  }

  async wrappedKeyOf(personId: string) {
    return this.statements.wrappedKeyOf.get(personId)?.wrapped_key;
  }

  async insert(rows: readonly PersonKeyRow[]) {
    const now = new Date().toISOString();
    return this.statements.insertAll.immediate(rows, now);
  }

  async delete(personId: string) {
    const { changes } = this.statements.delete.run(personId);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changes > 0;
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}

function prepareStatements(db: Database.Database) {
  const statements = {
    byBlindIndex: db.prepare<[string], { person_id: string; wrapped_key: Buffer }>('SELECT person_id, wrapped_key FROM person_keys WHERE blind_index = ?'),
    wrappedKeyOf: db.prepare<[string], { wrapped_key: Buffer }>('SELECT wrapped_key FROM person_keys WHERE person_id = ?'),
    insert: db.prepare<[string, string | null, Buffer, string]>(`INSERT INTO person_keys (person_id, blind_index, wrapped_key, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (blind_index) DO NOTHING`),
    delete: db.prepare<[string]>('DELETE FROM person_keys WHERE person_id = ?'),
  };
  /** The persons already stored under a new row's ID number, by the new row's person id. */
  const insertAll = db.transaction((rows: readonly PersonKeyRow[], now: string) => {
    const existing = new Map<string, { personId: string; wrappedKey: Buffer }>();
    for (const row of rows) {
      if (statements.insert.run(row.personId, row.blindIndex, row.wrappedKey, now).changes > 0 || !row.blindIndex) continue;
      // Another process on this DATA_DIR stored this ID number's person first: use that one.
      const first = statements.byBlindIndex.get(row.blindIndex) as { person_id: string; wrapped_key: Buffer };
      existing.set(row.personId, { personId: first.person_id, wrappedKey: first.wrapped_key });
    }
    return existing;
  });
  return { ...statements, insertAll };
}
