import type { EventStore } from '@gov/event-store';
import type { Projector } from '@gov/projections';

const POLL_MS = 20;

/**
 * "Wait until the read models reached the store's head", for the API's read-your-writes and
 * the deadline watcher's agenda. Where the projector runs in this process, it catches up;
 * where it runs in another process (the `api` and `watcher` roles), this process only watches
 * the checkpoint that one stores with the read models — it never projects itself.
 */
export abstract class ReadModelCatchUp {
  abstract catchUp(): Promise<void>;
}

export class InProcessCatchUp extends ReadModelCatchUp {
  constructor(private readonly projector: Projector) {
    super();
  }

  catchUp(): Promise<void> {
    return this.projector.catchUp();
  }
}

export class OtherProcessCatchUp extends ReadModelCatchUp {
  constructor(
    private readonly store: EventStore,
    private readonly projector: Projector,
    /** A projector that is down must not hang the caller: past this, it goes on with what is there. */
    private readonly maxWaitMs = 5_000,
  ) {
    super();
  }

  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + this.maxWaitMs;
    while ((await this.projector.checkpoint()) < head && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
