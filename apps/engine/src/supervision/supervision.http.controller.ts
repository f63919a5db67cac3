import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NoticeCommand, RuleViolation } from '@gov/domain';
import { DeadlineQueries, SupervisionQueries } from '@gov/projections';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import type { CommandMeta } from '../write/command-meta';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { PeriodQuery } from '../http/period.query.dto';
import { SupervisionNoticePolicy } from './supervision-notice.policy';
import { NoticeActionCommand, RecordVisitCommand } from './supervision.commands';
import { ConclusionRequest, RectificationRequest, VisitRequest } from './supervision.request.dto';

const MAX_ROWS = 1000;

/** The efficiency office's (效能办) API: overdue cases, cards, supervision notices, visits. */
@ApiTags('supervision')
@Controller('api/supervision')
export class SupervisionHttpController {
  constructor(
    private readonly readModels: FreshReadModels,
    private readonly deadlines: DeadlineQueries,
    private readonly supervision: SupervisionQueries,
    private readonly opener: SupervisionNoticePolicy,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get('overdue')
  @ApiOperation({ summary: 'Open overdue cases (red card recorded), the longest overdue first' })
  @ApiQuery({ name: 'limit', required: false })
  async overdue(@Query('limit') limit?: string) {
    await this.fresh();
    return this.deadlines.overdue(rows(limit));
  }

  @Get('warned')
  @ApiOperation({ summary: 'Open cases on a yellow card (预警, due today or within the warning days) and not yet overdue, the soonest due first' })
  @ApiQuery({ name: 'limit', required: false })
  async warned(@Query('limit') limit?: string) {
    await this.fresh();
    return this.deadlines.warned(rows(limit));
  }

  @Get('cards')
  @ApiOperation({ summary: 'Yellow (预警) and red (超期) cards per department and per window, by the day given' })
  async cards(@Query() period: PeriodQuery) {
    await this.fresh();
    return { ...period, ...await this.supervision.cards(period) };
  }

  @Get('notices')
  @ApiOperation({ summary: 'Supervision notices (督办单), oldest first' })
  @ApiQuery({ name: 'status', required: false, enum: ['awaiting-reply', 'replied', 'closed'] })
  @ApiQuery({ name: 'departmentId', required: false })
  async notices(@Query('status') status?: string, @Query('departmentId') departmentId?: string, @Query('limit') limit?: string) {
    await this.fresh();
    return this.supervision.notices({ status, departmentId }, this.clock.now().toISOString(), rows(limit));
  }

  @Get('notices/:noticeNo')
  @ApiOperation({ summary: 'One supervision notice' })
  async notice(@Param('noticeNo') noticeNo: string) {
    await this.fresh();
    const notice = await this.supervision.notice(noticeNo, this.clock.now().toISOString());
    if (!notice) throw new RuleViolation('NOTICE.NOT_FOUND', 'NoticeMustExist', `no notice ${noticeNo}`, 'not-found');
    return notice;
  }

  @Post('notices/:noticeNo/reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'The department replies with its rectification; late replies are flagged' })
  async reply(@Param('noticeNo') noticeNo: string, @Body() body: RectificationRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.noticeCommand(noticeNo, { type: 'ReplyToNotice', data: { rectification: body.rectification } }, meta));
  }

  @Post('notices/:noticeNo/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office accepts the reply and closes the notice (销号)' })
  async close(@Param('noticeNo') noticeNo: string, @Body() body: ConclusionRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.noticeCommand(noticeNo, { type: 'CloseNotice', data: { conclusion: body.conclusion } }, meta));
  }

  @Post('notices/:noticeNo/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office sends the reply back; a new reply deadline runs' })
  async sendBack(@Param('noticeNo') noticeNo: string, @Body() body: ConclusionRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.noticeCommand(noticeNo, { type: 'ReturnNotice', data: { reason: body.conclusion } }, meta));
  }

  @Post('visits')
  @ApiOperation({ summary: 'Record a supervision visit (date, inspector, findings)' })
  async visit(@Body() body: VisitRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new RecordVisitCommand({ type: 'RecordVisit', data: { date: body.date, inspector: body.inspector, findings: body.findings } }, meta)));
  }

  @Get('visits')
  @ApiOperation({ summary: 'Visits in a period, week by week, and the weeks with fewer than two' })
  async visits(@Query() period: PeriodQuery) {
    await this.fresh();
    return { ...period, ...await this.supervision.visits(period) };
  }

  private noticeCommand(noticeNo: string, command: NoticeCommand, meta: CommandMeta) {
    return this.commandBus.execute(new NoticeActionCommand(noticeNo, command, meta));
  }

  /** Red cards become notices, then every read model catches up. */
  private async fresh(): Promise<void> {
    await this.opener.caughtUp();
    await this.readModels.waitForFresh();
  }
}

function rows(limit: string | undefined): number {
  const n = Number(limit);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_ROWS) : MAX_ROWS;
}
