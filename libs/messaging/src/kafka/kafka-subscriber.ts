import { EachBatchPayload, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import type { Channel, IntegrationEvent } from '../integration-event';
import { errorFields, MessagingLogger } from '../logging/messaging-logger';
import { UnprocessableEventError } from '../messaging.errors';
import {
  ActiveSubscription, backoffMs, ConsumerStats, DEFAULT_RETRY_POLICY, IntegrationEventHandler, IntegrationEventSubscriber, RetryPolicy,
  SubscribeOptions,
} from '../messaging.port';
import { fromKafkaMessage } from './cloud-event-binding';
import { consumerLag } from './consumer-lag';
import { DeadLetterReason, deadLetterMessage } from './dead-letter';
import type { KafkaSettings } from './kafka-settings';
import { deadLetterTopicFor, ensureTopics, topicFor } from './topics';

export interface KafkaSubscriberOptions {
  readonly logger: MessagingLogger;
  readonly retry?: RetryPolicy;
  /** How long the group waits for a silent member before giving its partitions to another (default 10 s). */
  readonly sessionTimeoutMs?: number;
  /** Called when kafkajs gives up for good (it restarts by itself after transient failures). */
  readonly onFatalError?: (error: unknown) => void;
}

type Outcome = 'handled' | 'dead-lettered' | 'abandoned';

/**
 * A consumer group member that commits only what its handler finished: auto-commit is off,
 * and a batch's offsets are committed after its last handled message. A handler that throws
 * is retried with back-off; an event that still fails after the last attempt, or that cannot
 * be read at all, goes to `<topic>.dlq` with the reason in its headers, and the partition
 * moves on. A crash before the commit delivers the batch again: the handler must drop
 * duplicates (by event id).
 */
export class KafkaIntegrationEventSubscriber implements IntegrationEventSubscriber {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly options: KafkaSubscriberOptions,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  async subscribe(subscription: SubscribeOptions, handler: IntegrationEventHandler): Promise<ActiveSubscription> {
    const channelOf = new Map(subscription.channels.map((channel): [string, Channel] => [topicFor(channel, this.settings), channel]));
    const topics = [...channelOf.keys()];
    const admin = this.kafka.admin();
    const deadLetters = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: subscription.group,
      sessionTimeout,
      rebalanceTimeout: Math.max(sessionTimeout, 10_000),
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 5)),
      allowAutoTopicCreation: false,
      // The broker holds an idle fetch this long: it bounds how long a graceful stop waits for it.
      maxWaitTimeInMs: 500,
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5, restartOnFailure: async () => true },
    });
    const member = new GroupMember(subscription.group, deadLetters, channelOf, handler, this.retry, this.options.logger);
    try {
      await admin.connect();
      await ensureTopics(admin, [...topics, ...topics.map(deadLetterTopicFor)], this.settings);
      await deadLetters.connect();
      await consumer.connect();
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        this.options.logger.error('Kafka consumer stopped for good', { group: subscription.group, ...errorFields(payload.error) });
        this.options.onFatalError?.(payload.error);
      });
      // A new group reads each topic from its start: its read model is built from the whole history kept.
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => member.eachBatch(payload) });
    } catch (error) {
      await Promise.all([consumer.disconnect(), deadLetters.disconnect(), admin.disconnect()].map((p) => p.catch(() => undefined)));
      throw error;
    }
    return {
      stop: async () => {
        await consumer.disconnect();
        await Promise.all([deadLetters.disconnect(), admin.disconnect()].map((p) => p.catch(() => undefined)));
      },
      lag: () => consumerLag(admin, subscription.group, topics),
      stats: () => member.stats,
    };
  }
}

/** What one member does with each batch of one partition. */
class GroupMember {
  stats: ConsumerStats = { handled: 0, retried: 0, deadLettered: 0 };

  constructor(
    private readonly group: string,
    private readonly deadLetters: Producer,
    private readonly channelOf: ReadonlyMap<string, Channel>,
    private readonly handler: IntegrationEventHandler,
    private readonly retry: RetryPolicy,
    private readonly logger: MessagingLogger,
  ) {}

  async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, uncommittedOffsets } = payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const outcome = await this.process(batch.topic, batch.partition, message, payload);
      if (outcome === 'abandoned') break;
      resolveOffset(message.offset);
    }
    // One commit per batch, after the effects of everything resolved in it are stored.
    await commitOffsetsIfNecessary(uncommittedOffsets());
    await heartbeat();
  }

  private async process(topic: string, partition: number, message: KafkaMessage, payload: EachBatchPayload): Promise<Outcome> {
    let event: IntegrationEvent;
    try {
      event = fromKafkaMessage(message, this.channelOf.get(topic) as Channel);
    } catch (error) {
      return this.deadLetter(topic, partition, message, 'unprocessable', error, 1);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handler(event);
        this.stats = { ...this.stats, handled: this.stats.handled + 1 };
        return 'handled';
      } catch (error) {
        if (error instanceof UnprocessableEventError) return this.deadLetter(topic, partition, message, 'unprocessable', error, attempt);
        if (attempt >= this.retry.maxAttempts) return this.deadLetter(topic, partition, message, 'retries-exhausted', error, attempt);
        this.logger.warn('handler failed; retrying', { group: this.group, eventId: event.id, attempt, ...errorFields(error) });
        this.stats = { ...this.stats, retried: this.stats.retried + 1 };
        await sleep(backoffMs(this.retry, attempt));
        // Stopping: leave the message unresolved; the next member of the group gets it again.
        if (!payload.isRunning() || payload.isStale()) return 'abandoned';
        await payload.heartbeat();
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: DeadLetterReason, error: unknown, attempts: number): Promise<Outcome> {
    const detail = String(errorFields(error).error);
    const deadLetterTopic = deadLetterTopicFor(topic);
    await this.deadLetters.send({
      topic: deadLetterTopic,
      acks: -1,
      messages: [deadLetterMessage(message, { reason, error: detail, attempts, topic, partition, group: this.group, failedAt: new Date().toISOString() })],
    });
    this.logger.error('message dead-lettered', { group: this.group, topic, partition, offset: message.offset, deadLetterTopic, reason, attempts, error: detail });
    this.stats = { ...this.stats, deadLettered: this.stats.deadLettered + 1 };
    return 'dead-lettered';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
