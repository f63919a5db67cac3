import type Database from 'better-sqlite3';
import { LeaseGrant, LeaseLostError, LeaseStore } from './lease.port';

interface LeaseRow {
  readonly name: string;
  readonly owner: string;
  readonly generation: number;
  readonly expires_at: number;
}

/**
 * Leases as rows of the read-model file (DATA_DIR/read-models.sqlite), which every process on
 * one DATA_DIR opens: the projector's fence then runs inside the very transaction that writes
 * its read models. Each change is one IMMEDIATE transaction, so two processes racing for an
 * expired lease are serialised by SQLite and exactly one gets the next generation. Expiry
 * compares wall clocks of processes on one machine (one DATA_DIR), so they agree.
 */
export class SqliteLeaseStore implements LeaseStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS leases (
      name TEXT PRIMARY KEY, owner TEXT NOT NULL, generation INTEGER NOT NULL, expires_at INTEGER NOT NULL)`);
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<LeaseGrant | null> {
    return this.db.transaction((): LeaseGrant | null => {
      const now = this.now();
      const row = this.row(name);
      if (row && row.owner === owner && row.expires_at > now) return this.write(name, owner, row.generation, now + ttlMs);
      if (row && row.expires_at > now) return null;
      return this.write(name, owner, (row?.generation ?? 0) + 1, now + ttlMs);
    }).immediate();
  }

  async renew(grant: LeaseGrant, ttlMs: number): Promise<LeaseGrant | null> {
    const expiresAt = this.now() + ttlMs;
    const { changes } = this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND generation = ?')
      .run(expiresAt, grant.name, grant.owner, grant.generation);
    return changes === 1 ? { ...grant, expiresAt } : null;
  }

  async release(grant: LeaseGrant): Promise<void> {
    // The generation stays: whoever takes it next counts on from it.
    this.db.prepare('UPDATE leases SET expires_at = 0 WHERE name = ? AND owner = ? AND generation = ?').run(grant.name, grant.owner, grant.generation);
  }

  async holder(name: string): Promise<LeaseGrant | null> {
    const row = this.row(name);
    return row ? { name: row.name, owner: row.owner, generation: row.generation, expiresAt: row.expires_at } : null;
  }

  /**
   * Throws unless `grant` is still the lease's current generation. Synchronous, for a caller's
   * open transaction on this same file: the check and the writes after it commit together.
   */
  fence(grant: LeaseGrant | null, name: string): void {
    const current = this.row(name);
    if (!grant || !current || current.generation !== grant.generation || current.owner !== grant.owner) {
      throw new LeaseLostError(name, grant?.generation ?? null);
    }
  }

  private row(name: string): LeaseRow | undefined {
    return this.db.prepare<[string], LeaseRow>('SELECT name, owner, generation, expires_at FROM leases WHERE name = ?').get(name);
  }

  private write(name: string, owner: string, generation: number, expiresAt: number): LeaseGrant {
    this.db.prepare(`INSERT INTO leases (name, owner, generation, expires_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, generation = excluded.generation, expires_at = excluded.expires_at`)
      .run(name, owner, generation, expiresAt);
    return { name, owner, generation, expiresAt };
  }
}
