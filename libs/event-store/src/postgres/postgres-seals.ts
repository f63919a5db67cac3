import type { ClientBase } from 'pg';
import type { SealReason } from '../sqlite/audit/record-hash';
import { type Seal, sealHasherOf, UNSIGNED_SEAL_ROW_COLUMNS, type SealPolicy, type SealRow } from '../sqlite/audit/seals';

const SEAL_PAGE = 5000;

const toSeal = (row: SealRow): Seal => ({ seq: row.seq, position: row.position, reason: row.reason, sealedAt: row.sealed_at, hash: row.hash });

/**
 * The seals of the PostgreSQL store, written inside the caller's transaction (the batch's, which
 * holds the log's head row, so no other process seals or appends meanwhile). The hashing is the
 * SQLite store's own (`sealHasherOf`): the same seal over the same events on either store.
 */
export async function latestSeal(client: ClientBase): Promise<Seal | undefined> {
  const { rows } = await client.query<SealRow>(`SELECT ${UNSIGNED_SEAL_ROW_COLUMNS} FROM seals ORDER BY seq DESC LIMIT 1`);
  return rows[0] && toSeal(rows[0]);
}

/**
 * Called before each batch commits, with the batch's last position and the latest seal (read
 * with the lock on the log's head, in the same round trip): nothing more to read when nothing is due.
 */
export async function sealIfDue(client: ClientBase, latest: Seal | undefined, headPosition: number, now: Date, policy: SealPolicy): Promise<Seal | undefined> {
  const unsealed = headPosition - (latest?.position ?? 0);
  if (unsealed <= 0) return undefined;
  if (unsealed >= policy.everyEvents) return seal(client, latest, headPosition, 'count', now);
  if (latest === undefined || now.getTime() - Date.parse(latest.sealedAt) >= policy.everyMs) return seal(client, latest, headPosition, 'time', now);
  return undefined;
}

export function toSealOf(row: SealRow | undefined): Seal | undefined {
  return row && toSeal(row);
}

/** Seals everything up to `headPosition` now; returns the latest seal when nothing is unsealed. */
export async function sealUpTo(client: ClientBase, headPosition: number, reason: SealReason, now: Date): Promise<Seal> {
  const latest = await latestSeal(client);
  if (latest !== undefined && headPosition <= latest.position) return latest;
  return seal(client, latest, headPosition, reason, now);
}

async function seal(client: ClientBase, previous: Seal | undefined, position: number, reason: SealReason, now: Date): Promise<Seal> {
  const row = { seq: (previous?.seq ?? 0) + 1, position, reason, sealed_at: now.toISOString() };
  const hasher = sealHasherOf(row, previous);
  const previousPosition = previous?.position ?? 0;
  for (let after = previousPosition; after < position; after += SEAL_PAGE) {
    const { rows } = await client.query<{ hash: string }>('SELECT hash FROM events WHERE position > $1 AND position <= $2 ORDER BY position',
      [after, Math.min(position, after + SEAL_PAGE)]);
    hasher.addAll(rows.map((hashRow) => hashRow.hash));
  }
  const sealed: Seal = { seq: row.seq, position, reason, sealedAt: row.sealed_at, hash: hasher.digest() };
  await client.query('INSERT INTO seals (seq, position, reason, sealed_at, hash) VALUES ($1, $2, $3, $4, $5)',
    [sealed.seq, sealed.position, sealed.reason, sealed.sealedAt, sealed.hash]);
  return sealed;
}
