import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@gov/event-store';
import { CommandMeta } from '../write/command-meta';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE } from '../infrastructure/tokens';
import { seedCalendar } from './calendar-seed';
import { demoSeedState } from '../infrastructure/demo-seed-state';
import { seedDemo } from './demo-seed';

/**
 * First start: the demo catalog when the store is empty, then the default calendar as events.
 * The demo goes first, so a start killed before its first append leaves the store empty (and
 * the next start seeds it); one killed later has begun it, and the next start finishes it
 * (demo-seed.ts). The calendar seeds whatever years are missing, every start.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('bootstrap');

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commandBus: CommandBus,
    private readonly reference: ReferenceData,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const meta: CommandMeta = {
      now: this.clock.now().toISOString(), correlationId: randomUUID(), causationId: null, actor: { id: 'system', role: 'system' },
    };
    if (this.config.seedDemo) {
      const empty = (await this.store.headPosition()) === 0;
      const seed = await demoSeedState(this.store);
      if (empty || seed === 'partial') {
        const appended = await seedDemo(this.commandBus, this.store, meta, { hall: this.config.seedDemoHall });
        this.logger.log(empty ? `empty store: seeded the demo catalog${this.config.seedDemoHall ? ' and the hall (queues, heads, items with steps)' : ''}` : `finished the demo seed an earlier start began (${appended} commands were missing)`);
      }
    }
    const years = await seedCalendar(this.commandBus, this.reference, meta);
    if (years > 0) this.logger.log(`published ${years} calendar years from the default data`);
  }
}
