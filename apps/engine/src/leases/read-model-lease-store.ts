import { runScript, type ReadModelDb, type ReadModelStore } from '@gov/projections';
import { LeaseGrant, LeaseLostError, LeaseStore } from './lease.port';

/** The lease rows, beside the read models they guard. */
const TABLES = `
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY, owner TEXT NOT NULL, generation INTEGER NOT NULL, expires_at BIGINT NOT NULL
);
`;

type LeaseTables = {
  leases: { name: string; owner: string; generation: number; expires_at: number };
};

/** Milliseconds since the epoch, told inside the transaction that compares or sets an expiry. */
export type LeaseClock = (tx: ReadModelDb) => Promise<number>;

/**
 * Leases as rows of the read-model store every process of a deployment opens (the SQLite file
 * under DATA_DIR, or the PostgreSQL database): the projector's fence then runs inside the very
 * transaction that writes its read models. Each change is one write transaction, and two
 * processes racing for an expired lease are serialised (SQLite's write lock, PostgreSQL's
 * advisory lock on the lease's name), so exactly one gets the next generation. Expiry is
 * told by the database's clock, not the process's: processes on several machines share the
 * database, not a clock.
 */
export class ReadModelLeaseStore implements LeaseStore {
  private constructor(
    private readonly store: ReadModelStore,
    private readonly now: LeaseClock,
  ) {}

  /** Creates the lease table if needed. `now` is for tests that move time; by default, the database's clock. */
  static async open(store: ReadModelStore, now: LeaseClock = (tx) => store.nowMs(tx)): Promise<ReadModelLeaseStore> {
    await store.migrate((tx) => runScript(tx, TABLES));
    return new ReadModelLeaseStore(store, now);
  }

  tryAcquire(name: string, owner: string, ttlMs: number): Promise<LeaseGrant | null> {
    return this.changing(name, async (tx) => {
      const now = await this.now(tx);
      const row = await this.row(tx, name);
      if (row && row.owner === owner && row.expiresAt > now) return this.write(tx, { name, owner, generation: row.generation, expiresAt: now + ttlMs });
      if (row && row.expiresAt > now) return null;
      return this.write(tx, { name, owner, generation: (row?.generation ?? 0) + 1, expiresAt: now + ttlMs });
    });
  }

  renew(grant: LeaseGrant, ttlMs: number): Promise<LeaseGrant | null> {
    return this.changing(grant.name, async (tx) => {
      const expiresAt = (await this.now(tx)) + ttlMs;
      const { numUpdatedRows } = await this.sameGrant(tx, grant).set({ expires_at: expiresAt }).executeTakeFirst();
      return Number(numUpdatedRows) === 1 ? { ...grant, expiresAt } : null;
    });
  }

  async release(grant: LeaseGrant): Promise<void> {
    // The generation stays: whoever takes it next counts on from it.
    await this.changing(grant.name, (tx) => this.sameGrant(tx, grant).set({ expires_at: 0 }).execute());
  }

  /** Removes a lease of a name used once (an engine process's presence): gone, not just expired. */
  async forget(grant: LeaseGrant): Promise<void> {
    await this.changing(grant.name, (tx) => tx.withTables<LeaseTables>().deleteFrom('leases')
      .where('name', '=', grant.name).where('owner', '=', grant.owner).where('generation', '=', grant.generation).execute());
  }

  /** The leases whose name starts with `prefix` and that have not expired, by the database's clock. */
  async live(prefix: string): Promise<(LeaseGrant & { msLeft: number })[]> {
    return this.store.read(async (tx) => {
      const now = await this.now(tx);
      const rows = await tx.withTables<LeaseTables>().selectFrom('leases').select(['name', 'owner', 'generation', 'expires_at'])
        .where('name', 'like', `${prefix}%`).where('expires_at', '>', now).orderBy('name').execute();
      return rows.map((row) => ({
        name: row.name, owner: row.owner, generation: Number(row.generation), expiresAt: Number(row.expires_at), msLeft: Number(row.expires_at) - now,
      }));
    });
  }

  async holder(name: string): Promise<LeaseGrant | null> {
    return (await this.row(this.store.db, name)) ?? null;
  }

  /**
   * Throws unless `grant` is still the lease's current generation. Runs inside the caller's
   * write transaction on the same store, so the check and the writes after it commit together;
   * on PostgreSQL it first takes the lease's lock, so a taker waits until those writes are
   * committed (or refused) instead of taking over in the middle of them.
   */
  async fence(tx: ReadModelDb, grant: LeaseGrant | null, name: string): Promise<void> {
    await this.store.exclusive(tx, lockOf(name));
    const current = await this.row(tx, name);
    if (!grant || !current || current.generation !== grant.generation || current.owner !== grant.owner) {
      throw new LeaseLostError(name, grant?.generation ?? null);
    }
  }

  /** One write transaction on one lease, under its lock. */
  private changing<T>(name: string, work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.store.write(async (tx) => {
      await this.store.exclusive(tx, lockOf(name));
      return work(tx);
    });
  }

  /** An update of the lease row only while it is still this grant's. */
  private sameGrant(tx: ReadModelDb, grant: LeaseGrant) {
    return tx.withTables<LeaseTables>().updateTable('leases')
      .where('name', '=', grant.name).where('owner', '=', grant.owner).where('generation', '=', grant.generation);
  }

  private async row(db: ReadModelDb, name: string): Promise<LeaseGrant | undefined> {
    const row = await db.withTables<LeaseTables>().selectFrom('leases').select(['name', 'owner', 'generation', 'expires_at'])
      .where('name', '=', name).executeTakeFirst();
    return row && { name: row.name, owner: row.owner, generation: Number(row.generation), expiresAt: Number(row.expires_at) };
  }

  private async write(tx: ReadModelDb, grant: LeaseGrant): Promise<LeaseGrant> {
    await tx.withTables<LeaseTables>().insertInto('leases')
      .values({ name: grant.name, owner: grant.owner, generation: grant.generation, expires_at: grant.expiresAt })
      .onConflict((conflict) => conflict.column('name').doUpdateSet((eb) => ({
        owner: eb.ref('excluded.owner'), generation: eb.ref('excluded.generation'), expires_at: eb.ref('excluded.expires_at'),
      })))
      .execute();
    return grant;
  }
}

function lockOf(name: string): string {
  return `lease:${name}`;
}
