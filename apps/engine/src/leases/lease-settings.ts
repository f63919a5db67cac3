/** The timing of one lease, from its time to live (LEASE_TTL_MS, default 10 s: the longest a standby waits after a crash). */
export interface LeaseSettings {
  readonly ttlMs: number;
  /** How often the holder renews: a third of the TTL, so two renewals may fail before it expires. */
  readonly renewEveryMs: number;
  /** How often a standby tries to take it: half the TTL at most, 2 s by default. */
  readonly retryEveryMs: number;
}

export function leaseSettings(ttlMs: number): LeaseSettings {
  return { ttlMs, renewEveryMs: Math.floor(ttlMs / 3), retryEveryMs: Math.min(2_000, Math.floor(ttlMs / 2)) };
}
