import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { POSTGRES_URL, readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import type { ReadModelsConfig } from '../../apps/engine/src/config/engine.config';

export interface ReadModelsUnderTest {
  readonly name: 'sqlite' | 'postgres';
  /** The engine's READ_MODELS for one engine: DATA_DIR's file, or a fresh schema on the test server. */
  config(): ReadModelsConfig;
  /** Drops what `config` made (the engine closed first). */
  dropAll(): Promise<void>;
}

/**
 * The read-model stores an HTTP spec runs the whole engine on, for
 * `describe.each(readModelsUnderTest())('… on $name', (readModels) => …)`: SQLite always,
 * PostgreSQL when POSTGRES_URL is set (the same rule as the projections' specs).
 */
export function readModelsUnderTest(): ReadModelsUnderTest[] {
  return readModelStoresUnderTest().map(({ name }) => (name === 'sqlite' ? sqlite() : postgres()));
}

function sqlite(): ReadModelsUnderTest {
  return { name: 'sqlite', config: () => ({ kind: 'sqlite' }), dropAll: async () => undefined };
}

function postgres(): ReadModelsUnderTest {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    config() {
      schemas.push(`http_${randomBytes(6).toString('hex')}`);
      return { kind: 'postgres', connectionString: POSTGRES_URL as string, schema: schemas.at(-1), poolSize: 4 };
    },
    async dropAll() {
      const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
      try {
        for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
