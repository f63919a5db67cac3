import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import type { IntegrationEvent } from '@gov/messaging';
import { ContractRouter, IdempotentReadModelConsumer, openConsumerDb, PostgresReadModelConsumer, ReadModel } from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, appendInterleaved, openStore, tempDir } from '@gov/messaging/testing/case-store';
import { complaintStreams, planComplaints } from '@gov/messaging/testing/complaint-stories';
import { readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import { disciplineReadModel } from '../../apps/discipline/src/discipline.read-model';
import { efficiencyOfficeReadModel } from '../../apps/efficiency-office/src/efficiency-office.read-model';

const POSTGRES_URL = process.env.POSTGRES_URL as string;
const describeOnPostgres = readModelStoresUnderTest().some((store) => store.name === 'postgres') ? describe : describe.skip;

/**
 * The two consumer apps' read models in PostgreSQL (CONSUMER_DATABASE_URL): the same SQL as on
 * SQLite (postgres-read-model.ts), so the same events leave the same rows in every table; and
 * each event's effects are stored once, whichever of two consumers gets it.
 */
describeOnPostgres('the consumer apps\' read models on PostgreSQL', () => {
  const dataDir = tempDir('gov-pg-consumers-');
  let events: IntegrationEvent[];
  let admin: Pool;
  const schemas: string[] = [];

  beforeAll(async () => {
    admin = new Pool({ connectionString: POSTGRES_URL, max: 2 });
    const store = openStore(dataDir);
    await appendCases(store, planCases(36));
    await appendInterleaved(store, complaintStreams(planComplaints(36)));
    const router = ContractRouter.default(store);
    events = [];
    for (const event of await store.readAll({ after: 0, limit: 100_000 })) {
      const published = await router.toIntegrationEvent(event);
      if (published) events.push(published);
    }
    await store.close();
  });
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every table but processed_events' times, as rows sorted the same way in both stores. */
  async function tablesOf(schema: string, file: string, tables: readonly string[]) {
    const db = openConsumerDb(file);
    try {
      const sqlite: Record<string, unknown[]> = {};
      const postgres: Record<string, unknown[]> = {};
      for (const table of tables) {
        const columns = table === 'processed_events' ? 'event_id, type' : '*';
        sqlite[table] = db.prepare(`SELECT ${columns} FROM ${table} ORDER BY 1, 2`).all();
        postgres[table] = (await admin.query(`SELECT ${columns} FROM ${schema}.${table} ORDER BY 1, 2`)).rows
          .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value])));
      }
      return { sqlite, postgres };
    } finally {
      db.close();
    }
  }

  it.each([
    ['efficiency office', efficiencyOfficeReadModel as ReadModel<unknown>, ['cases', 'card_counts', 'open_overdue_cases', 'processed_events']],
    ['discipline window', disciplineReadModel as ReadModel<unknown>, ['late_cases', 'complaints', 'accountability_actions', 'rectifications', 'processed_events']],
  ] as const)('%s: the same rows as on SQLite, each event once though two consumers got every event', async (name, readModel, tables) => {
    const schema = `consumer_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const file = path.join(dataDir, `${schema}.sqlite`);
    const sqlite = new IdempotentReadModelConsumer(openConsumerDb(file), readModel);
    for (const event of events) sqlite.handle(event);
    const [first, second] = [
      await PostgresReadModelConsumer.open({ connectionString: POSTGRES_URL, schema }, readModel),
      await PostgresReadModelConsumer.open({ connectionString: POSTGRES_URL, schema }, readModel),
    ];
    try {
      // Both consumers handle every event at once, as a restarted consumer overlapping its predecessor would.
      await Promise.all([first, second].map(async (consumer) => {
        for (const event of events) await consumer.handle(event);
      }));
      expect(first.stats().applied + second.stats().applied).toBe(sqlite.stats().applied);
      expect(first.stats().duplicates + second.stats().duplicates).toBe(events.length);
    } finally {
      await first.close();
      await second.close();
    }
    const { sqlite: inSqlite, postgres: inPostgres } = await tablesOf(schema, file, tables);
    expect(inSqlite.processed_events).toHaveLength(sqlite.stats().applied);
    expect(inPostgres).toEqual(inSqlite);
  }, 60_000);
});
