import type { ReadModelDialect } from './dialect-sql';
import { type RowSet, writeRowSets } from './postgres-row-sets';
import type { ReadModelDb } from './read-model-store';
import type { FoldedRows, Table } from './row-fold';
import { Statement } from './statement';
import type { ReadModelTables } from './tables';

type Kind = 'delete' | 'insert' | 'update';

/**
 * Writes a batch's rows of one table as a fold made them (RowFold), once per row: SQLite gets a
 * prepared statement per row, PostgreSQL a statement per kind of change and set of columns
 * (postgres-row-sets.ts). Writing, per row: its DELETE, its INSERT … ON CONFLICT DO NOTHING
 * (with every later update folded in), its UPDATE (the updates of a row the batch did not
 * insert).
 */
export class RowWriter<T extends Table> {
  /** Every statement built, by table, kind and columns: shared by every batch's RowWriter. */
  private static readonly statements = new Map<string, Statement<Record<string, unknown>>>();

  constructor(
    private readonly table: T,
    private readonly key: keyof ReadModelTables[T] & string,
  ) {}

  async write(tx: ReadModelDb, dialect: ReadModelDialect, folded: FoldedRows): Promise<void> {
    if (dialect === 'postgres') await this.writeInSets(tx, folded);
    else await this.writeRowByRow(tx, folded);
  }

  /**
   * SQLite, in process: a prepared statement per row (a statement of many rows was slower,
   * docs/decisions/0023), its values bound as they came, the key last in an UPDATE's.
   */
  private async writeRowByRow(tx: ReadModelDb, { shapes, rows }: FoldedRows): Promise<void> {
    // By shape, each made when first needed.
    const inserts: Statement<Record<string, unknown>>[] = [];
    const updates: Statement<Record<string, unknown>>[] = [];
    for (const [key, removeFirst, insertShape, insert, setShape, set] of rows) {
      if (removeFirst) await this.statement(tx, 'delete', []).runInOrder(tx, [key]);
      if (insert) await (inserts[insertShape] ??= this.statement(tx, 'insert', shapes[insertShape])).runInOrder(tx, insert);
      if (set) await (updates[setShape] ??= this.statement(tx, 'update', shapes[setShape])).runInOrder(tx, [...set, key]);
    }
  }

  /** PostgreSQL: the rows grouped by kind and columns, a statement per group (writeRowSets). */
  private async writeInSets(tx: ReadModelDb, { shapes, rows }: FoldedRows): Promise<void> {
    const deletes: string[] = [];
    const inserts = shapes.map((columns): RowSet & { rows: Record<string, unknown>[] } => ({ columns, rows: [] }));
    const updates = shapes.map((columns): RowSet & { rows: Record<string, unknown>[] } => ({ columns: [this.key, ...columns], rows: [] }));
    const named = (columns: readonly string[], values: readonly unknown[]) => Object.fromEntries(columns.map((column, i) => [column, values[i]]));
    for (const [key, remove, insertShape, insert, setShape, set] of rows) {
      if (remove) deletes.push(key);
      if (insert) inserts[insertShape].rows.push(named(shapes[insertShape], insert));
      if (set) updates[setShape].rows.push({ [this.key]: key, ...named(shapes[setShape], set) });
    }
    await writeRowSets(tx, this.table, this.key, {
      deletes, inserts: inserts.filter((set) => set.rows.length > 0), updates: updates.filter((set) => set.rows.length > 0),
    });
  }

  /** One statement per kind and set of columns: a handful per table. Its parameters are the columns in order (then the key). */
  private statement(tx: ReadModelDb, kind: Kind, columns: readonly string[]): Statement<Record<string, unknown>> {
    const name = `${this.table}.${this.key}:${kind}:${columns.join(',')}`;
    let statement = RowWriter.statements.get(name);
    if (!statement) {
      statement = this.build(kind, columns);
      const expected = kind === 'insert' ? columns : kind === 'update' ? [...columns, this.key] : [this.key];
      const names = statement.parameterNames(tx);
      if (names.join(',') !== expected.join(',')) throw new Error(`${name} binds ${names.join(',')}, not the columns in order`);
      RowWriter.statements.set(name, statement);
    }
    return statement;
  }

  private build(kind: Kind, columns: readonly string[]): Statement<Record<string, unknown>> {
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
