import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import type { Projection } from './projection';
import type { ReadModelDb } from './read-model-db';

const CHECKPOINT = 'read-models';

/**
 * Feeds every projection from the event store's global log, starting at the checkpoint
 * stored in the read-model database. Each batch commits with its checkpoint in one
 * transaction; events at or below the stored checkpoint are skipped inside that
 * transaction, so even two projectors on one file never apply an event twice.
 */
export class Projector {
  private subscription: Subscription | null = null;
  private readonly readCheckpoint;
  private readonly writeCheckpoint;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    private readonly projections: readonly Projection[],
  ) {
    for (const projection of projections) projection.migrate(db);
    this.readCheckpoint = db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?');
    this.writeCheckpoint = db.prepare<[string, number]>(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
    );
  }

  checkpoint(): number {
    return this.readCheckpoint.get(CHECKPOINT)?.position ?? 0;
  }

  start(onError: (error: unknown) => void = () => undefined): void {
    if (this.subscription) return;
    this.subscription = this.store.subscribeToAll(
      { after: this.checkpoint(), batchSize: 1000, onError },
      async (events) => this.applyBatch(events),
    );
  }

  /** Resolves once every event up to the store's current head is in the read models. */
  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (this.subscription) return this.subscription.caughtUpTo(head);
    let after = this.checkpoint();
    while (after < head) {
      const events = await this.store.readAll({ after, limit: 2000 });
      if (events.length === 0) break;
      this.applyBatch(events);
      after = events[events.length - 1].position;
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** Empties every read model and the checkpoint: the next catch-up replays the whole log. */
  reset(): void {
    this.db.transaction(() => {
      for (const projection of this.projections) projection.drop(this.db);
      for (const projection of this.projections) projection.migrate(this.db);
      this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(CHECKPOINT);
    })();
  }

  private applyBatch(events: readonly StoredEvent[]): void {
    // IMMEDIATE takes the write lock before the checkpoint is read, so a second projector on
    // the same file (the report CLI beside the engine) waits instead of failing mid-batch.
    this.db.transaction(() => {
      const stored = this.checkpoint();
      let last = stored;
      for (const event of events) {
        if (event.position <= stored) continue;
        for (const projection of this.projections) projection.apply(this.db, event);
        last = event.position;
      }
      if (last > stored) this.writeCheckpoint.run(CHECKPOINT, last);
    }).immediate();
  }
}
