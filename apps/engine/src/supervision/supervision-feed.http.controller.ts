import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationFailed } from '../http/validation';
import { EVENT_STORE } from '../infrastructure/tokens';

/** What the efficiency office watches live. */
/** A message id of this feed: a position in the store's log. */
const LAST_EVENT_ID = /^(0|[1-9][0-9]{0,14})$/;

const FEED_TYPES = new Set(['CaseWarned', 'CaseOverdue', 'SupervisionNoticeOpened', 'NoticeReplied', 'NoticeClosed', 'NoticeReturned',
  // The steps of cases under items with steps (issue 24): warnings, overruns, returns.
  'StepWarned', 'StepOverran', 'StepReturned']);
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events of warnings, red cards and notices, straight from the store's log.
 * Each message's id is its global position, so a client that reconnects with
 * Last-Event-ID gets exactly what it missed: no gap, no repeat.
 */
@ApiTags('supervision')
@Controller('api/supervision')
export class SupervisionFeedHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ApiOperation({ summary: 'Live feed (text/event-stream) of yellow cards, red cards and supervision notices; resumable with Last-Event-ID' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last message received', schema: { type: 'string', pattern: LAST_EVENT_ID.source } })
  @ApiQuery({ name: 'from', required: false, enum: ['start', 'now'], description: 'Without Last-Event-ID: the whole history (start, the default) or only what happens from now on' })
  @ApiProduces('text/event-stream')
  async feed(
    @Headers('last-event-id') lastEventId: string | undefined, @Query('from') from: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    if (from !== undefined && from !== 'start' && from !== 'now') throw validationFailed([{ field: 'from', reason: 'must be start or now' }]);
    // A reconnect's Last-Event-ID wins: the client gets exactly what it missed.
    if (lastEventId !== undefined && !LAST_EVENT_ID.test(lastEventId)) throw validationFailed([{ field: 'Last-Event-ID', reason: 'must be a message id from this feed' }]);
    const after = lastEventId !== undefined ? Number(lastEventId) : from === 'now' ? await this.store.headPosition() : 0;
    if (!Number.isSafeInteger(after)) throw validationFailed([{ field: 'Last-Event-ID', reason: 'must be a message id from this feed' }]);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    out.write(': 效能办 supervision feed\n\n');
    const subscription = this.store.subscribeToAll({ after, batchSize: 500, types: [...FEED_TYPES] }, async (events) => {
      for (const event of events) if (FEED_TYPES.has(event.type)) out.write(message(event));
    });
    const heartbeat = setInterval(() => out.write(': ping\n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      void subscription.stop();
    });
  }
}

function message(event: StoredEvent): string {
  const subject = event.streamId.replace(/^(case|notice)-/, '');
  const data = { type: event.type, subject, position: event.position, occurredAt: event.metadata.occurredAt, ...(event.data as object) };
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
