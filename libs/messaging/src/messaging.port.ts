import type { Channel, IntegrationEvent } from './integration-event';

/**
 * The messaging ports. The engine and the consumers see only these; an in-process adapter
 * serves the embedded default and a Kafka adapter the distributed deployment.
 */
export interface IntegrationEventPublisher {
  /**
   * Resolves once every event is durably accepted by the transport (Kafka: acknowledged by
   * the broker, acks -1), in order per key. A rejection means any of them may be missing:
   * the caller sends the same events again.
   */
  publish(events: readonly IntegrationEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Handles one event; throwing asks for a retry (or, for `UnprocessableEventError`, none). */
export type IntegrationEventHandler = (event: IntegrationEvent) => Promise<void> | void;

export interface SubscribeOptions {
  /** The consumer group: each group gets every event once, independently of the others. */
  readonly group: string;
  readonly channels: readonly Channel[];
}

export interface ConsumerStats {
  readonly handled: number;
  readonly retried: number;
  readonly deadLettered: number;
}

export interface ActiveSubscription {
  /** Lets the event in hand finish (and its offset be committed), then stops. */
  stop(): Promise<void>;
  /** Events published on the subscribed channels and not yet handled by this group. */
  lag(): Promise<number>;
  stats(): ConsumerStats;
}

export interface IntegrationEventSubscriber {
  subscribe(options: SubscribeOptions, handler: IntegrationEventHandler): Promise<ActiveSubscription>;
}

/** How a subscriber treats a handler that throws. */
export interface RetryPolicy {
  /** Attempts before the event is dead-lettered (the first one included). */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 5_000 };

export function backoffMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.initialBackoffMs * 2 ** (failedAttempts - 1), policy.maxBackoffMs);
}
