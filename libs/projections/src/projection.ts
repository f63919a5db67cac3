import type { StoredEvent } from '@gov/event-store';
import type { ReadModelDb } from './read-model-db';

/**
 * A projection folds stored events into tables. `apply` runs inside the projector's
 * transaction, together with the checkpoint, so a row and the position it reflects are
 * always committed together.
 */
export interface Projection {
  readonly name: string;
  /** Creates the projection's tables; idempotent. */
  migrate(db: ReadModelDb): void;
  /** Drops the projection's tables, for a rebuild from zero. */
  drop(db: ReadModelDb): void;
  apply(db: ReadModelDb, event: StoredEvent): void;
}
