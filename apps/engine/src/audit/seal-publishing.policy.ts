import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { type EventStore, keepsSeals, type Seal, type SealAnchor } from '@gov/event-store';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { EVENT_STORE } from '../infrastructure/tokens';
import { SEAL_ANCHORS } from './seal-anchors';

/**
 * Publishes the store's seals outside its file as they are made (every AUDIT_ANCHOR_INTERVAL_MS,
 * the newest seal: each seal chains every one before it), and seals and publishes once more when
 * the engine stops, so the record's tail is anchored too. `audit:verify` checks the file against
 * what was published. The SQLite and PostgreSQL stores keep seals; on EventStoreDB this does nothing.
 */
@Injectable()
export class SealPublishingPolicy implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('seal-anchors');
  private readonly lastPublished = new Map<SealAnchor, number>();
  private timer: NodeJS.Timeout | null = null;
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SEAL_ANCHORS) private readonly anchors: readonly SealAnchor[],
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!keepsSeals(this.store)) return;
    for (const anchor of this.anchors) {
      const published = await anchor.published().catch(() => []);
      this.lastPublished.set(anchor, published.at(-1)?.seq ?? 0);
    }
    this.timer = setInterval(() => void this.publishLatest(), this.config.auditAnchorIntervalMs);
    this.timer.unref();
  }

  /** Before the store closes (that is onApplicationShutdown): the last seal covers everything written. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!keepsSeals(this.store)) return;
    await this.publishing;
    try {
      await this.publish(await this.store.sealNow());
    } catch (error) {
      this.logger.error(`the final seal was not published: ${String(error)}`);
    }
    for (const anchor of this.anchors) await (anchor as { close?: () => Promise<void> }).close?.();
  }

  /** Publishes the newest seal where it is not published yet; tests call it directly. */
  publishLatest(): Promise<void> {
    this.publishing = this.publishing.then(async () => {
      const seal = keepsSeals(this.store) ? await this.store.latestSeal() : undefined;
      if (seal) await this.publish(seal);
    }).catch((error) => this.logger.warn(`seals not published now, retried at the next turn: ${String(error)}`));
    return this.publishing;
  }

  private storeName(): string {
    const eventStore = this.config.eventStore;
    return eventStore?.kind === 'postgres' ? `postgres:${eventStore.schema}` : path.join(this.config.dataDir, 'events.sqlite');
  }

  private async publish(seal: Seal): Promise<void> {
    for (const anchor of this.anchors) {
      if ((this.lastPublished.get(anchor) ?? 0) >= seal.seq) continue;
      await anchor.publish({
        format: 'gov-seal-anchor/1', ...seal, eventStore: this.storeName(), publishedAt: this.clock.now().toISOString(),
      });
      this.lastPublished.set(anchor, seal.seq);
    }
  }
}
