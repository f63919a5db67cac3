import Database from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
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

  private constructor(private readonly file: Database.Database) {
    this.db = new Kysely<ReadModelTables>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
  }

  static async open(file: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Promise<SqliteReadModelStore> {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('busy_timeout = 5000');
    // The case rows and their indexes are read and rewritten all the time: keep them in memory (a bounded 64 MiB).
    db.pragma('cache_size = -65536');
    const store = new SqliteReadModelStore(db);
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
  }

  private transaction<T>(begin: string, work: (tx: ReadModelDb) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (connection) => {
      await sql.raw(begin).execute(connection);
      try {
        const result = await work(connection);
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        if (this.file.inTransaction) await sql`ROLLBACK`.execute(connection);
        throw error;
      }
    });
  }
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
