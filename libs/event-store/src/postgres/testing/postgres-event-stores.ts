import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../postgres-event-store';

/** Set by .ci/run (test/postgres/start-postgres.sh): the PostgreSQL server the tests use. */
export const POSTGRES_URL = process.env.POSTGRES_URL;

/**
 * Whether the PostgreSQL specs run: when POSTGRES_URL is set. CI sets REQUIRE_POSTGRES=1, so
 * there a missing server fails instead of skipping.
 */
export function postgresAvailable(): boolean {
  if (POSTGRES_URL) return true;
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but POSTGRES_URL is not set (test/postgres/start-postgres.sh)');
  process.stderr.write('event store: PostgreSQL skipped (POSTGRES_URL unset; bash test/postgres/start-postgres.sh starts one)\n');
  return false;
}

export function newSchema(): string {
  return `es_${randomBytes(6).toString('hex')}`;
}

/** Runs SQL on the test server outside any store (to drop a schema, add a trigger, or race transactions by hand). */
export async function withAdmin<T>(work: (admin: Pool) => Promise<T>): Promise<T> {
  const admin = new Pool({ connectionString: POSTGRES_URL, max: 4 });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

/** A store in a schema of its own; `close` drops the schema when `drop` is set. */
export async function openTestStore(schema: string, options: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> {
  return PostgresEventStore.open({ connectionString: POSTGRES_URL as string, schema, poolSize: 4, pollIntervalMs: 50, ...options });
}
