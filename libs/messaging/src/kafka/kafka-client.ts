import { Kafka, logLevel, LogEntry } from 'kafkajs';
import type { MessagingLogger } from '../logging/messaging-logger';
import type { KafkaSettings } from './kafka-settings';

/**
 * kafkajs warns that an idempotent producer with finite retries may lose its guarantees. Ours
 * gives up on purpose (so a relay can stop during an outage) and is then handed the very same
 * batch again, with the same sequence numbers, which the broker recognises.
 */
const FINITE_RETRIES_WARNING = 'Limiting retries for the idempotent producer';

/**
 * A kafkajs client logging through our logger. kafkajs reports every failed attempt at ERROR
 * while it still retries; we log what we decide (give up, dead-letter, resume) ourselves, so
 * its lines go one level down.
 */
export function createKafka(settings: KafkaSettings, logger: MessagingLogger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      const line = `kafkajs ${entry.namespace}: ${message}`;
      if (entry.level <= logLevel.WARN && !message.startsWith(FINITE_RETRIES_WARNING)) logger.warn(line, fields);
      else logger.debug(line, fields);
    },
  });
}
