/**
 * A lease makes one process of a kind the active one per store (one projector, one deadline
 * watcher): it is taken when free or expired, renewed before it expires, and every taking
 * starts a new generation. The generation is the fencing token: a writer that checks it in
 * the same transaction as its writes cannot write once another process took the lease, even
 * if it was paused past its expiry and has not noticed yet.
 *
 * Implemented once, as rows of the read-model store (ReadModelLeaseStore), on the embedded
 * SQLite file or on PostgreSQL alike: the fence then runs inside the read models' own
 * transactions.
 */
export interface LeaseGrant {
  readonly name: string;
  readonly owner: string;
  readonly generation: number;
  /**
   * Milliseconds since the epoch, by the database's clock when it was taken or renewed (the
   * clock every process of the deployment compares expiries with; a process's own clock may
   * be off from it by the machines' skew).
   */
  readonly expiresAt: number;
}

export interface LeaseStore {
  /** Takes the lease when nobody holds it or the holder let it expire (a new generation); null while another owner holds it. */
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<LeaseGrant | null>;
  /** Extends the lease if this grant is still the current generation; null once it was taken over. */
  renew(grant: LeaseGrant, ttlMs: number): Promise<LeaseGrant | null>;
  /** Gives it up at once (a graceful stop), so a standby need not wait for the expiry. */
  release(grant: LeaseGrant): Promise<void>;
  /** The last holder, expired or not: for status lines and metrics. */
  holder(name: string): Promise<LeaseGrant | null>;
}

/** The write was refused: this process no longer holds the lease it writes under. */
export class LeaseLostError extends Error {
  readonly code = 'LEASE.LOST';
  constructor(readonly lease: string, readonly generation: number | null) {
    super(generation === null ? `lease ${lease} is not held by this process` : `lease ${lease} generation ${generation} was taken over`);
  }
}
