import * as path from 'node:path';
import type { EventStore } from '@gov/event-store';
import {
  ConsumerAppConfig, createKafka, createRelay, KafkaIntegrationEventPublisher, KafkaSettings, MessagingLogger, pinoLogger, Relay,
  RetryPolicy, silentLogger,
} from '@gov/messaging';

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
