import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NoticeCommand, RuleViolation } from '@gov/domain';
import { DeadlineQueries, SupervisionQueries } from '@gov/projections';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandMeta } from '../write/command-meta';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { PeriodQuery } from '../http/period.query.dto';
import { SupervisionNoticePolicy } from './supervision-notice.policy';
import { NoticeActionCommand, RecordVisitCommand } from './supervision.commands';
import { ConclusionRequest, DeadlineListQuery, NoticeListQuery, RectificationRequest, VisitRequest } from './supervision.request.dto';
import { principalOfRequest } from '../auth/auth.guard';
import { assertInScope } from '../auth/record-scope';

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
  async overdue(@Query() query: DeadlineListQuery) {
    await this.fresh();
    return this.deadlines.overdue(query.limit ?? MAX_ROWS, query.departmentId);
  }

  @Get('warned')
  @ApiOperation({ summary: 'Open cases on a yellow card (预警, due today or within the warning days) and not yet overdue, the soonest due first' })
  async warned(@Query() query: DeadlineListQuery) {
    await this.fresh();
    return this.deadlines.warned(query.limit ?? MAX_ROWS, query.departmentId);
  }

  @Get('cards')
  @ApiOperation({ summary: 'Yellow (预警) and red (超期) cards per department and per window, by the day given' })
  async cards(@Query() period: PeriodQuery) {
    await this.fresh();
    return { ...period, ...await this.supervision.cards(period) };
  }

  @Get('notices')
  @ApiOperation({ summary: 'Supervision notices (督办单), oldest first' })
  async notices(@Query() query: NoticeListQuery) {
    await this.fresh();
    return this.supervision.notices({ status: query.status, departmentId: query.departmentId }, this.clock.now().toISOString(), query.limit ?? MAX_ROWS);
  }

  @Get('notices/:noticeNo')
  @ApiOperation({ summary: 'One supervision notice' })
  async notice(@Param('noticeNo') noticeNo: string, @Req() request: FastifyRequest) {
    await this.fresh();
    const notice = await this.supervision.notice(noticeNo, this.clock.now().toISOString());
    if (!notice) throw new RuleViolation('NOTICE.NOT_FOUND', 'NoticeMustExist', `no notice ${noticeNo}`, 'not-found');
    assertInScope(principalOfRequest(request), notice, `notice ${noticeNo}`);
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
