import type { SignInFailures } from '@gov/projections';

/**
 * The query-code throttle. A code is 40 bits: walking it takes a source (an address) many
 * tries, so the source is what is slowed, never the case: 5 wrong codes for one case, or 20
 * for any cases, in a quarter hour, and that source waits; the applicant, from their own
 * phone or at the window, signs in as before. Failures are kept in the read-model store, so a
 * restart or another API process forgives nothing.
 */
export class SignInAttempts {
  constructor(
    private readonly failures: SignInFailures,
    private readonly perCase = 5,
    private readonly perSource = 20,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until `source` may try `caseNo` again, or 0 when it may now. */
  async lockedFor(source: string, caseNo: string, now: number): Promise<number> {
    const counts = await this.failures.counts(source, caseNo, now - this.windowMs);
    const untilCase = counts.onCase >= this.perCase && counts.oldestOnCase !== null ? counts.oldestOnCase + this.windowMs - now : 0;
    const untilSource = counts.fromSource >= this.perSource && counts.oldestFromSource !== null ? counts.oldestFromSource + this.windowMs - now : 0;
    return Math.max(untilCase, untilSource, 0);
  }

  failed(source: string, caseNo: string, now: number): Promise<void> {
    return this.failures.failed(source, caseNo, now, now - this.windowMs);
  }

  succeeded(source: string, caseNo: string): Promise<void> {
    return this.failures.succeeded(source, caseNo);
  }
}
