import { sql, RawBuilder } from 'kysely';

export type ReadModelDialect = 'sqlite' | 'postgres';

/**
 * The few SQL spellings the two read-model stores disagree on, so a projection or a query is
 * written once: everything else they write is SQL both understand.
 */
export interface DialectSql {
  readonly dialect: ReadModelDialect;
  /** The largest of its arguments (SQLite's scalar max, PostgreSQL's GREATEST). */
  greatest(...expressions: string[]): string;
  /** The smallest of its arguments (SQLite's scalar min, PostgreSQL's LEAST). */
  least(...expressions: string[]): string;
  /** A table clause for a table keyed on its primary key only (SQLite's WITHOUT ROWID; nothing elsewhere). */
  readonly withoutRowid: string;
}

export const SQLITE_SQL: DialectSql = {
  dialect: 'sqlite',
  greatest: (...expressions) => `max(${expressions.join(', ')})`,
  least: (...expressions) => `min(${expressions.join(', ')})`,
  withoutRowid: 'WITHOUT ROWID',
};

export const POSTGRES_SQL: DialectSql = {
  dialect: 'postgres',
  greatest: (...expressions) => `GREATEST(${expressions.join(', ')})`,
  least: (...expressions) => `LEAST(${expressions.join(', ')})`,
  withoutRowid: '',
};

/** 1 when the condition holds, else 0: summed to count rows (both stores; SQLite alone could sum the condition itself). */
export function oneIf(condition: string): string {
  return `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
}

/** A raw fragment for the query builder. */
export function raw<T = unknown>(text: string): RawBuilder<T> {
  return sql.raw<T>(text);
}
