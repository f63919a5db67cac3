import type Database from 'better-sqlite3';
import { Pool, type PoolClient, types } from 'pg';
import type { IntegrationEvent } from '../integration-event';
import type { ConsumerDb } from './consumer-db';
import type { HandleResult, ReadModel, ReadModelStats } from './idempotent-read-model';

export interface PostgresConsumerDbOptions {
  readonly connectionString: string;
  /** The consumer's own schema (default: the server's search_path). */
  readonly schema?: string;
  readonly poolSize?: number;
}

/** One statement a read model ran: its SQL (SQLite's placeholders) and its parameters. */
interface Recorded {
  readonly sql: string;
  readonly params: readonly unknown[] | Record<string, unknown> | undefined;
}

const NUMBERS_AS_NUMBERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  },
};

/**
 * A consumer's read model in PostgreSQL, with the very SQL it runs on SQLite. A read model's
 * `migrate` and `apply` only write (they never read a row back), and their SQL is the common
 * subset (ON CONFLICT … DO UPDATE, COALESCE, partial indexes): they run against a recorder that
 * keeps each statement, and the statements then run in one PostgreSQL transaction, the SQLite
 * placeholders (`?`, `@name`) turned into `$1…`. So the consumer apps keep one read model for
 * both stores, and their specs on SQLite cover its rules.
 */
export class PostgresReadModelConsumer<TEffect> {
  private counts: ReadModelStats = { applied: 0, duplicates: 0 };

  private constructor(
    readonly pool: Pool,
    private readonly readModel: ReadModel<TEffect>,
    private readonly now: () => string,
  ) {}

  static async open<TEffect>(options: PostgresConsumerDbOptions, readModel: ReadModel<TEffect>, now: () => string = () => new Date().toISOString()):
    Promise<PostgresReadModelConsumer<TEffect>> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`consumer schema "${schema}": lower-case letters, digits and _ only`);
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4, types: NUMBERS_AS_NUMBERS,
      options: `-c synchronous_commit=on${schema ? ` -c search_path=${schema}` : ''}` });
    pool.on('error', () => undefined);
    const consumer = new PostgresReadModelConsumer(pool, readModel, now);
    try {
      await consumer.inTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gov-consumer-migrate:${schema ?? 'public'}`]);
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query('CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY, type TEXT NOT NULL, processed_at TEXT NOT NULL)');
        await runAll(client, record((db) => readModel.migrate(db)));
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return consumer;
  }

  /**
   * The event's id first (ON CONFLICT DO NOTHING): a second consumer on the same event waits on
   * the first's row and then finds it, so each event's effects commit exactly once.
   */
  async handle(event: IntegrationEvent): Promise<HandleResult> {
    const effects = this.readModel.effectsOf(event);
    const statements = record((db) => this.readModel.apply(db, effects));
    const result = await this.inTransaction(async (client): Promise<HandleResult> => {
      const inserted = await client.query('INSERT INTO processed_events (event_id, type, processed_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
        [event.id, event.type, this.now()]);
      if (inserted.rowCount === 0) return 'duplicate';
      await runAll(client, statements);
      return 'applied';
    });
    this.counts = result === 'applied'
      ? { ...this.counts, applied: this.counts.applied + 1 }
      : { ...this.counts, duplicates: this.counts.duplicates + 1 };
    return result;
  }

  stats(): ReadModelStats {
    return this.counts;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** The statements `write` runs, kept instead of run: a stand-in for the SQLite connection that only records. */
function record(write: (db: ConsumerDb) => void): Recorded[] {
  const recorded: Recorded[] = [];
  const recorder = {
    exec(sql: string) {
      recorded.push({ sql, params: undefined });
      return recorder;
    },
    prepare(sql: string) {
      return {
        run(...params: unknown[]) {
          const named = params.length === 1 && params[0] !== null && typeof params[0] === 'object' && !Array.isArray(params[0]);
          recorded.push({ sql, params: named ? (params[0] as Record<string, unknown>) : params });
          return { changes: 0, lastInsertRowid: 0 };
        },
      };
    },
  };
  write(recorder as unknown as Database.Database);
  return recorded;
}

async function runAll(client: PoolClient, statements: readonly Recorded[]): Promise<void> {
  for (const statement of statements) {
    if (statement.params === undefined) await client.query(statement.sql);
    else {
      const { text, values } = toPostgres(statement.sql, statement.params);
      await client.query(text, values);
    }
  }
}

/** SQLite's placeholders as PostgreSQL's: `?` in order, `@name` by name (the same name, the same `$n`). */
export function toPostgres(sql: string, params: readonly unknown[] | Record<string, unknown>): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const byName = new Map<string, number>();
  let next = 0;
  const text = sql.replace(/\?|@([A-Za-z_][A-Za-z0-9_]*)/g, (match, name: string | undefined) => {
    if (name === undefined) {
      values.push(Array.isArray(params) ? params[next++] : undefined);
      return `$${values.length}`;
    }
    const known = byName.get(name);
    if (known !== undefined) return `$${known}`;
    values.push((params as Record<string, unknown>)[name] ?? null);
    byName.set(name, values.length);
    return `$${values.length}`;
  });
  return { text, values: values.map((value) => (value === undefined ? null : value)) };
}
