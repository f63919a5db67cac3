import { sql } from 'kysely';
import type { ReadModelDb } from './read-model-store';

/** Rows per statement: one JSON parameter each, well under PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 2000;

/** Rows that get the same columns written, each with its key column among them. */
export interface RowSet {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * Writes a batch's row changes to PostgreSQL with one statement per kind and set of columns:
 * the rows travel as one JSON parameter that `json_populate_recordset` turns back into rows of
 * the table's own type (so every value gets its column's type). A round trip per row would
 * make the network, not the database, the replay's limit. Deletes, then inserts, then updates:
 * the order RowWriter writes each row's changes in.
 */
export async function writeRowSets(tx: ReadModelDb, table: string, key: string,
  sets: { deletes: readonly string[]; inserts: readonly RowSet[]; updates: readonly RowSet[] }): Promise<void> {
  const target = sql.table(table);
  const keyColumn = sql.ref(key);
  for (const keys of chunks(sets.deletes)) {
    await sql`DELETE FROM ${target} WHERE ${keyColumn} = ANY(${keys})`.execute(tx);
  }
  for (const { columns, rows } of sets.inserts) {
    const list = sql.join(columns.map((column) => sql.ref(column)));
    for (const chunk of chunks(rows)) {
      await sql`INSERT INTO ${target} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${target}, ${JSON.stringify(chunk)}::json)
        ON CONFLICT DO NOTHING`.execute(tx);
    }
  }
  for (const { columns, rows } of sets.updates) {
    const assignments = sql.join(columns.filter((column) => column !== key).map((column) => sql`${sql.ref(column)} = v.${sql.ref(column)}`));
    for (const chunk of chunks(rows)) {
      await sql`UPDATE ${target} SET ${assignments} FROM json_populate_recordset(NULL::${target}, ${JSON.stringify(chunk)}::json) AS v
        WHERE ${target}.${keyColumn} = v.${keyColumn}`.execute(tx);
    }
  }
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) yield items.slice(start, start + ROWS_PER_STATEMENT);
}
