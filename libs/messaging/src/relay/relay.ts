import * as path from 'node:path';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import type { IntegrationEvent } from '../integration-event';
import { errorFields, MessagingLogger, silentLogger } from '../logging/messaging-logger';
import type { IntegrationEventPublisher } from '../messaging.port';
import { ContractRouter } from './contract-router';
import { PostgresRelayCheckpoint, type PostgresRelayCheckpointLocation } from './postgres-relay-checkpoint';
import { RelayCheckpoint, RelayLockedError } from './relay-checkpoint';

/** Where the relay keeps its place: the SQLite file's or PostgreSQL's checkpoint. */
interface Checkpoint {
  position(): number;
  save(position: number): void | Promise<void>;
  close(): void | Promise<void>;
  isLost?(): boolean;
}

export interface RelayOptions {
  /** DATA_DIR/relay.sqlite: the checkpoint, and the lock that makes this relay the only one. */
  readonly checkpointFile: string;
  /** With the events on PostgreSQL: the checkpoint and the lock there instead (postgres-relay-checkpoint.ts), for relays on several machines. */
  readonly postgres?: PostgresRelayCheckpointLocation;
  /** Events per publish (default 200). */
  readonly publishBatchSize?: number;
  /** How often a standby relay tries to take over (default 2 s). */
  readonly standbyRetryMs?: number;
  readonly logger?: MessagingLogger;
}

export interface RelayStatus {
  /** False while another relay holds the checkpoint file. */
  readonly active: boolean;
  readonly checkpoint: number | null;
}

/**
 * Publishes the store's global log to the integration channels, from a stored checkpoint:
 * a batch is published, the transport acknowledges it, then the checkpoint moves past it.
 * A transport that is down makes the publish fail: the checkpoint stays, the store's
 * subscription retries with back-off, and the relay resumes exactly where it stopped.
 * It wakes on the store's live subscription, not on a slow poll.
 *
 * Delivery is at least once (a crash between the acknowledgement and the checkpoint write
 * sends a batch again); consumers drop duplicates by event id.
 */
export class Relay {
  private readonly logger: MessagingLogger;
  private readonly batchSize: number;
  private checkpoint: Checkpoint | null = null;
  private subscription: Subscription | null = null;
  private standbyTimer: NodeJS.Timeout | null = null;
  private reportedStandby = false;
  private stopped = false;
  /**
   * The batch whose publish failed, sent again exactly as it was before anything newer: the
   * Kafka idempotent producer then recognises what the broker already wrote (same sequence
   * numbers for the same messages) instead of refusing a batch that differs.
   */
  private pending: readonly StoredEvent[] | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly publisher: IntegrationEventPublisher,
    private readonly router: ContractRouter,
    private readonly options: RelayOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.batchSize = options.publishBatchSize ?? 200;
  }

  /** Starts publishing, or stands by while another relay holds the checkpoint file. */
  start(): void {
    this.stopped = false;
    this.tryToBecomeActive();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.standbyTimer) clearTimeout(this.standbyTimer);
    this.standbyTimer = null;
    await this.subscription?.stop();
    this.subscription = null;
    await this.checkpoint?.close();
    this.checkpoint = null;
  }

  status(): RelayStatus {
    return { active: this.checkpoint !== null, checkpoint: this.checkpoint?.position() ?? null };
  }

  /** Resolves once everything up to the store's current head is published (active relay only). */
  async caughtUp(): Promise<void> {
    if (!this.subscription) throw new Error('relay is not active');
    await this.subscription.caughtUpTo(await this.store.headPosition());
  }

  /** The SQLite checkpoint opens at once (start() returns active or standing by); PostgreSQL's when its connection is made. */
  private tryToBecomeActive(): void {
    if (this.stopped) return;
    const postgres = this.options.postgres;
    if (postgres) {
      PostgresRelayCheckpoint.open(postgres).then((checkpoint) => this.becomeActive(checkpoint), (error: unknown) => this.standBy(error));
      return;
    }
    let checkpoint: Checkpoint;
    try {
      checkpoint = RelayCheckpoint.open(this.options.checkpointFile);
    } catch (error) {
      this.standBy(error);
      return;
    }
    this.becomeActive(checkpoint);
  }

  private becomeActive(checkpoint: Checkpoint): void {
    if (this.stopped) {
      void checkpoint.close();
      return;
    }
    this.checkpoint = checkpoint;
    this.reportedStandby = false;
    const after = checkpoint.position();
    this.logger.info('relay active', { checkpoint: after, file: this.where() });
    this.subscription = this.store.subscribeToAll(
      { after, onError: (error) => this.logger.warn('publish failed; retrying the same events', errorFields(error)) },
      (events) => this.publishAll(events),
    );
  }

  private standBy(error: unknown): void {
    if (!(error instanceof RelayLockedError)) {
      this.logger.error('cannot open the relay checkpoint; trying again', { file: this.where(), ...errorFields(error) });
    } else if (!this.reportedStandby) {
      this.logger.info('another relay is publishing from this store; standing by', { file: error.file });
      this.reportedStandby = true;
    }
    if (!this.stopped) this.standbyTimer = setTimeout(() => this.tryToBecomeActive(), this.options.standbyRetryMs ?? 2_000);
  }

  private where(): string {
    return this.options.postgres ? `PostgreSQL ${this.options.postgres.schema ?? 'public'}.relay_checkpoint` : this.options.checkpointFile;
  }

  /** The checkpoint's lock may be gone (its connection failed): publish no more, and try to become active again. */
  private async standDown(): Promise<void> {
    this.logger.warn('lost the relay checkpoint\'s lock; standing by', { file: this.where() });
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    await this.checkpoint?.close();
    this.checkpoint = null;
    this.pending = null;
    this.tryToBecomeActive();
  }

  private async publishAll(events: readonly StoredEvent[]): Promise<void> {
    const checkpoint = this.checkpoint;
    if (!checkpoint) throw new Error('relay stopped');
    let remaining = events.filter((event) => event.position > checkpoint.position());
    while (remaining.length > 0) {
      const batch = this.nextBatch(remaining);
      this.pending = batch;
      const published = await this.toIntegrationEvents(batch);
      if (published.length > 0) await this.publisher.publish(published);
      const last = batch[batch.length - 1].position;
      try {
        await checkpoint.save(last);
      } catch (error) {
        if (checkpoint.isLost?.()) void this.standDown();
        throw error;
      }
      this.pending = null;
      remaining = remaining.filter((event) => event.position > last);
    }
  }

  private nextBatch(remaining: readonly StoredEvent[]): readonly StoredEvent[] {
    const pending = this.pending;
    // The store delivers again from an earlier point, so a failed batch is always a prefix of
    // what is left; the check only guards against a store that would not.
    if (pending && pending.length <= remaining.length && pending.every((event, i) => event.position === remaining[i].position)) {
      return pending;
    }
    return remaining.slice(0, this.batchSize);
  }

  private async toIntegrationEvents(batch: readonly StoredEvent[]): Promise<IntegrationEvent[]> {
    const published: IntegrationEvent[] = [];
    // In order: a receipt earlier in the batch tells the later events of its case their department.
    for (const event of batch) {
      const integrationEvent = await this.router.toIntegrationEvent(event);
      if (integrationEvent) published.push(integrationEvent);
    }
    return published;
  }
}

/** DATA_DIR/relay.sqlite, beside the store it reads. */
export function relayCheckpointFile(dataDir: string): string {
  return path.join(dataDir, 'relay.sqlite');
}

/** The relay of the engine's store, publishing the public contracts through `publisher`; its checkpoint in DATA_DIR, or on PostgreSQL when given. */
export function createRelay(store: EventStore, publisher: IntegrationEventPublisher, dataDir: string, logger: MessagingLogger,
  postgres?: PostgresRelayCheckpointLocation): Relay {
  return new Relay(store, publisher, ContractRouter.default(store), { checkpointFile: relayCheckpointFile(dataDir), logger, postgres });
}
