import type { Insertable, Updateable } from 'kysely';
import type { ReadModelTables } from './tables';

export type Table = keyof ReadModelTables & string;
type Row<T extends Table> = Insertable<ReadModelTables[T]>;
type Change<T extends Table> = Updateable<ReadModelTables[T]>;

/** What a batch does to one row: delete it first, insert it, then update it (each optional). */
interface PendingRow<T extends Table> {
  remove: boolean;
  insert?: Row<T>;
  set: Change<T>;
  /** Deleted by the batch, and not inserted since: later updates find no row. */
  gone: boolean;
}

/**
 * A batch's rows of one table as plain data that crosses between threads cheaply: each row's
 * values in an array, the columns they go to named once per shape (a structured clone copies
 * an object's keys with every object; half the bytes, and a third less time to copy back).
 */
export interface FoldedRows {
  /** Lists of columns, by index. */
  readonly shapes: readonly (readonly string[])[];
  readonly rows: readonly FoldedRow[];
}

/** A row's key; whether it is deleted first; its insert, then its update, each as a shape and values (-1 and null when none). */
export type FoldedRow = readonly [key: string, remove: boolean, insertShape: number, insert: readonly unknown[] | null,
  setShape: number, set: readonly unknown[] | null];

/**
 * What a batch of events does to the rows of one table keyed by one column, folded in memory
 * row by row (RowWriter writes them once): a case received, charged, paid and completed within
 * one batch is one INSERT, not an INSERT and four UPDATEs; a deadline received and closed
 * within it is nothing at all. Pure: a replay folds on the reading thread (replay/replay-work.ts).
 *
 * Folding gives the rows that writing every change as it came would give, because every
 * change writes values (never `x = x + 1`) and because of the projections' own order: a key is
 * inserted by the first event concerning it (a stream's first), so a row inserted in the batch
 * did not exist before it.
 *
 * A fold kept from page to page of a replay (RowCarry) holds back the rows it met last, so
 * that a case's later events meet its row still in memory: it is then written once, not
 * inserted on one page and updated on the next few.
 */
export class RowFold<T extends Table> {
  /** In the order first touched: `take` gives out the rows held longest. */
  private readonly pending = new Map<string, PendingRow<T>>();
  /** Rows a carried fold holds back now (see Hold). */
  private holding: number;

  /** `hold`: a fold kept from page to page (RowCarry), which gives its rows out with `takePage`. */
  constructor(private readonly hold?: Hold) {
    this.holding = hold?.initial ?? 0;
  }

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
    // A row born since the last `take` never reaches the table; it stays as gone, so that later updates are ignored.
    const bornHere = pending.insert !== undefined && !pending.remove;
    this.pending.set(key, { remove: !bornHere, set: {}, gone: true });
  }

  /** The row as this fold inserts it, while it holds it: what a later event may read of it. */
  inserted(key: string): Readonly<Row<T>> | undefined {
    const pending = this.pending.get(key);
    return pending?.gone ? undefined : pending?.insert;
  }

  /**
   * The rows folded so far, each once, and forgotten: all but the `keep` first touched last,
   * which the fold holds on to (a carried fold; see RowCarry). Not the ones touched last: moving
   * a row to the back at each touch cost the reading thread more (docs/decisions/0026), and, a case's events
   * coming within weeks of its receipt, holding the newest 20,000 already leaves no case row of
   * a year to update.
   */
  take(keep = 0): FoldedRows {
    const shapes = new Shapes();
    const rows: FoldedRow[] = [];
    let give = this.pending.size - keep;
    for (const [key, { remove, insert, set }] of this.pending) {
      if (give-- <= 0) break;
      this.pending.delete(key);
      const setColumns = Object.keys(set);
      // Born and deleted since the last take: nothing to write.
      if (!remove && !insert && setColumns.length === 0) continue;
      rows.push([key, remove,
        insert ? shapes.of(Object.keys(insert)) : -1, insert ? Object.values(insert) : null,
        setColumns.length > 0 ? shapes.of(setColumns) : -1, setColumns.length > 0 ? Object.values(set) : null]);
    }
    return { shapes: shapes.list, rows };
  }

  /**
   * A carried fold's page given out: all but the rows it holds back, or everything on the
   * range's ending page. Then it holds more if it held too few (see Hold).
   */
  takePage(ending: boolean): FoldedRows {
    const taken = this.take(ending ? 0 : this.holding);
    if (this.hold && !ending) this.holding = nextHolding(this.holding, this.hold, taken);
    return taken;
  }

  /** How many rows it holds. */
  get size(): number {
    return this.pending.size;
  }

  private entry(key: string): PendingRow<T> {
    let pending = this.pending.get(key);
    if (!pending) this.pending.set(key, (pending = { remove: false, set: {}, gone: false }));
    return pending;
  }
}

/**
 * How many rows a fold kept from page to page holds back: `initial` at first, and half as many
 * again, up to `most`, after each page whose rows given out were more than MISSED rows written
 * before (an update or a delete of a row already in its table: the fold had let it go too soon).
 * A county's cases come back within weeks, and 20,000 held rows leave none to update; a centre
 * receiving ten times as many needs about 100,000, and holding them costs the reading thread's
 * GC (docs/decisions/0026), so the fold grows its hold only when the log needs it.
 */
export interface Hold {
  readonly initial: number;
  readonly most: number;
}

/** The share of a page's rows given out that may be rows written before, before a fold holds more. */
const MISSED = 0.02;

function nextHolding(holding: number, { most }: Hold, { rows }: FoldedRows): number {
  let writtenBefore = 0;
  for (const row of rows) if (row[3] === null) writtenBefore += 1;
  return rows.length > 0 && writtenBefore / rows.length > MISSED ? Math.min(most, Math.ceil(holding * 1.5)) : holding;
}

/**
 * Where a fold gets its RowFolds, and how it gives a page's rows out. Batch by batch, a new
 * fold each time, given out whole. In a carrying replay one per table for the whole range,
 * which after each page holds rows back (Hold) and gives out the rest; at the range's end, all.
 */
export interface RowCarry {
  fold<T extends Table>(table: T): RowFold<T>;
  take<T extends Table>(rows: RowFold<T>): FoldedRows;
}

/** A fold per batch, nothing held back: what `apply` folds with. */
export const EACH_BATCH: RowCarry = { fold: () => new RowFold(), take: (rows) => rows.take() };

/**
 * The folds of a carrying replay, one per table for its whole range, each holding rows back
 * between pages as `hold` says: `page` gives out a page's rows but those held, `end` all of them.
 */
export function carriedRows(hold: Hold): { readonly page: RowCarry; readonly end: RowCarry } {
  const folds = new Map<Table, RowFold<Table>>();
  const fold = <T extends Table>(table: T): RowFold<T> => {
    let rows = folds.get(table);
    if (!rows) folds.set(table, (rows = new RowFold<Table>(hold)));
    return rows as unknown as RowFold<T>;
  };
  return { page: { fold, take: (rows) => rows.takePage(false) }, end: { fold, take: (rows) => rows.takePage(true) } };
}

/** The column lists of a batch, each kept once: a batch has a handful, so a look along them beats joining every row's names into a key. */
class Shapes {
  readonly list: (readonly string[])[] = [];

  of(columns: readonly string[]): number {
    for (let i = this.list.length - 1; i >= 0; i -= 1) if (sameColumns(this.list[i], columns)) return i;
    return this.list.push(columns) - 1;
  }
}

export function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
