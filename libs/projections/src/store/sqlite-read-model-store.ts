import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, type QueryResult } from 'kysely';
import { SQLITE_SQL } from './dialect-sql';
import type { ReadModelDb, ReadModelStore } from './read-model-store';
import { CHECKPOINTS_DDL } from './checkpoints';
import { runScript } from './run-script';
import type { ReadModelTables } from './tables';

/** Prepared statements kept per SQL text: preparing costs more than running a small statement. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The embedded default: the read models in their own SQLite file, apart from the event store,
 * so the projector's writes never queue behind command appends (SQLite has one writer per file).
 * One connection per process; the query builder queues its queries on it, and a transaction
 * holds it until it ends.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly dialect = 'sqlite' as const;
  readonly sql = SQLITE_SQL;
  readonly db: ReadModelDb;

  private readonly statements: CachedStatements;

  private constructor(
    private readonly file: Database.Database,
    readonly scratch: boolean,
  ) {
    this.statements = withStatementCache(file);
    this.db = new Kysely<ReadModelTables>({ dialect: new SqliteDialect({ database: this.statements }) });
  }

  /**
   * `scratch`: a file being built from zero that counts only once complete (a rebuild's, swapped
   * in at the end): its journal is kept in memory and nothing is synced until `close()`, which
   * fsyncs the file. A crash leaves a torn scratch file, which the rebuild starts again without.
   * Against the WAL at NORMAL, a year's replay took less time (docs/decisions/0025). The engine
   * opens the finished file in WAL mode again.
   */
  static async open(file: string, synchronous: 'FULL' | 'NORMAL' = 'FULL', { scratch = false } = {}): Promise<SqliteReadModelStore> {
    const db = new Database(file);
    db.pragma(scratch ? 'journal_mode = MEMORY' : 'journal_mode = WAL');
    db.pragma(scratch ? 'synchronous = OFF' : `synchronous = ${synchronous}`);
    db.pragma('busy_timeout = 5000');
    // The case rows and their indexes are read and rewritten all the time: keep them in memory (a bounded 64 MiB).
    db.pragma('cache_size = -65536');
    const store = new SqliteReadModelStore(db, scratch);
    await store.migrate((tx) => runScript(tx, CHECKPOINTS_DDL));
    return store;
  }

  write<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN IMMEDIATE', work);
  }

  read<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', work);
  }

  migrate<T>(work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.write(work);
  }

  async exclusive(): Promise<void> {}

  async nowMs(): Promise<number> {
    return Date.now();
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    if (this.scratch) fsyncFile(this.file.name);
  }

  private transaction<T>(begin: string, work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (connection) => {
      await sql.raw(begin).execute(connection);
      // The connection is this transaction's alone until it ends: precompiled statements may run on it directly.
      holdsConnection.set(connection, this.statements);
      try {
        const result = await work(connection);
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        if (this.file.inTransaction) await sql`ROLLBACK`.execute(connection);
        throw error;
      } finally {
        holdsConnection.delete(connection);
      }
    });
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

type CachedStatements = ReturnType<typeof withStatementCache>;

/** Transactions in progress on a SQLite store, by the query builder bound to them (see `runDirect`). */
const holdsConnection = new WeakMap<ReadModelDb, CachedStatements>();

/**
 * Runs compiled SQL at once on the SQLite connection `db` holds, when `db` is a transaction of a
 * SQLite store; undefined otherwise. What the query builder's driver would do, without its
 * promise hops: a replay runs a few statements for each of a million events.
 */
export function runDirect(db: ReadModelDb, text: string, parameters: readonly unknown[]): QueryResult<unknown> | undefined {
  const statements = holdsConnection.get(db);
  if (!statements) return undefined;
  const statement = statements.prepare(text);
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes } = statement.run(parameters);
  return { rows: [], numAffectedRows: BigInt(changes) };
}

/** The database as the query builder sees it, preparing each SQL text once (bounded, oldest out first). */
function withStatementCache(db: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(text: string): Database.Statement {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
        statements.set(text, (statement = db.prepare(text)));
      }
      return statement;
    },
  };
}
