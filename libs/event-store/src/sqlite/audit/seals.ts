import type Database from 'better-sqlite3';
import { SealHasher, type SealReason } from './record-hash';

/** A row of the `seals` table: a chained checkpoint hash over the global log up to `position`. */
export interface Seal {
  readonly seq: number;
  readonly position: number;
  readonly reason: SealReason;
  readonly sealedAt: string;
  readonly hash: string;
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
}

export const SEAL_ROW_COLUMNS = 'seq, position, reason, sealed_at, hash';

/** The hasher that recomputes a seal's hash, chained to the seal before it (none for the first); feed it the sealed events' hashes. */
export function sealHasherOf(seal: Omit<SealRow, 'hash'>, previous: Pick<SealRow, 'position' | 'hash'> | undefined): SealHasher {
  return new SealHasher({
    seq: seal.seq,
    position: seal.position,
    previousPosition: previous?.position ?? 0,
    reason: seal.reason,
    sealedAt: seal.sealed_at,
    previousHash: previous?.hash ?? null,
  });
}

const SEAL_PAGE = 5000;

const toSeal = (row: SealRow): Seal => ({ seq: row.seq, position: row.position, reason: row.reason, sealedAt: row.sealed_at, hash: row.hash });

/**
 * Writes seals inside the caller's write transaction: the store's batch transaction (so a
 * seal costs no transaction of its own and group commit is untouched), the migration, or an
 * operator's `audit:seal`. Reads the latest seal from the file each time, never from memory:
 * other processes may append to and seal the same file.
 */
export class Sealer {
  private readonly latest: Database.Statement<[], SealRow>;
  private readonly hashesBetween: Database.Statement<[number, number], string | null>;
  private readonly insert: Database.Statement<[number, number, string, string, string]>;

  constructor(db: Database.Database) {
    this.latest = db.prepare<[], SealRow>(`SELECT ${SEAL_ROW_COLUMNS} FROM seals ORDER BY seq DESC LIMIT 1`);
    this.hashesBetween = db
      .prepare<[number, number], string | null>('SELECT hash FROM events WHERE position > ? AND position <= ? ORDER BY position')
      .pluck();
    this.insert = db.prepare<[number, number, string, string, string]>(
      'INSERT INTO seals (seq, position, reason, sealed_at, hash) VALUES (?, ?, ?, ?, ?)',
    );
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

  private seal(previous: Seal | undefined, position: number, reason: SealReason, now: Date): Seal {
    const header = {
      seq: (previous?.seq ?? 0) + 1,
      position,
      previousPosition: previous?.position ?? 0,
      reason,
      sealedAt: now.toISOString(),
      previousHash: previous?.hash ?? null,
    };
    const hasher = new SealHasher(header);
    // In ranges of positions: a seal over a migrated file covers every event it held.
    for (let after = header.previousPosition; after < position; after += SEAL_PAGE) {
      hasher.addAll(this.hashesBetween.all(after, Math.min(position, after + SEAL_PAGE)));
    }
    const seal: Seal = { seq: header.seq, position, reason, sealedAt: header.sealedAt, hash: hasher.digest() };
    this.insert.run(seal.seq, seal.position, seal.reason, seal.sealedAt, seal.hash);
    return seal;
  }
}
