import { sql } from 'kysely';
import type { ReadModelDb } from './read-model-store';

/**
 * Runs a script of DDL statements (CREATE/DROP TABLE, INDEX) one by one, in the caller's
 * transaction. Statements end with `;`; none holds a `;` of its own (no string literal with one).
 * Written once for both stores: BIGINT for positions and money (SQLite reads it as INTEGER,
 * PostgreSQL's INTEGER would be 32 bits) and DialectSql for the rest.
 */
export async function runScript(tx: ReadModelDb, script: string): Promise<void> {
  for (const statement of script.replace(/--.*$/gm, '').split(';')) {
    const text = statement.trim();
    if (text) await sql.raw(text).execute(tx);
  }
}
