import type Database from 'better-sqlite3';
import { EVENT_ROW_COLUMNS, EventRow, hashOfRow } from '../event-row';
import { INTERNATIONAL, Sealer } from './seals';

const PAGE = 2000;

/**
 * Schema v2: the tamper-evident record. Runs inside the migration's transaction.
 *
 * A file written before the record existed is hashed here, in position order, and sealed at
 * once by a seal of reason `migration`; a new file gets an empty `genesis` seal. Hashing on
 * migration (rather than leaving old events outside the chains) protects them from now on;
 * what it cannot prove is that they were unaltered before the migration, and the seal's
 * reason and time say where that line lies.
 */
export function addTamperEvidentRecord(db: Database.Database, now: Date): void {
  db.exec(`
    ALTER TABLE events ADD COLUMN hash TEXT;
    ALTER TABLE streams ADD COLUMN hash TEXT;
    CREATE TABLE seals (
      seq       INTEGER PRIMARY KEY,
      position  INTEGER NOT NULL,
      reason    TEXT    NOT NULL,
      sealed_at TEXT    NOT NULL,
      hash      TEXT    NOT NULL
    );`);
  const head = hashExistingEvents(db);
  new Sealer(db, INTERNATIONAL, 'v2').sealUpTo(head, head === 0 ? 'genesis' : 'migration', now);
}

/** Returns the last position hashed (0 for an empty file). */
function hashExistingEvents(db: Database.Database): number {
  const page = db.prepare<[number, number], EventRow>(
    `SELECT ${EVENT_ROW_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const setHash = db.prepare<[string, number]>('UPDATE events SET hash = ? WHERE position = ?');
  const setStreamHash = db.prepare<[string, string]>('UPDATE streams SET hash = ? WHERE stream_id = ?');
  const streamHeads = new Map<string, string>();
  let after = 0;
  for (let rows = page.all(after, PAGE); rows.length > 0; rows = page.all(after, PAGE)) {
    for (const row of rows) {
      const hash = hashOfRow(row, streamHeads.get(row.stream_id) ?? null);
      setHash.run(hash, row.position);
      streamHeads.set(row.stream_id, hash);
      after = row.position;
    }
  }
  for (const [streamId, hash] of streamHeads) setStreamHash.run(hash, streamId);
  return after;
}

/**
 * Schema v3: the crypto suites (crypto-suite.ts). A seal in the gm suite carries its SM2
 * signature and the public key it verifies under; the hashes carry their suite themselves.
 */
export const ADD_SEAL_SIGNATURES = `
  ALTER TABLE seals ADD COLUMN signature TEXT;
  ALTER TABLE seals ADD COLUMN signer TEXT;`;
