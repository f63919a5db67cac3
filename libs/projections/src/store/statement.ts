import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { ReadModelDb } from './read-model-store';
import { runDirect } from './sqlite-read-model-store';

const PARAMETER = Symbol('statement parameter');

interface Placeholder {
  readonly [PARAMETER]: string;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === 'object' && value !== null && PARAMETER in value;
}

interface Compiled<P> {
  readonly sql: string;
  /** Each bound parameter's name; null for a value written into the statement. */
  readonly names: readonly (string | null)[];
  readonly values: (params: P) => unknown[];
}

/**
 * A query built once with the query builder and compiled once per dialect, then run with new
 * values: what projections run for every event. Building and compiling a query costs more
 * than SQLite takes to run a small one, so the hot paths pay it once, not per event.
 *
 *   const close = new Statement<{ caseNo: string }>((db, p) =>
 *     db.deleteFrom('deadlines').where('case_no', '=', p('caseNo')));
 *   await close.run(tx, { caseNo });
 */
export class Statement<P extends Record<string, unknown>> {
  private readonly compiled = new Map<unknown, Compiled<P>>();

  constructor(private readonly build: (db: ReadModelDb, param: <K extends keyof P & string>(name: K) => P[K]) => Compilable) {}

  run<R = unknown>(db: ReadModelDb, params: P): Promise<QueryResult<R>> {
    const compiled = this.compiledFor(db);
    const values = compiled.values(params);
    const direct = runDirect(db, compiled.sql, values);
    if (direct) return Promise.resolve(direct as QueryResult<R>);
    return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values));
  }

  /**
   * Runs it with its parameters' values as an array, in the order `parameterNames` gives: for
   * rows that travel as arrays (FoldedRows), without an object made per row.
   */
  runInOrder(db: ReadModelDb, values: readonly unknown[]): Promise<QueryResult<unknown>> {
    const { sql, names } = this.compiledFor(db);
    if (values.length !== names.length) throw new Error(`${values.length} values for a statement of ${names.length} parameters: ${sql}`);
    const stored = values.map(toStored);
    const direct = runDirect(db, sql, stored);
    if (direct) return Promise.resolve(direct);
    return db.executeQuery(CompiledQuery.raw(sql, stored));
  }

  /** The names of its parameters, in the order they are bound. */
  parameterNames(db: ReadModelDb): readonly (string | null)[] {
    return this.compiledFor(db).names;
  }

  /** The rows the statement returns. */
  async rows<R>(db: ReadModelDb, params: P): Promise<R[]> {
    return (await this.run<R>(db, params)).rows;
  }

  /** How many rows it inserted, updated or deleted. */
  async changes(db: ReadModelDb, params: P): Promise<number> {
    return Number((await this.run(db, params)).numAffectedRows ?? 0);
  }

  private compiledFor(db: ReadModelDb): Compiled<P> {
    // One compiled text per dialect: the adapter's class says which.
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = this.compiled.get(dialect);
    if (!compiled) this.compiled.set(dialect, (compiled = compile(this.build, db)));
    return compiled;
  }
}

function compile<P extends Record<string, unknown>>(
  build: (db: ReadModelDb, param: <K extends keyof P & string>(name: K) => P[K]) => Compilable,
  db: ReadModelDb,
): Compiled<P> {
  const param = <K extends keyof P & string>(name: K) => ({ [PARAMETER]: name }) as unknown as P[K];
  const { sql, parameters } = build(db, param).compile();
  const names = parameters.map((value) => (isPlaceholder(value) ? value[PARAMETER] : null));
  return {
    sql,
    names,
    values: (params) => names.map((name, index) => (name === null ? parameters[index] : toStored(params[name]))),
  };
}

/** SQLite binds no booleans or undefined: both stores get 1/0 and NULL. */
function toStored(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
