import { performance } from 'node:perf_hooks';

/** How often the probe asks for a turn of the event loop. */
const PROBE_MS = 5;
/** The window over which the loop must have stayed behind: a long batch is a spike, a standing queue lasts. */
const WINDOW_MS = 100;

/**
 * Is the event loop persistently behind? A timer due every 5 ms measures how late each turn
 * comes; the loop counts as behind when every turn of the last 100 ms was later than
 * `targetMs` (the controlled-delay idea of CoDel, RFC 8289: a queue that never drains is the
 * bad one, a burst that drains is not): the first turn on time ends it.
 *
 * For a loop late for other reasons than requests (a catch-up after a restart, an import):
 * with the in-flight bound at 32 it bettered no figure of the overload bench, so it is off
 * unless LOOP_LAG_TARGET_MS is set (decision 0092).
 */
export class LoopLag {
  private dueAt = 0;
  /** Since when every turn has come later than the target (null: the last one was on time). */
  private lateSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly targetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(): this {
    if (this.timer || this.targetMs <= 0) return this;
    const probe = (): void => {
      this.record(this.now());
      this.timer = setTimeout(probe, PROBE_MS).unref();
    };
    this.dueAt = this.now() + PROBE_MS;
    this.timer = setTimeout(probe, PROBE_MS).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A probe's turn came at `at`. */
  record(at: number): void {
    const lagMs = at - this.dueAt;
    if (lagMs <= this.targetMs) this.lateSince = null;
    else this.lateSince ??= at;
    this.dueAt = at + PROBE_MS;
  }

  /** True when every turn of the loop has come more than `targetMs` late for the whole window: one late turn (a long batch) is not enough. */
  behind(): boolean {
    return this.timer !== null && this.lateSince !== null && this.now() - this.lateSince >= WINDOW_MS;
  }
}
