import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@gov/event-store';
import { Projector } from '@gov/projections';
import { EVENT_STORE } from '../infrastructure/tokens';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness, with the store head and how far the read models lag' })
  async health() {
    const head = await this.store.headPosition();
    const checkpoint = this.projector.checkpoint();
    return { status: 'ok', store: { headPosition: head }, readModels: { checkpoint, lag: head - checkpoint } };
  }
}
