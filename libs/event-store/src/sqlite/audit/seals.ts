import type Database from 'better-sqlite3';
import { type CryptoSuite, type SealSigningKey, signSeal, suiteOfHash } from '../../audit/crypto-suite';
import { SealHasher, type SealReason } from './record-hash';

/** A row of the `seals` table: a chained checkpoint hash over the global log up to `position`. */
export interface Seal {
  readonly seq: number;
  readonly position: number;
  readonly reason: SealReason;
  readonly sealedAt: string;
  readonly hash: string;
  /** gm suite: the SM2 signature (DER, hex) of `hash` as text, and the public key it verifies under. */
  readonly signature?: string;
  readonly signer?: string;
}

export interface SealPolicy {
  /** A commit seals when at least this many events are unsealed (default 1000). */
  readonly everyEvents: number;
  /** …or when the latest seal is older than this and anything is unsealed (default 60 s). */
  readonly everyMs: number;
}

export const DEFAULT_SEAL_POLICY: SealPolicy = { everyEvents: 1000, everyMs: 60_000 };

/** One row of the `seals` table (the columns of `SEAL_ROW_COLUMNS`). */
export interface SealRow {
  readonly seq: number;
  readonly position: number;
  readonly reason: SealReason;
  readonly sealed_at: string;
  readonly hash: string;
  /** gm seals only (schema v3); absent or null for an international seal. */
  readonly signature?: string | null;
  readonly signer?: string | null;
}

export const SEAL_ROW_COLUMNS = 'seq, position, reason, sealed_at, hash, signature, signer';
/** The same row from a seals table without signature columns (schema v2; the PostgreSQL store, international only). */
export const UNSIGNED_SEAL_ROW_COLUMNS = 'seq, position, reason, sealed_at, hash, NULL AS signature, NULL AS signer';

/**
 * The suite a store writes in, and the key its gm seals are signed with. A store's suite is
 * its latest seal's: a new gm store gets a `suite` seal after its genesis seal, and
 * `audit:migrate-suite` seals an international store onward in gm the same way.
 */
export interface RecordCrypto {
  readonly suite: CryptoSuite;
  /** Required to seal in the gm suite; the engine's own (SEAL_SIGNING_KEY_FILE). */
  readonly signingKey?: SealSigningKey;
}

export const INTERNATIONAL: RecordCrypto = { suite: 'international' };

/**
 * The hasher that recomputes a seal's hash, chained to the seal before it (none for the first),
 * in the suite its stored hash names (international when not given); feed it the sealed events' hashes.
 */
export function sealHasherOf(
  seal: Pick<SealRow, 'seq' | 'position' | 'reason' | 'sealed_at'> & { readonly hash?: string },
  previous: Pick<SealRow, 'position' | 'hash'> | undefined,
): SealHasher {
  return new SealHasher({
    seq: seal.seq,
    position: seal.position,
    previousPosition: previous?.position ?? 0,
    reason: seal.reason,
    sealedAt: seal.sealed_at,
    previousHash: previous?.hash ?? null,
  }, seal.hash === undefined ? 'international' : suiteOfHash(seal.hash));
}

const SEAL_PAGE = 5000;

export const toSeal = (row: SealRow): Seal => ({
  seq: row.seq,
  position: row.position,
  reason: row.reason,
  sealedAt: row.sealed_at,
  hash: row.hash,
  ...(row.signature != null && row.signer != null ? { signature: row.signature, signer: row.signer } : {}),
});

/** The store's suite: its latest seal's (international for a file without seals). */
export function suiteOfStore(latest: Pick<Seal, 'hash'> | undefined): CryptoSuite {
  return latest ? suiteOfHash(latest.hash) : 'international';
}

/**
 * Writes seals inside the caller's write transaction: the store's batch transaction (so a
 * seal costs no transaction of its own and group commit is untouched), the migration, or an
 * operator's `audit:seal`. Reads the latest seal from the file each time, never from memory:
 * other processes may append to and seal the same file.
 */
export class Sealer {
  private readonly latest: Database.Statement<[], SealRow>;
  private readonly hashesBetween: Database.Statement<[number, number], string | null>;
  private readonly insert: (seal: Seal) => void;

  /** `schema`: `v2` only while migrating a file to v2, before the seals table had its signature columns. */
  constructor(db: Database.Database, private readonly crypto: RecordCrypto = INTERNATIONAL, schema: 'v2' | 'current' = 'current') {
    const columns = schema === 'v2' ? UNSIGNED_SEAL_ROW_COLUMNS : SEAL_ROW_COLUMNS;
    this.latest = db.prepare<[], SealRow>(`SELECT ${columns} FROM seals ORDER BY seq DESC LIMIT 1`);
    this.hashesBetween = db
      .prepare<[number, number], string | null>('SELECT hash FROM events WHERE position > ? AND position <= ? ORDER BY position')
      .pluck();
    if (schema === 'v2') {
      const insert = db.prepare<[number, number, string, string, string]>('INSERT INTO seals (seq, position, reason, sealed_at, hash) VALUES (?, ?, ?, ?, ?)');
      this.insert = (seal) => insert.run(seal.seq, seal.position, seal.reason, seal.sealedAt, seal.hash);
    } else {
      const insert = db.prepare<[number, number, string, string, string, string | null, string | null]>(
        'INSERT INTO seals (seq, position, reason, sealed_at, hash, signature, signer) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      this.insert = (seal) => insert.run(seal.seq, seal.position, seal.reason, seal.sealedAt, seal.hash, seal.signature ?? null, seal.signer ?? null);
    }
  }

  latestSeal(): Seal | undefined {
    const row = this.latest.get();
    return row && toSeal(row);
  }

  /** Called before each batch commits, with the batch's last position: one indexed read when nothing is due. */
  sealIfDue(headPosition: number, now: Date, policy: SealPolicy): Seal | undefined {
    const latest = this.latestSeal();
    const unsealed = headPosition - (latest?.position ?? 0);
    if (unsealed <= 0) return undefined;
    if (unsealed >= policy.everyEvents) return this.seal(latest, headPosition, 'count', now);
    if (latest === undefined || now.getTime() - Date.parse(latest.sealedAt) >= policy.everyMs) {
      return this.seal(latest, headPosition, 'time', now);
    }
    return undefined;
  }

  /** Seals everything up to `headPosition` now; returns the latest seal when nothing is unsealed. */
  sealUpTo(headPosition: number, reason: SealReason, now: Date): Seal {
    const latest = this.latestSeal();
    if (latest !== undefined && headPosition <= latest.position) return latest;
    return this.seal(latest, headPosition, reason, now);
  }

  /**
   * Seals everything up to `headPosition` in this sealer's suite, with reason `suite`, when the
   * store is in another: from this seal on, the store is in this suite. Nothing before it is
   * rehashed; the seal chains to the last seal of the other suite. Returns the latest seal.
   */
  sealInSuite(headPosition: number, now: Date): Seal {
    const latest = this.latestSeal();
    if (suiteOfStore(latest) === this.crypto.suite) return latest ?? this.seal(undefined, headPosition, 'suite', now);
    return this.seal(latest, Math.max(headPosition, latest?.position ?? 0), 'suite', now);
  }

  /** The store's suite: its latest seal's. */
  storeSuite(): CryptoSuite {
    return suiteOfStore(this.latestSeal());
  }

  private seal(previous: Seal | undefined, position: number, reason: SealReason, now: Date): Seal {
    const header = {
      seq: (previous?.seq ?? 0) + 1,
      position,
      previousPosition: previous?.position ?? 0,
      reason,
      sealedAt: now.toISOString(),
      previousHash: previous?.hash ?? null,
    };
    const hasher = new SealHasher(header, this.crypto.suite);
    // In ranges of positions: a seal over a migrated file covers every event it held.
    for (let after = header.previousPosition; after < position; after += SEAL_PAGE) {
      hasher.addAll(this.hashesBetween.all(after, Math.min(position, after + SEAL_PAGE)));
    }
    const hash = hasher.digest();
    const signed = this.crypto.suite === 'gm' ? signSeal(this.signingKey(), hash) : undefined;
    const seal: Seal = { seq: header.seq, position, reason, sealedAt: header.sealedAt, hash, ...signed };
    this.insert(seal);
    return seal;
  }

  private signingKey() {
    if (!this.crypto.signingKey) throw new Error('sealing in the gm suite needs the engine\'s SM2 signing key (SEAL_SIGNING_KEY_FILE)');
    return this.crypto.signingKey;
  }
}
