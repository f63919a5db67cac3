import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pool } from 'pg';
import type { Channel, IntegrationEvent } from '../integration-event';
import { createKafka } from '../kafka/kafka-client';
import { KafkaSettings, loadKafkaSettings } from '../kafka/kafka-settings';
import { KafkaIntegrationEventSubscriber } from '../kafka/kafka-subscriber';
import { errorFields, MessagingLogger, pinoLogger } from '../logging/messaging-logger';
import { ActiveSubscription, ConsumerStats, DEFAULT_RETRY_POLICY, RetryPolicy } from '../messaging.port';
import { ConsumerDb, openConsumerDb } from './consumer-db';
import { startHealthServer } from './health-server';
import { processMetrics } from './process-metrics';
import { HandleResult, IdempotentReadModelConsumer, ReadModel, ReadModelStats } from './idempotent-read-model';
import { type PostgresConsumerDbOptions, PostgresReadModelConsumer } from './postgres-read-model';

/** What makes one consumer app: its name, what it reads, and its read model. */
export interface ConsumerAppDefinition<TEffect> {
  readonly service: string;
  readonly channels: readonly Channel[];
  readonly readModel: ReadModel<TEffect>;
  readonly defaultHealthPort: number;
}

export interface ConsumerAppConfig {
  readonly dataDir: string;
  /** The consumer group; one per consumer app, so each gets every event. */
  readonly group: string;
  readonly kafka: KafkaSettings;
  /** Null: no health endpoint; 0: any free port. */
  readonly healthPort: number | null;
  readonly healthHost: string;
  readonly lagLogIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly sessionTimeoutMs: number;
  /**
   * CONSUMER_DATABASE_URL: the read model in this PostgreSQL database, schema CONSUMER_SCHEMA (default the
   * service's name, `-` as `_`), instead of DATA_DIR/<service>.sqlite: consumers on several machines, one read model.
   */
  readonly postgres?: PostgresConsumerDbOptions;
}

export interface ConsumerHealth {
  readonly status: 'ok' | 'degraded';
  readonly service: string;
  readonly group: string;
  /** Null when the broker could not be asked. */
  readonly lag: number | null;
  readonly consumer: ConsumerStats;
  readonly readModel: ReadModelStats;
}

export interface RunningConsumerApp {
  /** The SQLite read model (throws when the read model is in PostgreSQL: see `pool`). */
  readonly db: ConsumerDb;
  /** The PostgreSQL read model's connections, when it is there. */
  readonly pool?: Pool;
  readonly healthPort: number | null;
  lag(): Promise<number>;
  health(): Promise<ConsumerHealth>;
  stop(): Promise<void>;
}

export function loadConsumerAppConfig(definition: Pick<ConsumerAppDefinition<unknown>, 'service' | 'defaultHealthPort'>, env: NodeJS.ProcessEnv): ConsumerAppConfig {
  const healthPort = env.HEALTH_PORT === 'off' ? null : Number(env.HEALTH_PORT ?? definition.defaultHealthPort);
  if (healthPort !== null && (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535)) throw new Error(`HEALTH_PORT must be a port number or off, not ${env.HEALTH_PORT}`);
  return {
    dataDir: path.resolve(env.DATA_DIR ?? path.join('data', definition.service)),
    group: env.KAFKA_GROUP_ID ?? definition.service,
    kafka: loadKafkaSettings(env, definition.service),
    healthPort,
    healthHost: env.HOST ?? '0.0.0.0',
    lagLogIntervalMs: positiveInteger(env, 'LAG_LOG_INTERVAL_MS', 30_000),
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: positiveInteger(env, 'CONSUMER_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts) },
    sessionTimeoutMs: positiveInteger(env, 'KAFKA_SESSION_TIMEOUT_MS', 10_000),
    ...(env.CONSUMER_DATABASE_URL
      ? { postgres: { connectionString: env.CONSUMER_DATABASE_URL, schema: env.CONSUMER_SCHEMA || definition.service.replace(/-/g, '_') } }
      : {}),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${raw}`);
  return value;
}

/** The broker's answer, or null when it does not come in time (a health check must answer while the broker is down). */
function withinMs<T>(ms: number, promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([promise.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}

/** Opens the read model under DATA_DIR, joins the group and serves /health. */
export async function startConsumerApp<TEffect>(
  definition: ConsumerAppDefinition<TEffect>,
  config: ConsumerAppConfig,
  logger: MessagingLogger,
  onFatalError: (error: unknown) => void = () => undefined,
): Promise<RunningConsumerApp> {
  const store = await openReadModel(definition, config);
  const { readModel } = store;
  const subscriber = new KafkaIntegrationEventSubscriber(createKafka(config.kafka, logger), config.kafka, {
    logger, retry: config.retry, sessionTimeoutMs: config.sessionTimeoutMs, onFatalError,
  });
  let subscription: ActiveSubscription;
  try {
    subscription = await subscriber.subscribe({ group: config.group, channels: definition.channels }, async (event) => {
      if ((await readModel.handle(event)) === 'duplicate') logger.debug('duplicate ignored', { eventId: event.id, type: event.type });
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const active = subscription;
  const health = async (): Promise<ConsumerHealth> => {
    const lag = await withinMs(3_000, active.lag());
    return { status: lag === null ? 'degraded' : 'ok', service: definition.service, group: config.group, lag, consumer: active.stats(), readModel: readModel.stats() };
  };
  const metrics = processMetrics(definition.service, [
    { name: 'gov_consumer_lag_messages', help: 'Messages of its topics this consumer group has not processed yet', read: () => withinMs(3_000, active.lag()) },
  ]);
  const server = config.healthPort === null ? null : await startHealthServer(config.healthHost, config.healthPort, health, metrics);
  const lagTimer = setInterval(() => {
    health().then((report) => logger.info('consumer status', { ...report }), (error: unknown) => logger.warn('status unavailable', errorFields(error)));
  }, config.lagLogIntervalMs);
  lagTimer.unref();
  logger.info('consumer started', { group: config.group, dataDir: config.dataDir, postgresSchema: config.postgres?.schema ?? null, healthPort: server?.port ?? null });

  let stopping: Promise<void> | null = null;
  return {
    get db(): ConsumerDb {
      if (!store.db) throw new Error(`${definition.service}'s read model is in PostgreSQL (schema ${config.postgres?.schema}), not in SQLite`);
      return store.db;
    },
    pool: store.pool,
    healthPort: server?.port ?? null,
    lag: () => active.lag(),
    health,
    stop: () => (stopping ??= (async () => {
      clearInterval(lagTimer);
      await server?.close();
      await active.stop();
      await store.close();
    })()),
  };
}

/** The read model where the configuration puts it: DATA_DIR/<service>.sqlite, or PostgreSQL. */
async function openReadModel<TEffect>(definition: ConsumerAppDefinition<TEffect>, config: ConsumerAppConfig): Promise<{
  readModel: { handle(event: IntegrationEvent): HandleResult | Promise<HandleResult>; stats(): ReadModelStats };
  db?: ConsumerDb; pool?: Pool; close(): Promise<void>;
}> {
  if (config.postgres) {
    const readModel = await PostgresReadModelConsumer.open(config.postgres, definition.readModel);
    return { readModel, pool: readModel.pool, close: () => readModel.close() };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = openConsumerDb(path.join(config.dataDir, `${definition.service}.sqlite`));
  return { readModel: new IdempotentReadModelConsumer(db, definition.readModel), db, close: async () => void db.close() };
}

/** The process entry of a consumer app: configuration from the environment, stop on SIGTERM/SIGINT. */
export function runConsumerAppMain<TEffect>(definition: ConsumerAppDefinition<TEffect>): void {
  const logger = pinoLogger(definition.service);
  let app: RunningConsumerApp | null = null;
  const exit = (code: number) => {
    const stopped = app ? app.stop() : Promise.resolve();
    stopped.then(() => process.exit(code), (error: unknown) => {
      logger.error('shutdown failed', errorFields(error));
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => { logger.info('SIGTERM: finishing the batch in hand, committing, leaving the group'); exit(0); });
  process.once('SIGINT', () => exit(0));
  (async () => {
    app = await startConsumerApp(definition, loadConsumerAppConfig(definition, process.env), logger, () => exit(1));
  })().catch((error: unknown) => {
    logger.error('consumer failed to start', errorFields(error));
    process.exit(1);
  });
}
