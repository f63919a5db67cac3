import { Kafka, Partitioners, Producer, TopicMessages } from 'kafkajs';
import type { IntegrationEvent } from '../integration-event';
import { errorFields, MessagingLogger } from '../logging/messaging-logger';
import type { IntegrationEventPublisher } from '../messaging.port';
import { toKafkaMessage } from './cloud-event-binding';
import type { KafkaSettings } from './kafka-settings';
import { ensureTopics, topicFor } from './topics';

/** Broker answers after which this producer's sequence numbers cannot be trusted again. */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING', 'PRODUCER_FENCED',
]);

/**
 * Publishes with an idempotent producer (one request in flight, acks from every in-sync
 * replica): a send kafkajs retries is written once, in order per partition. `publish`
 * resolves only after the broker acknowledged every message.
 */
export class KafkaIntegrationEventPublisher implements IntegrationEventPublisher {
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private readonly readyTopics = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly logger: MessagingLogger,
  ) {}

  async publish(events: readonly IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const topicMessages = this.byTopic(events);
    await this.ensureTopics(topicMessages.map((entry) => entry.topic));
    const producer = await this.connected();
    try {
      await producer.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      if (hasProducerStateError(error)) {
        // The broker lost or refused this producer's state: a fresh producer id starts clean.
        // Whatever it did write is sent again and dropped by the consumers' event-id check.
        this.logger.warn('replacing the Kafka producer after a producer-state error', errorFields(error));
        await this.discardProducer();
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.discardProducer();
  }

  private byTopic(events: readonly IntegrationEvent[]): TopicMessages[] {
    const topics = new Map<string, TopicMessages>();
    for (const event of events) {
      const topic = topicFor(event.channel, this.settings);
      const entry = topics.get(topic) ?? { topic, messages: [] };
      entry.messages.push(toKafkaMessage(event));
      topics.set(topic, entry);
    }
    return [...topics.values()];
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Java-compatible murmur2 on the key: other Kafka clients route a case's key to the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  /** Topics are created by the publisher (with the configured partitions), not by auto-creation on first send. */
  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((topic) => !this.readyTopics.has(topic));
    if (missing.length === 0) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await ensureTopics(admin, missing, this.settings);
      for (const topic of missing) this.readyTopics.add(topic);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch((error: unknown) => this.logger.warn('Kafka producer did not disconnect cleanly', errorFields(error)));
  }
}

function hasProducerStateError(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && PRODUCER_STATE_ERRORS.has(type)) return true;
    cause = (cause as { cause?: unknown; originalError?: unknown }).cause ?? (cause as { originalError?: unknown }).originalError;
  }
  return false;
}
