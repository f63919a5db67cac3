import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventStore, SqliteEventStore } from '@gov/event-store';
import {
  ConsumerAppConfig, ConsumerAppDefinition, createKafka, createRelay, KafkaIntegrationEventPublisher, KafkaSettings, MessagingLogger, pinoLogger,
  Relay, RetryPolicy, RunningConsumerApp, silentLogger, startConsumerApp,
} from '@gov/messaging';
import { openStore, tempDir } from '@gov/messaging/testing/case-store';
import { waitFor } from '@gov/messaging/testing/wait-for';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** Quiet unless TEST_LOG_LEVEL asks (e.g. TEST_LOG_LEVEL=debug npx jest test/kafka). */
export function testLogger(service: string): MessagingLogger {
  const level = process.env.TEST_LOG_LEVEL;
  return level && level !== 'silent' ? pinoLogger(service, level) : silentLogger;
}

/** Short back-offs: the retry paths run in milliseconds, not seconds. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 20, maxBackoffMs: 200 };

export interface RunningRelay {
  readonly relay: Relay;
  stop(): Promise<void>;
}

export function startRelay(store: EventStore, dataDir: string, settings: KafkaSettings, logger = testLogger('relay')): RunningRelay {
  const publisher = new KafkaIntegrationEventPublisher(createKafka(settings, logger), settings, logger);
  const relay = createRelay(store, publisher, dataDir, logger);
  relay.start();
  return {
    relay,
    async stop() {
      await relay.stop();
      await publisher.close();
    },
  };
}

export function consumerConfig(settings: KafkaSettings, dataDir: string, service: string, overrides: Partial<ConsumerAppConfig> = {}): ConsumerAppConfig {
  return {
    dataDir: path.join(dataDir, service),
    group: `${settings.topicPrefix}${service}`,
    kafka: settings,
    healthPort: null,
    healthHost: '127.0.0.1',
    lagLogIntervalMs: 60_000,
    retry: FAST_RETRY,
    // The broker's minimum: a member that went silent loses its partitions within seconds.
    sessionTimeoutMs: 6_000,
    ...overrides,
  };
}

/**
 * Each test of a suite gets a fresh data directory and event store; what the test starts
 * (a relay, consumer apps, subscriptions) it hands to `stopAfter`, and it is stopped after
 * the test, last started first, before the store closes and the directory goes.
 */
export interface StoreScene {
  readonly dataDir: string;
  readonly store: SqliteEventStore;
  stopAfter<T extends { stop(): Promise<void> }>(running: T): T;
  startRelay(settings: KafkaSettings, logger?: MessagingLogger): RunningRelay;
  startConsumer<TEffect>(app: ConsumerAppDefinition<TEffect>, settings: KafkaSettings, overrides?: Partial<ConsumerAppConfig>): Promise<RunningConsumerApp>;
}

export function useStoreScene(prefix: string): StoreScene {
  let dataDir = '';
  let store: SqliteEventStore | undefined;
  let running: { stop(): Promise<void> }[] = [];
  beforeEach(() => {
    dataDir = tempDir(prefix);
    store = openStore(dataDir);
  });
  afterEach(async () => {
    for (const item of running.reverse()) await item.stop();
    running = [];
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const scene: StoreScene = {
    get dataDir() { return dataDir; },
    get store() { return store as SqliteEventStore; },
    stopAfter: (item) => {
      running.push(item);
      return item;
    },
    startRelay: (settings, logger) => scene.stopAfter(startRelay(scene.store, dataDir, settings, logger)),
    startConsumer: async (app, settings, overrides = {}) =>
      scene.stopAfter(await startConsumerApp(app, consumerConfig(settings, dataDir, app.service, overrides), testLogger(app.service))),
  };
  return scene;
}

/** Reads a whole topic from the start, once it holds `count` messages. */
export async function readTopic(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, sessionTimeout: 6_000, maxWaitTimeInMs: 200 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(`${count} messages on ${topic}`, () => messages.length >= count);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
