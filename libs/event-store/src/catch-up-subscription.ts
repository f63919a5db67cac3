import type { StoredEvent, SubscribeOptions, Subscription, SubscriptionHandler } from './event-store.port';

const DEFAULT_SUBSCRIPTION_BATCH = 500;
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5000;

export interface ReadAfterResult {
  readonly events: StoredEvent[];
  /** Everything up to this position was looked at (events of other types included). */
  readonly upTo: number;
}

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  /** The next events after `after` (at most `limit`), and the position up to which the log was looked at. */
  readAfter(after: number, limit: number): ReadAfterResult | Promise<ReadAfterResult>;
  readonly pollIntervalMs: number;
  detach(subscription: CatchUpSubscription): void;
}

interface PositionWaiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Pause {
  /** Idle waits end on a commit; retry back-offs do not (the handler is what failed). */
  readonly wakeOnCommit: boolean;
  readonly end: () => void;
}

/**
 * Catch-up then live subscription over `readAfter`. Only the checkpoint and the pending
 * `caughtUpTo` waiters live in memory; events are read batch by batch from the store.
 */
export class CatchUpSubscription implements Subscription {
  private checkpoint: number;
  private readonly batchSize: number;
  private readonly waiters = new Set<PositionWaiter>();
  private readonly finished: Promise<void>;
  private stopRequested = false;
  /** Set by a commit notification; cleared right before each read, which then sees it. */
  private commitPending = false;
  private pause: Pause | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
  ) {
    if (!Number.isInteger(options.after) || options.after < 0) {
      throw new RangeError(`invalid checkpoint ${options.after}`);
    }
    this.checkpoint = options.after;
    this.batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`invalid batch size ${this.batchSize}`);
    }
    this.finished = this.run();
  }

  /** Called by the store after each commit of this process: new events may be readable. */
  notifyCommitted(): void {
    this.commitPending = true;
    if (this.pause?.wakeOnCommit) this.pause.end();
  }

  stop(): Promise<void> {
    this.stopRequested = true;
    this.pause?.end();
    return this.finished;
  }

  /**
   * A position past the checkpoint was committed (the caller saw it, usually as the head):
   * an idle subscription reads at once instead of at its next poll. Without this, a command
   * on one API instance waited up to a poll interval for the reference data after a commit
   * by another instance or process (docs/decisions/0019).
   */
  caughtUpTo(position: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    if (this.stopRequested) return Promise.reject(this.stoppedError(position));
    const waiting = new Promise<void>((resolve, reject) => this.waiters.add({ position, resolve, reject }));
    this.notifyCommitted();
    return waiting;
  }

  private async run(): Promise<void> {
    // Never call the handler synchronously from inside subscribeToAll().
    await Promise.resolve();
    let failures = 0;
    while (!this.stopRequested) {
      try {
        const caughtUp = await this.deliverNextBatch();
        failures = 0;
        if (caughtUp) await this.sleep(this.source.pollIntervalMs, true);
        // Behind, the next batch waits its turn of the event loop: reading and handling a batch
        // on SQLite never leaves the microtask queue, so a long catch-up (a first start on a
        // year of log) held back every request, timer and other subscription until it ended.
        else await nextTurnOfEventLoop();
      } catch (error) {
        failures += 1;
        this.report(error);
        // The checkpoint did not move: the same batch is retried, never skipped.
        await this.sleep(Math.min(RETRY_MIN_MS * 2 ** (failures - 1), RETRY_MAX_MS), false);
      }
    }
    this.finish();
  }

  /** Delivers one batch; returns true when there was nothing after the checkpoint. */
  private async deliverNextBatch(): Promise<boolean> {
    this.commitPending = false;
    const { events, upTo } = await this.source.readAfter(this.checkpoint, this.batchSize);
    if (upTo <= this.checkpoint) return true;
    if (events.length > 0) await this.handler(events);
    await this.options.onProgress?.(upTo);
    this.advanceTo(upTo);
    return false;
  }

  private advanceTo(position: number): void {
    this.checkpoint = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Waits `ms`, or less when stopped or (if `wakeOnCommit`) when a commit is notified. */
  private sleep(ms: number, wakeOnCommit: boolean): Promise<void> {
    if (this.stopRequested || (wakeOnCommit && this.commitPending)) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const end = (): void => {
        clearTimeout(timer);
        this.pause = undefined;
        resolve();
      };
      timer = setTimeout(end, ms);
      this.pause = { wakeOnCommit, end };
    });
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // A failing error reporter must not end the subscription.
    }
  }

  private finish(): void {
    this.source.detach(this);
    for (const waiter of this.waiters) waiter.reject(this.stoppedError(waiter.position));
    this.waiters.clear();
  }

  private stoppedError(position: number): Error {
    return new Error(`subscription stopped at ${this.checkpoint} before reaching position ${position}`);
  }
}

function nextTurnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
