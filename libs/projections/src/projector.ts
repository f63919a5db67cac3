import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import type { Projection } from './projection';
import type { ReadModelDb } from './read-model-db';

const CHECKPOINT = 'read-models';
/** Events per transaction when catching up. */
const CATCH_UP_BATCH = 10_000;
/** From this many events behind, a catch-up runs as a replay (see Projection.beforeReplay). */
const REPLAY_THRESHOLD = 50_000;

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
    /**
     * Called inside each batch's transaction before anything is written; throws to refuse the
     * batch. A projector that runs under a lease checks there that it still holds it, so a
     * holder paused past its expiry cannot write after another took over.
     */
    private readonly fence: () => void = () => undefined,
  ) {
    for (const projection of projections) projection.migrate(db);
    this.rebuildOutdated();
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
    const replay = head - after >= REPLAY_THRESHOLD;
    if (replay) this.inTransaction((projection) => projection.beforeReplay?.(this.db));
    try {
      while (after < head) {
        const events = await this.store.readAll({ after, limit: CATCH_UP_BATCH });
        if (events.length === 0) break;
        this.applyBatch(events);
        after = events[events.length - 1].position;
      }
    } finally {
      if (replay) this.inTransaction((projection) => projection.afterReplay?.(this.db));
    }
  }

  private inTransaction(each: (projection: Projection) => void): void {
    this.db.transaction(() => {
      for (const projection of this.projections) each(projection);
    }).immediate();
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

  /**
   * A projection whose tables changed since the file was built (its `version`) makes every
   * read model start again from zero: they are rebuilt from the log, never migrated.
   */
  private rebuildOutdated(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    this.db.transaction(() => {
      const stored = new Map(this.db.prepare<[], { name: string; version: number }>('SELECT name, version FROM projection_versions').all()
        .map((row) => [row.name, row.version]));
      // A file from before versions were recorded holds version 1 of everything.
      const outdated = this.projections.filter((projection) => (stored.get(projection.name) ?? 1) !== (projection.version ?? 1));
      if (outdated.length > 0) this.reset();
      const record = this.db.prepare<[string, number]>(
        'INSERT INTO projection_versions (name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version');
      for (const projection of this.projections) record.run(projection.name, projection.version ?? 1);
    }).immediate();
  }

  private applyBatch(events: readonly StoredEvent[]): void {
    // IMMEDIATE takes the write lock before the checkpoint is read, so a second projector on
    // the same file (the report CLI beside the engine) waits instead of failing mid-batch.
    this.db.transaction(() => {
      this.fence();
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
