import type { StoredEvent } from '@gov/event-store';
import type { ReadModelDb } from './read-model-db';

/**
 * A projection folds stored events into tables. `apply` runs inside the projector's
 * transaction, together with the checkpoint, so a row and the position it reflects are
 * always committed together.
 */
export interface Projection {
  readonly name: string;
  /**
   * The version of the projection's tables (1 when absent). When it differs from the version
   * the read-model file was built with, the projector empties every read model and replays
   * the log: the read models are always rebuilt from the store, never migrated in place.
   */
  readonly version?: number;
  /** Creates the projection's tables; idempotent. */
  migrate(db: ReadModelDb): void;
  /** Drops the projection's tables, for a rebuild from zero. */
  drop(db: ReadModelDb): void;
  apply(db: ReadModelDb, event: StoredEvent): void;
  /**
   * Before a long catch-up (a rebuild from zero, a large backlog): set aside what is cheaper
   * to build once at the end than to keep up event by event (secondary indexes, sums). Runs
   * in a transaction; `migrate` must bring everything back if the process dies before
   * `afterReplay`.
   */
  beforeReplay?(db: ReadModelDb): void;
  /** After that catch-up, in a transaction: builds back what `beforeReplay` set aside. */
  afterReplay?(db: ReadModelDb): void;
}
