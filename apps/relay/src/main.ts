import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore, EventStoreDbEventStore, PostgresEventStore, SqliteEventStore } from '@gov/event-store';
import {
  createKafka, createRelay, errorFields, KafkaIntegrationEventPublisher, loadKafkaSettings, pinoLogger, processMetrics, startHealthServer,
} from '@gov/messaging';

/**
 * `npm run start:relay`: publishes the engine's event store (DATA_DIR/events.sqlite) to Kafka,
 * its checkpoint in DATA_DIR/relay.sqlite. Beside an engine that runs its own relay module it
 * stands by, and takes over if that one stops. Environment: DATA_DIR, KAFKA_BROKERS,
 * KAFKA_TOPIC_PREFIX, HEALTH_PORT (3103, `off` for none), RELAY_POLL_INTERVAL_MS (100);
 * EVENT_STORE=postgres reads the PostgreSQL store of EVENT_STORE_URL (else READ_MODELS_URL), schema
 * EVENT_STORE_SCHEMA (default event_store), and keeps the checkpoint and its lock there, so relays
 * on several machines stand by for each other; EVENT_STORE=eventstoredb with ESDB_CONNECTION_STRING
 * reads EventStoreDB instead (the checkpoint and its lock stay in DATA_DIR/relay.sqlite).
 */
async function main(): Promise<void> {
  const logger = pinoLogger('relay');
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
  fs.mkdirSync(dataDir, { recursive: true });
  const settings = loadKafkaSettings(process.env, 'gov-relay');
  const postgres = postgresLocation();
  const store = await openStore(dataDir, postgres);
  const publisher = new KafkaIntegrationEventPublisher(createKafka(settings, logger), settings, logger);
  const relay = createRelay(store, publisher, dataDir, logger, postgres);
  relay.start();

  const healthPort = process.env.HEALTH_PORT === 'off' ? null : Number(process.env.HEALTH_PORT ?? 3103);
  const lag = async (): Promise<number | null> => {
    const { checkpoint } = relay.status();
    return checkpoint === null ? null : (await store.headPosition()) - checkpoint;
  };
  const metrics = processMetrics('relay', [
    { name: 'gov_relay_lag_positions', help: 'Store positions between the head and what the relay has published (null while standing by)', read: lag },
    { name: 'gov_relay_active', help: '1 when this relay holds the lease and publishes, 0 while it stands by', read: async () => (relay.status().active ? 1 : 0) },
  ]);
  const health = healthPort === null ? null : await startHealthServer(process.env.HOST ?? '0.0.0.0', healthPort, async () => {
    const head = await store.headPosition();
    const { active, checkpoint } = relay.status();
    return { status: 'ok' as const, active, head, checkpoint, lag: checkpoint === null ? null : head - checkpoint };
  }, metrics);
  logger.info('relay started', { dataDir, brokers: settings.brokers, healthPort: health?.port ?? null });

  const shutdown = async (signal: string) => {
    logger.info(`${signal}: stopping after the batch in hand`);
    await health?.close();
    await relay.stop();
    await publisher.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** With EVENT_STORE=postgres, the store's database and schema (as the engine reads them: engine.config.ts). */
function postgresLocation(): { connectionString: string; schema: string } | undefined {
  if (process.env.EVENT_STORE !== 'postgres') return undefined;
  const connectionString = process.env.EVENT_STORE_URL || process.env.READ_MODELS_URL;
  if (!connectionString) throw new Error('EVENT_STORE=postgres needs EVENT_STORE_URL or READ_MODELS_URL');
  return { connectionString, schema: process.env.EVENT_STORE_SCHEMA || 'event_store' };
}

async function openStore(dataDir: string, postgres: { connectionString: string; schema: string } | undefined): Promise<EventStore> {
  const pollIntervalMs = Number(process.env.RELAY_POLL_INTERVAL_MS ?? 100);
  if (postgres) return PostgresEventStore.open({ ...postgres, poolSize: 3, pollIntervalMs });
  if ((process.env.EVENT_STORE || 'sqlite') === 'eventstoredb') {
    const connectionString = process.env.ESDB_CONNECTION_STRING;
    if (!connectionString) throw new Error('EVENT_STORE=eventstoredb needs ESDB_CONNECTION_STRING');
    return EventStoreDbEventStore.connect({ connectionString });
  }
  // Another process (the engine) writes the store: the subscription looks for its commits this often.
  return SqliteEventStore.open({ file: path.join(dataDir, 'events.sqlite'), pollIntervalMs });
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'relay', msg: 'relay failed to start', ...errorFields(error) }));
  process.exit(1);
});
