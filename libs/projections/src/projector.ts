import { type EventStore, readLogPages, readLogRange, type ReadRangeOptions, type StoredEvent, type Subscription, type WorkedPage } from '@gov/event-store';
import type { Projection } from './projection';
import { planReplay, type Replay } from './replay/replay';
import type { FoldedPage } from './replay/replay-work';
import { deleteCheckpoint, readCheckpoint, writeCheckpoint } from './store/checkpoints';
import type { ReadModelDb, ReadModelStore } from './store/read-model-store';
import type { Hold } from './store/row-fold';

const CHECKPOINT = 'read-models';
/**
 * Events per transaction when catching up. On SQLite 5,000: a batch's events and rows then
 * die young, in V8's young generation, rather than living on into the old one (docs/decisions/0023).
 * On PostgreSQL 10,000: a batch costs a round trip per table and kind of row.
 */
const CATCH_UP_BATCH = { sqlite: 5_000, postgres: 10_000 } as const;
/** From this many events behind, a catch-up runs as a replay (see Projection.beforeReplay). */
const REPLAY_THRESHOLD = 50_000;
/**
 * Rows of each table a replay into a scratch store holds back from one batch to the next
 * (RowCarry): at first more than the cases a county has open at once, so that a case's later
 * events meet its row in memory and it is written once. Over the benchmark's year of 300,000
 * cases (1,200 received a working day) 20,000 leave no case row to update (10,000 left 3,200
 * updates, 5,000 left 78,856, and batch by batch about 280,000). A centre receiving ten times
 * as many grows its hold towards 100,000 (Hold). Bounded, as the cases are not.
 */
const HOLD: Hold = { initial: 20_000, most: 100_000 };

/** For tests: a replay of a few events, in small batches, holding back few rows (`hold.initial` 0: none). */
export interface ProjectorOptions {
  readonly replayFrom?: number;
  readonly catchUpBatch?: number;
  readonly hold?: Hold;
}

/** Projector.start's replay before it follows the log, and what to say while it runs (how far behind it started). */
export interface ReplayFirst {
  readonly onReplay?: (behind: number) => void;
  readonly onReplayed?: () => void;
}

/**
 * Feeds every projection from the event store's global log, starting at the checkpoint
 * stored with the read models, by one of two paths: live batches of events (the subscription,
 * a short catch-up: applyBatch), or, far behind, a replay: pages read ahead, each folded by the
 * projections' folds where the event store reads it if it can (replay/replay.ts), written by
 * writeReplayPage. Each batch or page
 * commits with its checkpoint in one transaction; events at or below the stored checkpoint are
 * never applied again, so even two projectors on one store never apply an event twice. (A
 * replay into a scratch store, which nothing else reads, moves the checkpoint with its last
 * page alone: see replay.)
 */
export class Projector {
  private subscription: Subscription | null = null;
  private replaying = false;

  private constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: readonly Projection[],
    private readonly fence: (tx: ReadModelDb) => Promise<void>,
    private readonly options: ProjectorOptions,
  ) {}

  /**
   * Creates the projections' tables, rebuilding every read model when a projection's tables
   * changed. `fence` runs inside each batch's transaction before anything is written and
   * throws to refuse the batch: a projector under a lease checks there that it still holds
   * it, so a holder paused past its expiry cannot write after another took over.
   */
  static async open(
    store: EventStore,
    readModels: ReadModelStore,
    projections: readonly Projection[],
    fence: (tx: ReadModelDb) => Promise<void> = async () => undefined,
    options: ProjectorOptions = {},
  ): Promise<Projector> {
    assertWritingOrder(projections);
    const hold = options.hold;
    if (hold && !(Number.isInteger(hold.initial) && Number.isInteger(hold.most) && hold.initial >= 0 && hold.most >= hold.initial)) {
      throw new RangeError(`a replay's hold of ${hold.initial} rows, growing to ${hold.most}, is no hold (0 ≤ initial ≤ most)`);
    }
    const projector = new Projector(store, readModels, projections, fence, options);
    await readModels.migrate(async (tx) => {
      for (const projection of projections) await projection.migrate(tx, readModels.sql);
      await projector.rebuildOutdated(tx);
    });
    return projector;
  }

  checkpoint(): Promise<number> {
    return readCheckpoint(this.readModels.db, CHECKPOINT);
  }

  /**
   * Follows the log from the checkpoint. With `replayFirst`, for a process that serves nothing
   * until this resolves: far behind (a new read-model file, a projection at a new version, a
   * restore) it replays up to the head first — on a county's year 27 s, against 148 s in live
   * batches during which every read waited and then answered from part of the log. Not for a
   * projector beside serving processes, which would read the replay's half-written tables
   * (docs/decisions/0029, 0095).
   */
  async start(onError: (error: unknown) => void = () => undefined, replayFirst?: ReplayFirst): Promise<void> {
    if (this.subscription) return;
    const behind = replayFirst ? await this.behind() : 0;
    if (replayFirst && behind >= (this.options.replayFrom ?? REPLAY_THRESHOLD)) {
      replayFirst.onReplay?.(behind);
      await this.catchUp();
      replayFirst.onReplayed?.();
    }
    await this.settle();
    this.subscription = this.store.subscribeToAll(
      { after: await this.checkpoint(), batchSize: 1000, onError },
      async (events) => this.applyBatch(events),
    );
  }

  /**
   * Resolves once every event up to the store's current head (or up to `until`, for a
   * benchmark's slice of the log) is in the read models: batch by batch when a little behind,
   * as a replay when far behind.
   */
  async catchUp(until?: number): Promise<void> {
    const storeHead = await this.store.headPosition();
    const head = until === undefined ? storeHead : Math.min(until, storeHead);
    if (this.subscription) return this.subscription.caughtUpTo(head);
    const after = await this.checkpoint();
    const range = { after, until: head, pageSize: this.options.catchUpBatch ?? CATCH_UP_BATCH[this.readModels.dialect] };
    if (head - after >= (this.options.replayFrom ?? REPLAY_THRESHOLD)) return this.replay(range);
    await this.settle();
    for await (const events of readLogPages(this.store, range)) await this.applyBatch(events);
  }

  /** How many positions of the store's log are not in the read models yet. */
  private async behind(): Promise<number> {
    return Math.max(0, (await this.store.headPosition()) - (await this.checkpoint()));
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** Empties every read model and the checkpoint: the next catch-up replays the whole log. */
  reset(): Promise<void> {
    return this.readModels.migrate((tx) => this.resetIn(tx));
  }

  private eachInTransaction(each: (projection: Projection, tx: ReadModelDb) => Promise<void> | undefined): Promise<void> {
    return this.readModels.write(async (tx) => {
      for (const projection of this.projections) await each(projection, tx);
    });
  }

  private async resetIn(tx: ReadModelDb): Promise<void> {
    for (const projection of this.projections) await projection.drop(tx, this.readModels.sql);
    for (const projection of this.projections) await projection.migrate(tx, this.readModels.sql);
    await deleteCheckpoint(tx, CHECKPOINT);
  }

  /**
   * A projection whose tables changed since the read models were built (its `version`) makes
   * every read model start again from zero: they are rebuilt from the log, never migrated.
   */
  private async rebuildOutdated(tx: ReadModelDb): Promise<void> {
    const stored = new Map((await tx.selectFrom('projection_versions').select(['name', 'version']).execute())
      .map((row) => [row.name, Number(row.version)]));
    // Read models from before versions were recorded hold version 1 of everything.
    const outdated = this.projections.filter((projection) => (stored.get(projection.name) ?? 1) !== (projection.version ?? 1));
    if (outdated.length > 0) await this.resetIn(tx);
    for (const projection of this.projections) {
      await tx.insertInto('projection_versions').values({ name: projection.name, version: projection.version ?? 1 })
        .onConflict((conflict) => conflict.column('name').doUpdateSet({ version: (eb) => eb.ref('excluded.version') }))
        .execute();
    }
  }

  /**
   * Replays the range around the projections' replay steps (beforeReplay, afterReplay), page by
   * page as planReplay reads it: where the projections all fold, the event store folds the next
   * page where it reads it (SQLite: its reading thread) while this one is written.
   *
   * Into a scratch store the folds carry rows from page to page (as the hold says), and the
   * checkpoint stays where the replay started until the last page, as rows of earlier pages may
   * still be in memory until then. Should it fail, the store is emptied: the rows it wrote are
   * ahead of its checkpoint, and the next catch-up starts from zero. Any other replay gives way
   * to a projector that went ahead of it, and what that one left follows batch by batch.
   */
  private async replay(range: ReadRangeOptions): Promise<void> {
    const replay = planReplay(this.projections, this.readModels.scratch, this.options.hold ?? HOLD);
    await this.eachInTransaction((projection, tx) => projection.beforeReplay?.(tx, this.readModels.sql, replay));
    this.replaying = true;
    try {
      const reached = await this.writeReplay(range, replay);
      if (reached < range.until) {
        for await (const events of readLogRange(this.store, { ...range, after: reached })) await this.applyBatch(events);
      }
    } finally {
      this.replaying = false;
      await this.eachInTransaction((projection, tx) => projection.afterReplay?.(tx, this.readModels.sql));
    }
  }

  /** Writes the replay's pages; returns the checkpoint it got to: the range's end, or where it gave way. */
  private async writeReplay(range: ReadRangeOptions, replay: Replay): Promise<number> {
    const carriedFrom = replay.carried ? range.after : undefined;
    try {
      for await (const page of replay.pages(this.store, range)) {
        if (!(await this.writeReplayPage(page, replay, carriedFrom))) break;
      }
    } catch (error) {
      // Emptying it must not hide why the replay failed.
      if (carriedFrom !== undefined) {
        await this.reset().catch((failed: unknown) => {
          throw new AggregateError([error, failed], 'a carried replay failed, and emptying its scratch store failed too');
        });
      }
      throw error;
    }
    return this.checkpoint();
  }

  /**
   * Writes a page of the replay with its checkpoint; false, writing nothing, when the stored
   * checkpoint is not where the page starts (another projector moved it). A carried replay
   * (from `carriedFrom`) cannot give way, as what its folds hold would be lost: a moved
   * checkpoint is an error, and it writes its own only with the ending page.
   */
  private writeReplayPage(page: WorkedPage<FoldedPage>, replay: Replay, carriedFrom?: number): Promise<boolean> {
    return this.readModels.write(async (tx) => {
      await this.readModels.exclusive(tx, CHECKPOINT);
      await this.fence(tx);
      const stored = await readCheckpoint(tx, CHECKPOINT);
      if (carriedFrom !== undefined && stored !== carriedFrom) {
        throw new Error(`a replay into scratch read models from position ${carriedFrom} found their checkpoint at ${stored}: another projector writes them`);
      }
      if (carriedFrom === undefined && stored !== page.after) return false;
      const context = { sql: this.readModels.sql, replaying: true };
      for (const projection of this.projections) {
        const value = page.value[projection.name];
        // Folded, a projection without `write` kept events (keepEvents); unfolded, each gets the page's events.
        if (replay.folded && projection.write) await projection.write(tx, value, context);
        else if ((value as readonly StoredEvent[]).length > 0) await projection.apply(tx, value as readonly StoredEvent[], context);
      }
      if (carriedFrom === undefined || page.ending) await writeCheckpoint(tx, CHECKPOINT, page.last);
      return true;
    });
  }

  /** Before the projector follows the log batch by batch: what a replay that died left undone (Projection.settle). */
  private settle(): Promise<void> {
    return this.readModels.write(async (tx) => {
      await this.readModels.exclusive(tx, CHECKPOINT);
      await this.fence(tx);
      for (const projection of this.projections) await projection.settle?.(tx, this.readModels.sql);
    });
  }

  private applyBatch(events: readonly StoredEvent[]): Promise<void> {
    // A second projector on the same store waits for this batch instead of applying it too.
    return this.readModels.write(async (tx) => {
      await this.readModels.exclusive(tx, CHECKPOINT);
      await this.fence(tx);
      const stored = await readCheckpoint(tx, CHECKPOINT);
      const fresh = events.filter((event) => event.position > stored);
      if (fresh.length === 0) return;
      const context = { sql: this.readModels.sql, replaying: this.replaying };
      for (const projection of this.projections) await projection.apply(tx, fresh, context);
      await writeCheckpoint(tx, CHECKPOINT, fresh[fresh.length - 1].position);
    });
  }
}

/**
 * A projection whose writes read another's tables (Projection.readsTablesOf) must come after
 * it: each batch is written, and each page of a replay folded, in the projections' order.
 */
function assertWritingOrder(projections: readonly Projection[]): void {
  const names = projections.map((projection) => projection.name);
  projections.forEach((projection, at) => {
    for (const read of projection.readsTablesOf ?? []) {
      const where = names.indexOf(read);
      if (where > at) throw new Error(`projection ${projection.name} reads the tables of ${read}, which must come before it`);
    }
  });
}
