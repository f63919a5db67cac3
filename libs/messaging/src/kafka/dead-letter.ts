import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

export type DeadLetterReason = 'unprocessable' | 'retries-exhausted';

export interface DeadLetterContext {
  readonly reason: DeadLetterReason;
  readonly error: string;
  readonly attempts: number;
  readonly topic: string;
  readonly partition: number;
  readonly group: string;
  readonly failedAt: string;
}

const MAX_ERROR_LENGTH = 1_000;

/**
 * The failed message as it arrived (key, value and headers untouched, so it can be replayed
 * onto its topic), with why it failed in `dlq_*` headers.
 */
export function deadLetterMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'offset'>, context: DeadLetterContext): Message {
  const headers: IHeaders = {
    ...(message.headers ?? {}),
    dlq_reason: context.reason,
    dlq_error: context.error.slice(0, MAX_ERROR_LENGTH),
    dlq_attempts: String(context.attempts),
    dlq_original_topic: context.topic,
    dlq_original_partition: String(context.partition),
    dlq_original_offset: message.offset,
    dlq_consumer_group: context.group,
    dlq_failed_at: context.failedAt,
  };
  return { key: message.key, value: message.value, headers };
}
