import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { ReadModelStore } from '@gov/projections';
import { WatchedCaseCommand } from '../cases';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { READ_MODEL_STORE } from '../infrastructure/tokens';
import { unratedBefore } from './rating-ledger';

/** RATING_DEFAULT_AFTER_DAYS unset: a completed case unrated 15 days later is rated satisfied (decision 0082). */
export const DEFAULT_RATING_AFTER_DAYS = 15;
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

/**
 * 默认好评: a completed case the applicant has not rated within the period is rated satisfied by
 * the engine, marked `byDefault`. Reads the rating ledger; the domain records nothing for a case
 * rated meanwhile, so a pass repeated after a crash rates nothing twice.
 */
@Injectable()
export class DefaultRatings implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('default-ratings');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly clock: Clock,
    private readonly commandBus: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    const pollMs = this.config.ratings?.defaultPollMs ?? 60_000;
    if (pollMs <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((error) => this.logger.error(String(error))), pollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass at the clock's time: how many cases it rated. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - (this.config.ratings?.defaultAfterDays ?? DEFAULT_RATING_AFTER_DAYS) * DAY_MS).toISOString();
    let rated = 0;
    // One batch a pass: the cases it rates leave the ledger's unrated list only once the ledger has read their rating.
    for (const { case_no: caseNo } of await unratedBefore(this.readModels.db, cutoff, BATCH)) {
      const meta = { now: now.toISOString(), correlationId: randomUUID(), causationId: null, actor: { id: 'service-center', role: 'system' } };
      const answer = await this.commandBus.execute(new WatchedCaseCommand(caseNo, { type: 'RateByDefault', data: {} }, meta));
      rated += answer.body as number;
    }
    return rated;
  }
}
