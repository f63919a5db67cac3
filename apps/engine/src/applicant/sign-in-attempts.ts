/**
 * Failed query-code sign-ins per case: a few tries a quarter hour, so the 40 bits of a code
 * cannot be walked. Kept in memory on purpose — a restart forgives, which costs an attacker
 * minutes per restart, not the 2^40 tries a code would need; several API instances each count
 * their own (README: Identity).
 */
export class SignInAttempts {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxTracked = 100_000,
  ) {}

  /** Milliseconds until `caseNo` may be tried again, or 0 when it may now. */
  lockedFor(caseNo: string, now: number): number {
    const entry = this.failures.get(caseNo);
    if (!entry || now - entry.since >= this.windowMs) return 0;
    return entry.count >= this.maxFailures ? entry.since + this.windowMs - now : 0;
  }

  failed(caseNo: string, now: number): void {
    const entry = this.failures.get(caseNo);
    if (entry && now - entry.since < this.windowMs) {
      entry.count += 1;
      return;
    }
    // Bounded: the oldest entry goes first (a Map iterates in insertion order).
    if (this.failures.size >= this.maxTracked) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.delete(caseNo);
    this.failures.set(caseNo, { count: 1, since: now });
  }

  succeeded(caseNo: string): void {
    this.failures.delete(caseNo);
  }
}
