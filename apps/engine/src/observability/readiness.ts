import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { EventStore } from '@gov/event-store';
import { createKafka, loadKafkaSettings, type MessagingLogger } from '@gov/messaging';
import { Projector, ReadModelStore } from '@gov/projections';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { demoSeedState } from '../infrastructure/demo-seed-state';
import { ENGINE_ROLE, EngineRole, servesApi } from '../infrastructure/engine-role';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { CalendarWatch } from '../infrastructure/calendar-watch';

const PROBE_TIMEOUT_MS = 3_000;
const quiet: MessagingLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** What /ready looks at: each dependency the engine cannot answer without. */
@Injectable()
export class Readiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly projector: Projector,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly calendarWatch: CalendarWatch,
    @Inject(ENGINE_ROLE) private readonly role: EngineRole,
    private readonly reference: ReferenceData,
    private readonly clock: Clock,
  ) {}

  /** The checks this configuration needs: the broker only with MESSAGING=kafka. */
  checks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [() => this.eventStore(), () => this.readModelStore()];
    // The projector role keeps no calendar (it reads no reference data): it has nothing to say about one.
    if (this.role !== 'projector') checks.push(() => this.calendar());
    if (this.config.messaging === 'kafka') checks.push(() => this.broker());
    if (servesApi(this.role)) checks.push(() => this.referenceData());
    return checks;
  }

  /**
   * What a receipt needs besides the stores: this year's working calendar, and with SEED_DEMO
   * the demo catalog whole once its seed began (a seed cut short is down until a start finishes it). Without
   * SEED_DEMO an empty catalog is reported, not judged: it is published through this very API.
   */
  private async referenceData() {
    const session = this.indicators.check('referenceData');
    try {
      const reference = await withinMs(PROBE_TIMEOUT_MS, this.reference.current());
      const year = Number(this.clock.now().toISOString().slice(0, 4));
      const items = reference.publishedItems();
      const missing: string[] = [];
      if (!reference.calendar.isPublished(year)) missing.push(`the working calendar of ${year}`);
      if (this.config.seedDemo) {
        // 'none' is a store seeded before the seed had keys, or first started without SEED_DEMO: nothing half-done.
        if ((await withinMs(PROBE_TIMEOUT_MS, demoSeedState(this.store))) === 'partial') missing.push('the demo catalog (its seed was cut short: a restart finishes it)');
      }
      const details: { items: number; calendarYear: number; message?: string } = { items, calendarYear: year };
      if (missing.length > 0) return session.down({ ...details, message: `receipts would be refused: missing ${missing.join(', ')}` });
      return session.up(items === 0 ? { ...details, message: 'no catalog item is published: every receipt is refused until one is' } : details);
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
  }

  private async eventStore() {
    const session = this.indicators.check('eventStore');
    try {
      const headPosition = await withinMs(PROBE_TIMEOUT_MS, this.store.headPosition());
      return session.up({ kind: this.config.eventStore?.kind ?? 'sqlite', headPosition });
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
  }

  private async readModelStore() {
    const session = this.indicators.check('readModels');
    try {
      await withinMs(PROBE_TIMEOUT_MS, this.readModels.ping());
      const checkpoint = await withinMs(PROBE_TIMEOUT_MS, this.projector.checkpoint());
      const head = await withinMs(PROBE_TIMEOUT_MS, this.store.headPosition());
      // Lag is reported, not judged: a rebuild after a deploy is a reason to watch, not to stop serving.
      return session.up({ kind: this.readModels.dialect, checkpoint, lag: head - checkpoint });
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
  }

  /**
   * The calendar years to publish: a warning in the detail, never a reason to stop serving (a
   * year nobody published counts Monday to Friday). Up even when the read models cannot say how
   * many open cases it concerns.
   */
  private async calendar() {
    const session = this.indicators.check('calendar');
    try {
      const report = await withinMs(PROBE_TIMEOUT_MS, this.calendarWatch.report());
      return session.up({ unpublishedYears: report.notices.map((notice) => notice.year), openCasesOnUnpublishedYears: report.openCasesOnUnpublishedYears,
        ...(report.notices.length > 0 ? { warning: report.notices.map((notice) => notice.message).join('; ') } : {}) });
    } catch (error) {
      return session.up({ warning: `calendar notices unavailable: ${messageOf(error)}` });
    }
  }

  private async broker() {
    const session = this.indicators.check('broker');
    const settings = loadKafkaSettings({ ...process.env, KAFKA_BROKERS: (this.config.kafkaBrokers ?? []).join(',') }, 'gov-engine-ready');
    const admin = createKafka(settings, quiet).admin();
    try {
      await withinMs(PROBE_TIMEOUT_MS, admin.connect());
      const cluster = await withinMs(PROBE_TIMEOUT_MS, admin.describeCluster());
      return session.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return session.down({ message: messageOf(error) });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

function withinMs<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
