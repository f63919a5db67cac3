import Database from 'better-sqlite3';
import type { CryptoSuite } from '../../audit/crypto-suite';
import { type RecordCrypto, type Seal, Sealer } from './seals';

/** A store opened with a suite other than its own, holding events: an operator's decision, not the engine's. */
export class StoreSuiteMismatchError extends Error {
  constructor(readonly file: string, readonly storeSuite: CryptoSuite, readonly wanted: CryptoSuite) {
    super(
      `the event store ${file} is in the ${storeSuite} crypto suite, CRYPTO_SUITE is ${wanted}: ` +
        (wanted === 'gm'
          ? 'seal it onward in gm first with npm run audit:migrate-suite (nothing before is rewritten)'
          : 'a store sealed in gm does not go back to international; set CRYPTO_SUITE=gm'),
    );
    this.name = 'StoreSuiteMismatchError';
  }
}

/**
 * Seals the store onward in `crypto.suite` (a seal of reason `suite`, signed in gm), in a
 * write transaction on `db`: the events after it are hashed in the new suite, the ones before
 * keep their hashes and seals. Returns the latest seal (the new one, or the last one when the
 * store was already in that suite).
 */
export function sealStoreOnward(db: Database.Database, crypto: RecordCrypto, now: Date): Seal {
  db.exec('BEGIN IMMEDIATE');
  try {
    const head = db.prepare<[], number>("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)").pluck().get() ?? 0;
    const seal = new Sealer(db, crypto).sealInSuite(head, now);
    db.exec('COMMIT');
    return seal;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Which suite a store opened with `wanted` writes in: its own when nothing is wanted or it is
 * already in it; `wanted` for a store without events (sealed onward at once: a new gm store);
 * otherwise a StoreSuiteMismatchError (audit:migrate-suite is the way from international to gm).
 */
export function resolveStoreSuite(db: Database.Database, file: string, crypto: RecordCrypto | undefined, now: Date): CryptoSuite {
  const own = new Sealer(db).storeSuite();
  if (crypto === undefined || crypto.suite === own) return own;
  const events = db.prepare<[], number>('SELECT COUNT(*) FROM (SELECT 1 FROM events LIMIT 1)').pluck().get() ?? 0;
  if (events > 0 || crypto.suite !== 'gm') throw new StoreSuiteMismatchError(file, own, crypto.suite);
  sealStoreOnward(db, crypto, now);
  return crypto.suite;
}
