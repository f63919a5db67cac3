import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@gov/event-store';
import type { IntegrationEvent } from '../integration-event';
import type { IntegrationEventPublisher } from '../messaging.port';
import { silentLogger } from '../logging/messaging-logger';
import { planCases } from '../testing/case-stories';
import { appendCases, tempDir } from '../testing/case-store';
import { waitFor } from '../testing/wait-for';
import { ContractRouter } from './contract-router';
import { PostgresRelayCheckpoint } from './postgres-relay-checkpoint';
import { Relay } from './relay';

const POSTGRES_URL = process.env.POSTGRES_URL;
if (!POSTGRES_URL && process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but POSTGRES_URL is not set');
const onPostgres = POSTGRES_URL ? describe : describe.skip;

class RecordingPublisher implements IntegrationEventPublisher {
  readonly delivered: IntegrationEvent[] = [];
  async publish(events: readonly IntegrationEvent[]): Promise<void> {
    this.delivered.push(...events);
  }
  async close(): Promise<void> {}
}

/** Relays on several machines, their events and checkpoint on PostgreSQL (EVENT_STORE=postgres). */
onPostgres('relay with its checkpoint on PostgreSQL', () => {
  let schema: string;
  let store: PostgresEventStore;
  const relays: Relay[] = [];
  const relayOf = (publisher: IntegrationEventPublisher) => {
    const relay = new Relay(store, publisher, ContractRouter.default(store), {
      checkpointFile: `${tempDir()}/unused.sqlite`, postgres: { connectionString: POSTGRES_URL as string, schema }, logger: silentLogger, standbyRetryMs: 50,
    });
    relays.push(relay);
    return relay;
  };
  const admin = () => new Pool({ connectionString: POSTGRES_URL, max: 1 });

  beforeEach(async () => {
    schema = `relay_${randomBytes(6).toString('hex')}`;
    store = await PostgresEventStore.open({ connectionString: POSTGRES_URL as string, schema, poolSize: 3, pollIntervalMs: 60_000 });
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await store.close();
    const pool = admin();
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => pool.end());
  });

  it('lets one relay publish; the standby takes over where it stopped, from the checkpoint in PostgreSQL, each event once', async () => {
    const [first, second] = [new RecordingPublisher(), new RecordingPublisher()];
    const active = relayOf(first);
    active.start();
    await waitFor('the first relay to be active', () => active.status().active);
    const standby = relayOf(second);
    standby.start();
    await appendCases(store, planCases(3));
    await active.caughtUp();
    await expect(PostgresRelayCheckpoint.open({ connectionString: POSTGRES_URL as string, schema })).rejects.toThrow(/another relay/);
    expect(standby.status()).toEqual({ active: false, checkpoint: null });

    await active.stop();
    await waitFor('the standby to take over', () => standby.status().active);
    await appendCases(store, planCases(3));
    await standby.caughtUp();
    const published = [...first.delivered, ...second.delivered].map((event) => event.id);
    expect(new Set(published).size).toBe(published.length);
    expect(second.delivered.length).toBeGreaterThan(0);
    const pool = admin();
    const saved = await pool.query(`SELECT position FROM ${schema}.relay_checkpoint`).finally(() => pool.end());
    expect(Number(saved.rows[0].position)).toBe(await store.headPosition());
  });

  it('stands by when its connection, and so its lock, is lost, and becomes active again', async () => {
    const publisher = new RecordingPublisher();
    const relay = relayOf(publisher);
    relay.start();
    await waitFor('the relay to be active', () => relay.status().active);
    const pool = admin();
    try {
      await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext($1)::oid AND granted`,
        [`gov-relay:${schema}`]);
      await appendCases(store, planCases(2));
      await waitFor('the relay to stand down', () => !relay.status().active, 10_000, 10).catch(() => undefined);
      await waitFor('the relay to be active again', () => relay.status().active);
      await relay.caughtUp();
      const ids = (await store.readAll({ after: 0, limit: 1000 })).filter((event) => event.type !== 'ClockSuspended').map((event) => event.id);
      expect([...new Set(publisher.delivered.map((event) => event.id))].sort()).toEqual(ids.sort());
    } finally {
      await pool.end();
    }
  });
});
