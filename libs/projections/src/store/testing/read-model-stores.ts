import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresReadModelStore } from '../postgres-read-model-store';
import type { ReadModelStore } from '../read-model-store';
import { SqliteReadModelStore } from '../sqlite-read-model-store';

export interface ReadModelStoreUnderTest {
  readonly name: 'sqlite' | 'postgres';
  /** A new, empty store (a fresh schema on PostgreSQL); `close` drops it again. */
  open(): Promise<ReadModelStore>;
}

/** Set by .ci/run (test/postgres/start-postgres.sh): the PostgreSQL server the tests use. */
export const POSTGRES_URL = process.env.POSTGRES_URL;

/** The skip line is said once per test file. */
let warned = false;

const sqlite: ReadModelStoreUnderTest = { name: 'sqlite', open: () => SqliteReadModelStore.open(':memory:') };

const postgres: ReadModelStoreUnderTest = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const store = await PostgresReadModelStore.open({ connectionString: POSTGRES_URL as string, schema, poolSize: 4 });
    const close = store.close.bind(store);
    return Object.assign(store, {
      close: async () => {
        await close();
        const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
      },
    });
  },
};

/**
 * The read-model stores a spec runs against: SQLite always, PostgreSQL when POSTGRES_URL is
 * set. CI sets REQUIRE_POSTGRES=1, so there a missing server fails instead of skipping.
 */
export function readModelStoresUnderTest(): ReadModelStoreUnderTest[] {
  if (POSTGRES_URL) return [sqlite, postgres];
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but POSTGRES_URL is not set (test/postgres/start-postgres.sh)');
  if (!warned) {
    warned = true;
    process.stderr.write('read models: PostgreSQL skipped (POSTGRES_URL unset; bash test/postgres/start-postgres.sh starts one)\n');
  }
  return [sqlite];
}
