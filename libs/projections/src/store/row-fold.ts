import type { Insertable, Updateable } from 'kysely';
import type { ReadModelTables } from './tables';

export type Table = keyof ReadModelTables & string;
type Row<T extends Table> = Insertable<ReadModelTables[T]>;
type Change<T extends Table> = Updateable<ReadModelTables[T]>;

/** What a batch does to one row: delete it first, insert it, then update it (each optional). Plain data. */
export interface PendingRow<T extends Table> {
  remove: boolean;
  insert?: Row<T>;
  set: Change<T>;
  /** Deleted by the batch, and not inserted since: later updates find no row. */
  gone: boolean;
}

/** A batch's rows of one table, by key, as RowChanges writes them. */
export type FoldedRows<T extends Table> = [key: string, row: PendingRow<T>][];

/**
 * What a batch of events does to the rows of one table keyed by one column, folded in memory
 * row by row (RowChanges writes them once): a case received, charged, paid and completed within
 * one batch is one INSERT, not an INSERT and four UPDATEs; a deadline received and closed
 * within it is nothing at all. Pure: a replay folds on the reading thread (see PageFold).
 *
 * Folding gives the rows that writing every change as it came would give, because every
 * change writes values (never `x = x + 1`) and because of the projections' own order: a key is
 * inserted by the first event concerning it (a stream's first), so a row inserted in the batch
 * did not exist before it.
 */
export class RowFold<T extends Table> {
  private readonly pending = new Map<string, PendingRow<T>>();

  insert(key: string, row: Row<T>): void {
    const pending = this.entry(key);
    // A second insert of a row is ignored, as ON CONFLICT DO NOTHING would.
    if (pending.insert) return;
    pending.insert = { ...row };
    pending.gone = false;
  }

  update(key: string, values: Change<T>): void {
    const pending = this.entry(key);
    if (pending.gone) return;
    Object.assign(pending.insert ?? pending.set, values);
  }

  delete(key: string): void {
    const pending = this.entry(key);
    const bornInBatch = pending.insert !== undefined && !pending.remove;
    this.pending.set(key, { remove: !bornInBatch, set: {}, gone: true });
  }

  /** The rows folded so far, in the order first touched. */
  rows(): FoldedRows<T> {
    return [...this.pending];
  }

  clear(): void {
    this.pending.clear();
  }

  private entry(key: string): PendingRow<T> {
    let pending = this.pending.get(key);
    if (!pending) this.pending.set(key, (pending = { remove: false, set: {}, gone: false }));
    return pending;
  }
}
