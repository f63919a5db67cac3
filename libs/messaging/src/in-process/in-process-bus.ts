import type { Channel, IntegrationEvent } from '../integration-event';
import { errorFields, MessagingLogger, silentLogger } from '../logging/messaging-logger';
import { UnprocessableEventError } from '../messaging.errors';
import {
  ActiveSubscription, backoffMs, ConsumerStats, DEFAULT_RETRY_POLICY, IntegrationEventHandler, IntegrationEventPublisher,
  IntegrationEventSubscriber, RetryPolicy, SubscribeOptions,
} from '../messaging.port';

export interface DeadLetter {
  readonly group: string;
  readonly event: IntegrationEvent;
  readonly reason: string;
  readonly attempts: number;
}

interface Member {
  readonly group: string;
  readonly channels: ReadonlySet<Channel>;
  readonly handler: IntegrationEventHandler;
  stats: ConsumerStats;
  stopped: boolean;
  inFlight: Promise<void>;
}

const KEPT_DEAD_LETTERS = 1_000;

/**
 * The embedded default's transport: the same ports as Kafka, in one process. `publish`
 * resolves once every subscribed group has handled each event (or dead-lettered it after
 * the retries), so the relay's checkpoint moves past an event only when the in-process
 * consumers have it — the same guarantee the broker's acknowledgement gives. Subscribe
 * before the relay starts: the bus keeps nothing for a group that is not there yet.
 */
export class InProcessMessageBus implements IntegrationEventPublisher, IntegrationEventSubscriber {
  private readonly members = new Map<string, Member>();
  private readonly deadLettered: DeadLetter[] = [];
  private readonly retry: RetryPolicy;
  private readonly logger: MessagingLogger;

  constructor(options: { retry?: RetryPolicy; logger?: MessagingLogger } = {}) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.logger = options.logger ?? silentLogger;
  }

  async publish(events: readonly IntegrationEvent[]): Promise<void> {
    for (const event of events) {
      for (const member of this.members.values()) {
        if (member.stopped || !member.channels.has(event.channel)) continue;
        const delivery = member.inFlight.then(() => this.deliver(member, event));
        member.inFlight = delivery.catch(() => undefined);
        await delivery;
      }
    }
  }

  async subscribe(options: SubscribeOptions, handler: IntegrationEventHandler): Promise<ActiveSubscription> {
    if (this.members.has(options.group)) throw new Error(`group ${options.group} already has a member in this process`);
    const member: Member = {
      group: options.group, channels: new Set(options.channels), handler, stopped: false, inFlight: Promise.resolve(),
      stats: { handled: 0, retried: 0, deadLettered: 0 },
    };
    this.members.set(options.group, member);
    return {
      stop: async () => {
        member.stopped = true;
        await member.inFlight;
        this.members.delete(options.group);
      },
      // Delivery happens inside publish: whatever is not handled yet is the relay's lag.
      lag: async () => 0,
      stats: () => member.stats,
    };
  }

  hasSubscribers(): boolean {
    return this.members.size > 0;
  }

  /** The events given up on, newest last (the in-process stand-in for a dead-letter topic). */
  deadLetters(): readonly DeadLetter[] {
    return this.deadLettered;
  }

  async close(): Promise<void> {
    await Promise.all([...this.members.values()].map((member) => member.inFlight));
  }

  private async deliver(member: Member, event: IntegrationEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await member.handler(event);
        member.stats = { ...member.stats, handled: member.stats.handled + 1 };
        return;
      } catch (error) {
        const permanent = error instanceof UnprocessableEventError;
        if (permanent || attempt >= this.retry.maxAttempts || member.stopped) {
          if (member.stopped && !permanent) throw error;
          this.deadLetter({ group: member.group, event, reason: errorFields(error).error as string, attempts: attempt });
          member.stats = { ...member.stats, deadLettered: member.stats.deadLettered + 1 };
          return;
        }
        member.stats = { ...member.stats, retried: member.stats.retried + 1 };
        await new Promise((resolve) => setTimeout(resolve, backoffMs(this.retry, attempt)));
      }
    }
  }

  private deadLetter(letter: DeadLetter): void {
    this.logger.error('event dead-lettered', { group: letter.group, eventId: letter.event.id, type: letter.event.type, reason: letter.reason, attempts: letter.attempts });
    this.deadLettered.push(letter);
    if (this.deadLettered.length > KEPT_DEAD_LETTERS) this.deadLettered.shift();
  }
}
