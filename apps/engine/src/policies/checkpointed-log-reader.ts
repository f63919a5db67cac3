import { Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import { readCheckpoint, writeCheckpoint, type ReadModelDb, type ReadModelStore } from '@gov/projections';

export interface LogReaderOptions {
  /** The reader's row in `checkpoints`, and its logger's name. */
  readonly name: string;
  /** The event types it acts on: the store skips every other event without reading it. */
  readonly types: readonly string[];
  /**
   * For a reader that acts on the world (an SMS, a document issued): the first time it runs on a
   * store with a history, it starts at the head, once, and does nothing for what came before it.
   */
  readonly fromTheHeadWhenNew?: boolean;
}

/**
 * How often, at most, a reader stores how far it has looked when it only skipped events of other
 * types. Without it a reader of rare types (complaints, notices) read again, at every start,
 * every event since its last one: on a year's log, a second each.
 */
const SKIPPED_CHECKPOINT_MS = 5_000;

/** What a handler wants done once its rows are committed: a command, run outside any transaction. */
export type AfterCommit = () => Promise<unknown>;

/**
 * Anything that must not be lost reads the event store's log from a stored checkpoint (never
 * the in-memory bus): a batch is handled, then the checkpoint moves past it. Subclasses say
 * which event types they act on and what to do with one; a crash between the two handles the
 * batch again, so what they do must be harmless the second time (their commands create
 * streams with "no stream" expected or record nothing already applied).
 *
 * The batch's writes share transactions: rows written one by one would each be a transaction
 * of their own (a year of receipts is a million). A handler writes its rows in the
 * transaction it is given and returns the command it wants, if any; the batch commits what is
 * written so far, runs the command outside any transaction (a command appends to the event
 * store and may take its time, and on SQLite an open transaction holds the store's only
 * connection), then goes on in a new transaction. The checkpoint commits with the last rows.
 */
export abstract class CheckpointedLogReader implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private subscription: Subscription | null = null;
  /** The checkpoint as stored, when and how far the log was looked at. */
  private stored = { position: 0, at: 0 };
  private lookedAt = 0;

  protected constructor(
    protected readonly store: EventStore,
    protected readonly readModels: ReadModelStore,
    private readonly options: LogReaderOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  /**
   * One event of the requested types: rows through `tx` (only it: never await a command or
   * the store's own connection here), then the command to run once they are committed.
   */
  protected abstract handle(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void>;

  /** Creates the reader's own tables (in `readModels.migrate`, through `runScript`), if it has any; runs before the first batch. */
  protected async migrate(): Promise<void> {}

  async onModuleInit(): Promise<void> {
    await this.migrate();
    if (!this.options.fromTheHeadWhenNew) return;
    const known = await this.readModels.db.selectFrom('checkpoints').select('position').where('name', '=', this.options.name).executeTakeFirst();
    if (!known) {
      const head = await this.store.headPosition();
      await this.readModels.write((tx) => writeCheckpoint(tx, this.options.name, head));
    }
  }

  /** Reading starts once the application is up: the commands a reader sends go through the command bus, ready only then. */
  async onApplicationBootstrap(): Promise<void> {
    const after = await readCheckpoint(this.readModels.db, this.options.name);
    this.stored = { position: after, at: Date.now() };
    this.lookedAt = after;
    this.subscription = this.store.subscribeToAll(
      { after, types: this.options.types, onError: (error) => this.logger.error(String(error)), onProgress: (position) => this.lookedAtUpTo(position, false) },
      (events) => this.handleBatch(events),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    // Only a saving: a stop that cannot store it reads those events again at the next start.
    if (this.subscription) await this.lookedAtUpTo(this.lookedAt, true);
  }

  /** Resolves once every event up to the store's head has been handled. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUpTo(await this.store.headPosition());
  }

  private async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    let next = 0;
    let checkpointed = false;
    while (!checkpointed) {
      // Handles events until one asks for a command, or to the batch's end and its checkpoint, in one transaction.
      const command = await this.readModels.write(async (tx) => {
        while (next < events.length) {
          const after = await this.handle(events[next++], tx);
          if (after) return after;
        }
        await writeCheckpoint(tx, this.options.name, events[events.length - 1].position);
        checkpointed = true;
        return null;
      });
      if (command) await command();
    }
    this.stored = { position: events[events.length - 1].position, at: Date.now() };
  }

  /**
   * Stores how far the log was looked at, past the last event handled: every few seconds at most,
   * and when stopping. Only a saving: a failure is logged, never thrown (the subscription would
   * hand the batch it just handled again), and it never moves the checkpoint back (a reader that
   * lost its lease stops while another has gone further).
   */
  private async lookedAtUpTo(position: number, stopping: boolean): Promise<void> {
    this.lookedAt = Math.max(this.lookedAt, position);
    if (this.lookedAt <= this.stored.position || (!stopping && Date.now() - this.stored.at < SKIPPED_CHECKPOINT_MS)) return;
    const stored = { position: this.lookedAt, at: Date.now() };
    try {
      await this.readModels.write(async (tx) => {
        if (await readCheckpoint(tx, this.options.name) < stored.position) await writeCheckpoint(tx, this.options.name, stored.position);
      });
      this.stored = stored;
    } catch (error) {
      this.logger.warn(`how far it looked (${stored.position}) not stored: ${String(error)}`);
    }
  }
}
