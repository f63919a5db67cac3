import type { ReadModelDialect } from './dialect-sql';
import { type RowSet, writeRowSets } from './postgres-row-sets';
import type { ReadModelDb } from './read-model-store';
import { type FoldedRows, RowFold, type Table } from './row-fold';
import { Statement } from './statement';
import type { ReadModelTables } from './tables';

/**
 * A batch's changes to the rows of one table (RowFold), written once per row: SQLite gets a
 * prepared statement per row, PostgreSQL a statement per kind of change and set of columns
 * (postgres-row-sets.ts). Writing, per row: its DELETE, its INSERT … ON CONFLICT DO NOTHING
 * (with every later update folded in), its UPDATE (the updates of a row the batch did not
 * insert).
 */
export class RowChanges<T extends Table> extends RowFold<T> {
  /** Every statement built, by table, kind and columns: shared by every batch's RowChanges. */
  private static readonly statements = new Map<string, Statement<Record<string, unknown>>>();
  /** The statement used last, by kind: a row mostly has the columns of the row before it. */
  private readonly last = new Map<string, { columns: readonly string[]; statement: Statement<Record<string, unknown>> }>();

  constructor(
    private readonly table: T,
    private readonly key: keyof ReadModelTables[T] & string,
  ) {
    super();
  }

  /** Writes every row's changes and forgets them. */
  async write(tx: ReadModelDb, dialect: ReadModelDialect): Promise<void> {
    await this.writeRows(tx, dialect, this.rows());
    this.clear();
  }

  /** Writes rows folded elsewhere (a replay's, folded on the reading thread). */
  async writeRows(tx: ReadModelDb, dialect: ReadModelDialect, rows: FoldedRows<T>): Promise<void> {
    if (dialect === 'postgres') await this.writeInSets(tx, rows);
    else await this.writeRowByRow(tx, rows);
  }

  /** SQLite, in process: a prepared statement per row (a statement of many rows was slower, measured). */
  private async writeRowByRow(tx: ReadModelDb, rows: FoldedRows<T>): Promise<void> {
    for (const [key, pending] of rows) {
      if (pending.remove) await this.statement('delete', []).run(tx, { [this.key]: key });
      if (pending.insert) await this.statement('insert', Object.keys(pending.insert)).run(tx, pending.insert);
      const set = Object.keys(pending.set);
      if (set.length > 0) await this.statement('update', set).run(tx, { ...pending.set, [this.key]: key });
    }
  }

  /** PostgreSQL: the rows grouped by kind and columns, a statement per group (writeRowSets). */
  private async writeInSets(tx: ReadModelDb, rows: FoldedRows<T>): Promise<void> {
    const deletes: string[] = [];
    const inserts = new Map<string, RowSet & { rows: Record<string, unknown>[] }>();
    const updates = new Map<string, RowSet & { rows: Record<string, unknown>[] }>();
    const add = (sets: typeof inserts, row: Record<string, unknown>) => {
      const columns = Object.keys(row);
      const name = columns.join(',');
      const set = sets.get(name);
      if (set) set.rows.push(row);
      else sets.set(name, { columns, rows: [row] });
    };
    for (const [key, pending] of rows) {
      if (pending.remove) deletes.push(key);
      if (pending.insert) add(inserts, pending.insert as Record<string, unknown>);
      if (Object.keys(pending.set).length > 0) add(updates, { [this.key]: key, ...pending.set });
    }
    await writeRowSets(tx, this.table, this.key, { deletes, inserts: [...inserts.values()], updates: [...updates.values()] });
  }

  /** One statement per kind and set of columns: a handful per table. */
  private statement(kind: 'delete' | 'insert' | 'update', columns: readonly string[]): Statement<Record<string, unknown>> {
    const last = this.last.get(kind);
    if (last && sameColumns(last.columns, columns)) return last.statement;
    const name = `${this.table}.${this.key}:${kind}:${columns.join(',')}`;
    let statement = RowChanges.statements.get(name);
    if (!statement) RowChanges.statements.set(name, (statement = this.build(kind, columns)));
    this.last.set(kind, { columns, statement });
    return statement;
  }

  private build(kind: 'delete' | 'insert' | 'update', columns: readonly string[]): Statement<Record<string, unknown>> {
    // The builder's types cannot follow a table chosen at run time; the columns come from the table's own row types.
    const table = this.table as never;
    const key = this.key as never;
    const values = (p: (name: string) => unknown) => Object.fromEntries(columns.map((column) => [column, p(column)])) as never;
    switch (kind) {
      case 'delete':
        return new Statement((db, p) => db.deleteFrom(table).where(key, '=', p(this.key) as never));
      case 'insert':
        return new Statement((db, p) => db.insertInto(table).values(values(p)).onConflict((c) => c.doNothing()));
      case 'update':
        return new Statement((db, p) => db.updateTable(table).set(values(p)).where(key, '=', p(this.key) as never));
    }
  }
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
