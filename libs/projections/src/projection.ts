import type { StoredEvent } from '@gov/event-store';
// The port alone: a replay's reading thread loads the folds, and with them this module.
import { plainEvent } from '@gov/event-store/event-store.port';
import type { DialectSql } from './store/dialect-sql';
import type { ReadModelDb } from './store/read-model-store';
import type { RowCarry } from './store/row-fold';

/** How a replay will write (Projection.beforeReplay). */
export interface ReplayPlan {
  /**
   * Its folds carry rows from batch to batch (RowCarry, into a scratch store): nearly every
   * row reaches its table once, by an INSERT of its final values, rather than inserted and then
   * updated batch after batch.
   */
  readonly carried: boolean;
}

/** What a projection is told besides the event. */
export interface ProjectionContext {
  readonly sql: DialectSql;
  /** A long catch-up is under way (between beforeReplay and afterReplay). */
  readonly replaying: boolean;
}

/**
 * A projection folds stored events into tables, written once for both read-model stores
 * (SQLite, PostgreSQL) through the query builder. `apply` runs inside the projector's
 * transaction, together with the checkpoint, so a row and the position it reflects are always
 * committed together. Every method gets the transaction to write in: nothing else.
 *
 * The projector hands each projection a whole batch of events (in log order), the projections
 * one after another in their list's order: a projection that reads another's tables (the
 * supervision cards read the case rows) comes after it.
 */
export interface Projection {
  readonly name: string;
  /**
   * The version of the projection's tables (1 when absent). When it differs from the version
   * the read models were built with, the projector empties every read model and replays the
   * log: the read models are always rebuilt from the store, never migrated in place.
   */
  readonly version?: number;
  /**
   * The projections whose tables its writes read (a card reads its case's row): the projector
   * refuses them after it, as each batch is written, and each page of a replay folded, in the
   * projections' order.
   */
  readonly readsTablesOf?: readonly string[];
  /** Creates the projection's tables; idempotent. */
  migrate(tx: ReadModelDb, sql: DialectSql): Promise<void>;
  /** Drops the projection's tables, for a rebuild from zero. */
  drop(tx: ReadModelDb, sql: DialectSql): Promise<void>;
  /**
   * Folds a batch of events, in log order, into the tables. A batch may be one event or ten
   * thousand; the tables after it must be the same however the log was cut into batches.
   */
  apply(tx: ReadModelDb, events: readonly StoredEvent[], context: ProjectionContext): Promise<void>;
  /**
   * Before a long catch-up (a rebuild from zero, a large backlog): set aside what is cheaper
   * to build once at the end than to keep up event by event (secondary indexes, sums). Runs
   * in a transaction; `migrate` must bring everything back if the process dies before
   * `afterReplay`.
   */
  beforeReplay?(tx: ReadModelDb, sql: DialectSql, replay: ReplayPlan): Promise<void>;
  /** After that catch-up, in a transaction: builds back what `beforeReplay` set aside. */
  afterReplay?(tx: ReadModelDb, sql: DialectSql): Promise<void>;
  /**
   * Finishes what a replay left for `afterReplay` should the process have died first (or what
   * an older version left to be done later): the projector runs it, in a transaction of its own
   * under its fence, before it follows the log batch by batch. Cheap when there is nothing to do.
   */
  settle?(tx: ReadModelDb, sql: DialectSql): Promise<void>;
  /**
   * Optional: `apply` split in two, a pure fold of a batch's events to plain data, and `write`,
   * which writes what it made (`write(tx, fold(events))` does what `apply(tx, events)` does).
   * A replay of projections that all have one folds where the event store reads the log (its
   * reading thread), while the projector writes the page before (replay/replay-work.ts, which
   * holds each fold by the projection's name: a thread loads it by module). A projection without
   * `write` folds with `keepEvents` and `apply` gets what it kept. A replay into a scratch store
   * hands the fold a `carry`: its rows may stay in memory from one page to the next (RowCarry),
   * and reach `write` with a later page.
   */
  readonly fold?: (events: readonly StoredEvent[], carry?: RowCarry) => unknown;
  write?(tx: ReadModelDb, folded: unknown, context: ProjectionContext): Promise<void>;
}

/** For a projection that writes each event as it comes (its events are few): applies them one after another. */
export async function eachEvent(events: readonly StoredEvent[], apply: (event: StoredEvent) => Promise<void>): Promise<void> {
  for (const event of events) await apply(event);
}

/**
 * The fold of a projection that applies its events one by one (a few of the log's): the
 * events it reads, as plain copies (plainEvent), which its `apply` gets.
 */
export function keepEvents(reads: (event: StoredEvent) => boolean): (events: readonly StoredEvent[]) => StoredEvent[] {
  return (events) => events.filter(reads).map(plainEvent);
}
