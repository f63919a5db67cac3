import type { Kysely } from 'kysely';
import type { DialectSql, ReadModelDialect } from './dialect-sql';
import type { ReadModelTables } from './tables';

/** The query builder on the read models: the store's own, or one bound to a transaction. */
export type ReadModelDb = Kysely<ReadModelTables>;

/**
 * Where the read models live: the embedded SQLite file (the default) or a PostgreSQL database
 * that several API instances read. Projections, queries, checkpoints and leases are written
 * once, against the query builder; only the store knows which database is underneath.
 */
export interface ReadModelStore {
  readonly dialect: ReadModelDialect;
  readonly sql: DialectSql;
  /** For reads outside a transaction. */
  readonly db: ReadModelDb;
  /**
   * Built from zero and counted only once complete (a rebuild's file, swapped in at the end):
   * nothing reads it meanwhile and a crash throws it away, so a replay into it may keep rows in
   * memory from one batch to the next (Projector, RowCarry).
   */
  readonly scratch: boolean;
  /**
   * Runs `work` in one write transaction and commits, or rolls back when it throws. SQLite
   * takes the file's write lock at the start (BEGIN IMMEDIATE), so two processes on one file
   * queue instead of failing mid-transaction; PostgreSQL runs it on one pooled connection.
   */
  write<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T>;
  /** Runs `work` in one read transaction: every query in it sees the same rows. */
  read<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T>;
  /**
   * A write transaction for changes of the tables themselves (see `runScript`): on PostgreSQL
   * under an advisory lock, as two processes creating the same tables at once would collide in
   * its catalog; SQLite's write lock already serialises them.
   */
  migrate<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T>;
  /**
   * Inside a write transaction: waits until no other transaction of any process holds `name`,
   * then holds it until this one ends (PostgreSQL: a transaction advisory lock; SQLite: its
   * write lock, taken at BEGIN IMMEDIATE, already does it).
   */
  exclusive(tx: ReadModelDb, name: string): Promise<void>;
  /** Milliseconds since the epoch by the database's clock (leases compare it across machines). */
  nowMs(tx?: ReadModelDb): Promise<number>;
  /** Cheap round trip for /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
