import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { EventStore } from '@gov/event-store';
import { createKafka, loadKafkaSettings, type MessagingLogger } from '@gov/messaging';
import { Projector, ReadModelStore } from '@gov/projections';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { CalendarWatch } from '../infrastructure/calendar-watch';
import { ENGINE_ROLE, EngineRole } from '../infrastructure/engine-role';

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
  ) {}

  /** The checks this configuration needs: the broker only with MESSAGING=kafka. */
  checks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [() => this.eventStore(), () => this.readModelStore()];
    // The projector role keeps no calendar (it reads no reference data): it has nothing to say about one.
    if (this.role !== 'projector') checks.push(() => this.calendar());
    if (this.config.messaging === 'kafka') checks.push(() => this.broker());
    return checks;
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
