import { Inject, Injectable } from '@nestjs/common';
import type { ReadModelDb, ReadModelStore } from '@gov/projections';
import { ReadModelCatchUp } from './read-model-catch-up';
import { READ_MODEL_STORE } from './tokens';

const WAIT_MS = 2000;

/**
 * Read-your-writes for the API: a query first waits (briefly) for the projector to reach the
 * store's head, so a client that just got a 2xx sees its change. If the projector is slower
 * than that, the query answers from what is there rather than hang.
 */
@Injectable()
export class FreshReadModels {
  constructor(
    private readonly readModels: ReadModelCatchUp,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** The read models' query builder, once they are fresh. */
  async get(): Promise<ReadModelDb> {
    await this.waitForFresh();
    return this.store.db;
  }

  /**
   * Waits like `get`, then runs `work` in one read transaction, for answers built from several
   * queries: they all see the same rows (the projector may commit between two queries otherwise).
   */
  async read<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    await this.waitForFresh();
    return this.store.read(work);
  }

  /** Waits like `get`, for callers that go through a query class. */
  async waitForFresh(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_MS)));
    await Promise.race([this.readModels.catchUp(), timeout]);
    clearTimeout(timer);
  }
}
