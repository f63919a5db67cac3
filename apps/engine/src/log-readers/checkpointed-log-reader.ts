import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import { cachedStatement, ReadModelDb } from '@gov/projections';

export interface LogReaderOptions {
  /** The reader's row in `checkpoints`, and its logger's name. */
  readonly name: string;
  /** The event types it acts on: the store skips every other event without reading it. */
  readonly types: readonly string[];
}

/**
 * The reader's writes of one batch, in one transaction: rows written one by one would each
 * be a transaction of their own (a year of receipts is a million). The transaction is open
 * only while code runs synchronously, so nothing else using the connection can slip into it:
 * `command` commits what is written before it starts an awaited command (a command appends
 * to the store and may take its time), and a handler writes nothing after it awaits one.
 */
export class BatchWrites {
  private awaiting = false;

  constructor(private readonly db: ReadModelDb) {}

  /** Runs a synchronous write inside the batch's transaction, opening it if needed. */
  write<T>(write: () => T): T {
    if (this.awaiting) throw new Error('a log reader writes its rows before it awaits a command, not after');
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    return write();
  }

  /** Commits what is written so far, then starts the command. */
  command<T>(start: () => Promise<T>): Promise<T> {
    this.commit();
    this.awaiting = true;
    return start();
  }

  /** @internal The reader's: the handler's command is done. */
  settled(): void {
    this.awaiting = false;
  }

  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}

/**
 * Anything that must not be lost reads the event store's log from a stored checkpoint (never
 * the in-memory bus): a batch is handled, then the checkpoint moves past it. Subclasses say
 * which event types they act on and what to do with one; a crash between the two handles the
 * batch again, so what they do must be harmless the second time (their commands create
 * streams with "no stream" expected or record nothing already applied).
 */
export abstract class CheckpointedLogReader implements OnModuleInit, OnApplicationShutdown {
  protected readonly logger: Logger;
  private subscription: Subscription | null = null;

  protected constructor(
    protected readonly store: EventStore,
    protected readonly db: ReadModelDb,
    private readonly options: LogReaderOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  /** One event of the requested types: rows through `writes.write`, then commands through `writes.command`. */
  protected abstract handle(event: StoredEvent, writes: BatchWrites): Promise<unknown> | void;

  /** Creates the reader's own tables, if it has any; runs before the first batch. */
  protected migrate(): void {}

  onModuleInit(): void {
    this.migrate();
    const stored = cachedStatement<[string], { position: number }>(this.db, 'SELECT position FROM checkpoints WHERE name = ?').get(this.options.name);
    this.subscription = this.store.subscribeToAll(
      { after: stored?.position ?? 0, types: this.options.types, onError: (error) => this.logger.error(String(error)) },
      (events) => this.handleBatch(events),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Resolves once every event up to the store's head has been handled. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUpTo(await this.store.headPosition());
  }

  private async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    const writes = new BatchWrites(this.db);
    try {
      for (const event of events) {
        const handling = this.handle(event, writes);
        if (handling) {
          writes.commit();
          await handling;
          writes.settled();
        }
      }
      writes.write(() => cachedStatement<[string, number]>(this.db,
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position')
        .run(this.options.name, events[events.length - 1].position));
      writes.commit();
    } catch (error) {
      writes.rollback();
      throw error;
    }
  }
}
