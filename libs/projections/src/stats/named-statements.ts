import { sql, type Compilable } from 'kysely';
import type { ReadModelDb } from '../store/read-model-store';
import { Statement } from '../store/statement';

type Param<P> = <K extends keyof P & string>(name: K) => P[K];

/**
 * SQL text with `@name` parameters, as the query builder compiles it for the store underneath
 * (`?` on SQLite, `$1` on PostgreSQL). For the figures' long sums, which read better as the SQL
 * they are than as builder calls.
 */
export function namedSql<P>(db: ReadModelDb, text: string, param: Param<P>): Compilable {
  const pieces = text.split(/@(\w+)/); // the odd pieces are the parameters' names
  const query = sql.join(pieces.map((piece, index) => (index % 2 === 1 ? sql`${param(piece as keyof P & string)}` : sql.raw(piece))), sql.raw(''));
  return { compile: () => query.compile(db) };
}

/**
 * Statements of `@name` SQL text that depends on the dialect or on a query's shape (scope,
 * grouping): one Statement per key, each compiled once, as a projection's per-event ones are.
 */
export class NamedStatements<P extends Record<string, unknown>> {
  private readonly statements = new Map<string, Statement<P>>();

  /** The statement named `key` (which must say everything `text` depends on); `text` runs the first time only. */
  get(key: string, text: () => string): Statement<P> {
    let statement = this.statements.get(key);
    if (!statement) {
      const sqlText = text();
      this.statements.set(key, (statement = new Statement<P>((db, param) => namedSql<P>(db, sqlText, param))));
    }
    return statement;
  }
}
