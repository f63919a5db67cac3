import { type EventStore, foldLogRange, type FoldedPage, readLogPages, readLogRange, type ReadRangeOptions, type StoredEvent, type Subscription } from '@gov/event-store';
import type { Projection } from './projection';
import { foldingReplay, type ReplayPage, replayPageFold } from './replay-page';
import { deleteCheckpoint, readCheckpoint, writeCheckpoint } from './store/checkpoints';
import type { ReadModelDb, ReadModelStore } from './store/read-model-store';
import type { Hold } from './store/row-fold';

const CHECKPOINT = 'read-models';
/**
 * Events per transaction when catching up. On SQLite 5,000: a batch's events and rows then
 * die young, in V8's young generation, rather than living on into the old one (against 10,000,
 * a year's replay peaked 55 MiB lower; with the rebuild CLI's 64 MiB semi-space 130 MiB lower
 * and took 7 % less CPU; BENCHMARKS.md, "Replay batches and V8's young generation"). On PostgreSQL 10,000: a batch costs a round trip per table and kind of row.
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

/**
 * Feeds every projection from the event store's global log, starting at the checkpoint
 * stored with the read models. Each batch commits with its checkpoint in one transaction;
 * events at or below the stored checkpoint are skipped inside that transaction, so even two
 * projectors on one store never apply an event twice. (A replay into a scratch store, which
 * nothing else reads, moves the checkpoint with its last batch alone: see replayFolded.)
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

  async start(onError: (error: unknown) => void = () => undefined): Promise<void> {
    if (this.subscription) return;
    this.subscription = this.store.subscribeToAll(
      { after: await this.checkpoint(), batchSize: 1000, onError },
      async (events) => this.applyBatch(events),
    );
  }

  /**
   * Resolves once every event up to the store's current head (or up to `until`, for a
   * benchmark's slice of the log) is in the read models.
   */
  async catchUp(until?: number): Promise<void> {
    const storeHead = await this.store.headPosition();
    const head = until === undefined ? storeHead : Math.min(until, storeHead);
    if (this.subscription) return this.subscription.caughtUpTo(head);
    const after = await this.checkpoint();
    const replay = head - after >= (this.options.replayFrom ?? REPLAY_THRESHOLD);
    const folding = replay ? foldingReplay(this.projections) : undefined;
    const hold = this.options.hold ?? HOLD;
    const plan = { carried: folding !== undefined && this.readModels.scratch && hold.initial > 0 };
    if (replay) await this.eachInTransaction((projection, tx) => projection.beforeReplay?.(tx, this.readModels.sql, plan));
    this.replaying = replay;
    try {
      const range = { after, until: head, pageSize: this.options.catchUpBatch ?? CATCH_UP_BATCH[this.readModels.dialect] };
      // Whatever a folding replay leaves (another projector went ahead of an uncarried one) follows as usual, from the checkpoint.
      const rest = folding ? { ...range, after: await this.replayFolded(range, folding, plan.carried ? hold : undefined) } : range;
      // A replay reads ahead: on SQLite the next batch is read on another thread while this one is applied.
      for await (const events of replay ? readLogRange(this.store, rest) : readLogPages(this.store, rest)) {
        await this.applyBatch(events);
      }
    } finally {
      this.replaying = false;
      if (replay) await this.eachInTransaction((projection, tx) => projection.afterReplay?.(tx, this.readModels.sql));
    }
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
   * A replay whose projections fold on the reading thread (replay-page.ts): the thread parses
   * and folds the next batch while this one is written. Returns the checkpoint it got to: the
   * range's end, or where it stopped because another projector had gone ahead of it.
   *
   * Into a scratch store the folds carry rows from batch to batch (as `hold` says), and the
   * checkpoint stays where the replay started until the last batch, as rows of earlier batches
   * may still be in memory until then. Should it fail, the store is emptied: the rows it wrote
   * are ahead of its checkpoint, and the next catch-up starts from zero.
   */
  private async replayFolded(range: ReadRangeOptions, names: readonly string[], hold: Hold | undefined): Promise<number> {
    const fold = replayPageFold(names, hold);
    const carriedFrom = fold.carries ? range.after : undefined;
    try {
      for await (const page of foldLogRange<ReplayPage>(this.store, range, fold)) {
        if (!(await this.applyFoldedPage(page, carriedFrom))) break;
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
   * As applyBatch, for a folded page; false, writing nothing, when the stored checkpoint is not
   * where the page starts (another projector moved it). A carrying replay (from `carriedFrom`)
   * cannot give way, as what its folds hold would be lost: a moved checkpoint is an error, and
   * it writes its own only with the ending page.
   */
  private applyFoldedPage(page: FoldedPage<ReplayPage>, carriedFrom?: number): Promise<boolean> {
    return this.readModels.write(async (tx) => {
      await this.readModels.exclusive(tx, CHECKPOINT);
      await this.fence(tx);
      const stored = await readCheckpoint(tx, CHECKPOINT);
      if (carriedFrom !== undefined && stored !== carriedFrom) {
        throw new Error(`a replay into scratch read models from position ${carriedFrom} found their checkpoint at ${stored}: another projector writes them`);
      }
      if (carriedFrom === undefined && stored !== page.after) return false;
      const context = { sql: this.readModels.sql, replaying: this.replaying };
      for (const projection of this.projections) {
        const folded = page.value[projection.name];
        // A fold without `write` kept events (keepEvents).
        if (projection.write) await projection.write(tx, folded, context);
        else if ((folded as readonly StoredEvent[]).length > 0) await projection.apply(tx, folded as readonly StoredEvent[], context);
      }
      if (carriedFrom === undefined || page.ending) await writeCheckpoint(tx, CHECKPOINT, page.last);
      return true;
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
