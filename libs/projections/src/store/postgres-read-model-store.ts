import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool, types } from 'pg';
import { CHECKPOINTS_DDL } from './checkpoints';
import { runScript } from './run-script';
import { POSTGRES_SQL } from './dialect-sql';
import type { ReadModelDb, ReadModelStore } from './read-model-store';
import type { ReadModelTables } from './tables';

const BYTEWISE_COLLATIONS = new Set(['C', 'C.UTF-8', 'C.utf8', 'POSIX', 'ucs_basic']);

/** Any number works: every process of one deployment takes the same advisory lock around its DDL. */
const MIGRATION_LOCK = 4_207_315;

/**
 * Counts, sums and positions come back from PostgreSQL as strings (BIGINT, NUMERIC), which
 * JavaScript numbers hold exactly up to 2^53: far past any count or sum in fen here. Per pool,
 * not pg's global parsers, so nothing else in the process is affected.
 */
const NUMBERS_AS_NUMBERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  },
};

export interface PostgresReadModelOptions {
  /** postgres://user:password@host:port/database */
  readonly connectionString: string;
  /** Connections in this process's pool (default 10). */
  readonly poolSize?: number;
  /**
   * The schema the read models live in (default: the server's search_path, normally
   * `public`); one database can then hold the read models of several centers, or tests.
   */
  readonly schema?: string;
}

/**
 * The read models in a PostgreSQL database that every API instance, the projector and the
 * watcher of a deployment share, on as many machines as needed.
 */
export class PostgresReadModelStore implements ReadModelStore {
  /** Shared by every process that reads the read models: never a scratch store. */
  readonly scratch = false;
  readonly dialect = 'postgres' as const;
  readonly sql = POSTGRES_SQL;
  readonly db: ReadModelDb;

  private constructor(pool: Pool) {
    this.db = new Kysely<ReadModelTables>({ dialect: new PostgresDialect({ pool }) });
  }

  static async open(options: PostgresReadModelOptions): Promise<PostgresReadModelStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`read-model schema "${schema}": lower-case letters, digits and _ only`);
    const pool = new Pool({
      connectionString: options.connectionString, max: options.poolSize ?? 10, types: NUMBERS_AS_NUMBERS,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle connection the server dropped must not take the process down.
    pool.on('error', () => undefined);
    const store = new PostgresReadModelStore(pool);
    await store.refuseLinguisticCollation().catch(async (error) => {
      await store.close();
      throw error;
    });
    await store.migrate(async (tx) => {
      if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(tx);
      await runScript(tx, CHECKPOINTS_DDL);
    });
    return store;
  }

  /**
   * Dates and moments are ISO text compared as text, which orders them only under a bytewise
   * collation: a linguistic one (en_US.UTF-8, zh_CN.UTF-8) ignores the punctuation at first.
   * Such a database is refused at start rather than answering subtly wrong figures.
   */
  private async refuseLinguisticCollation(): Promise<void> {
    const { rows } = await sql<{ collation: string }>`SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()`.execute(this.db);
    const collation = rows[0]?.collation ?? '';
    if (!BYTEWISE_COLLATIONS.has(collation)) {
      throw new Error(`the read-model database's collation is ${collation}; it must be C (or C.UTF-8, POSIX): `
        + "create it with CREATE DATABASE … LC_COLLATE 'C' TEMPLATE template0, or initdb --locale=C.UTF-8");
    }
  }

  write<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  read<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  }

  migrate<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.write(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
      return work(tx);
    });
  }

  async exclusive(tx: ReadModelDb, name: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(tx);
  }

  async nowMs(tx: ReadModelDb = this.db): Promise<number> {
    const { rows } = await sql<{ now: number }>`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now`.execute(tx);
    return Number(rows[0].now);
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
