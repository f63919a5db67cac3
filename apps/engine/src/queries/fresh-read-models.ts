import { Inject, Injectable } from '@nestjs/common';
import type { ReadModelDb } from '@gov/projections';
import { ReadModelCatchUp } from '../infrastructure/read-model-catch-up';
import { READ_MODEL_DB } from '../infrastructure/tokens';

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
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {}

  async get(): Promise<ReadModelDb> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_MS)));
    await Promise.race([this.readModels.catchUp(), timeout]);
    clearTimeout(timer);
    return this.db;
  }
}
