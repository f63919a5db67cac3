import { Controller, Get, Inject, OnModuleDestroy, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@gov/event-store';
import { CaseFiguresQuery, HallQueries, QueueQueries, ReadModelStore } from '@gov/projections';
import { ReferenceData } from '../infrastructure/reference-data';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '../infrastructure/clock';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { HallBoard, readHallBoard } from './hall-board';
import { HallFeed } from './hall-feed';

/**
 * The hall's electronic display screen (大厅电子显示屏): public, no login (it hangs in the
 * hall), so it shows counts and masked names only.
 */
@ApiTags('hall')
@Controller('api/hall')
export class HallHttpController implements OnModuleDestroy {
  private readonly feed: HallFeed;
  private readonly hall: HallQueries;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModelStore: ReadModelStore,
    private readonly readModels: FreshReadModels,
    private readonly figures: CaseFiguresQuery,
    private readonly clock: Clock,
    private readonly reference: ReferenceData,
    private readonly queue: QueueQueries,
  ) {
    this.hall = new HallQueries(readModelStore);
    this.feed = new HallFeed(store, () => this.board(), async (event) => {
      const call = event.data as { ticketId: string; ticketNo: string; queueId: string; windowId: string; at: string; times?: number };
      const windowName = (await this.reference.current()).organization.windows.get(call.windowId)?.name ?? call.windowId;
      return { ticketId: call.ticketId, ticketNo: call.ticketNo, queueId: call.queueId, windowId: call.windowId, windowName, calledAt: call.at, calls: (call.times ?? 0) + 1 };
    });
  }

  @Get('today')
  @ApiOperation({ summary: "Today's received, completed and pending per window, the running completion rate and immediate share, the latest completions (applicants masked)" })
  today(): Promise<HallBoard> {
    return this.board();
  }

  @Get('stream')
  @ApiOperation({ summary: 'The same board as Server-Sent Events (`event: board`): at once, then on every change and every minute; each call of a ticket at once as `event: call`' })
  @ApiProduces('text/event-stream')
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    reply.hijack();
    await this.feed.connect(reply.raw, (listener) => request.raw.on('close', listener));
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed.close();
  }

  private board(): Promise<HallBoard> {
    return readHallBoard(this.readModels, this.figures, this.hall, this.clock, { reference: this.reference, queries: this.queue });
  }
}
