import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags, ApiOkResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RuleViolation, shanghaiDateOf } from '@gov/domain';
import type { ReadModelStore } from '@gov/projections';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { validationFailed } from '../http/validation';
import { Clock } from '../infrastructure/clock';
import { ReferenceData } from '../infrastructure/reference-data';
import { READ_MODEL_STORE } from '../infrastructure/tokens';
import type { CommandMeta } from '../write/command-meta';
import { FollowUpStepCommand } from './follow-up.commands';
import { publishedFigures, ratingFigures } from './rating-figures';
import { followUps, FollowUpRow, ratedIn } from './rating-ledger';
import { ConfirmRectificationRequest, FiguresQuery, FollowUpsQuery, FollowUpVisitRequest, MONTH } from './ratings.request.dto';

const FOLLOW_UP_NO = /^HF-[A-Z0-9]{1,16}-\d{8}-\d{5,}$/;

/** The rating loop (好差评): figures, their monthly publication, and the follow-up visits of bad ratings. */
@ApiTags('ratings')
@Controller('api')
export class RatingsHttpController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
    private readonly reference: ReferenceData,
  ) {}

  @Get('ratings/figures')
  @ApiOperation({ summary: 'A month\'s ratings by staff member, window, department or channel: counts per level, satisfaction rate, bad ratings, default ratings' })
  async figures(@Query() query: FiguresQuery) {
    return { month: query.month, by: query.by, figures: ratingFigures(await ratedIn(this.readModels.db, query.month), query.by) };
  }

  @Get('ratings/published/:month')
  @ApiParam({ name: 'month', example: '2026-04' })
  @ApiOkResponse({ description: 'The month\'s published figures' })
  @ApiUnprocessableEntityResponse({ description: 'The month is not over yet (RATINGS.MONTH_NOT_CLOSED)', schema: { $ref: '#/components/schemas/Error' } })
  @ApiOperation({ summary: 'The published figures of a closed month (评价结果公开): by department and channel, and the follow-up of bad ratings; nothing personal' })
  async published(@Param('month') month: string) {
    if (!MONTH.test(month)) throw validationFailed([{ field: 'month', reason: 'must be YYYY-MM' }]);
    if (month >= shanghaiDateOf(this.clock.now().toISOString()).slice(0, 7)) {
      throw new RuleViolation('RATINGS.MONTH_NOT_CLOSED', 'OnlyClosedMonthsArePublished', `${month} is not over yet: its figures are published once it is`);
    }
    const rows = await ratedIn(this.readModels.db, month);
    const bad = rows.filter((row) => row.level === 'dissatisfied' || row.level === 'very-dissatisfied').map((row) => row.case_no);
    const published = publishedFigures(month, rows, await followUps(this.readModels.db, bad));
    const { organization } = await this.reference.current();
    return { ...published, departments: published.departments.map((figures) => ({ ...figures, name: organization.departments.get(figures.key)?.name ?? figures.key })) };
  }

  @Get('follow-ups')
  @ApiOperation({ summary: 'The follow-up visits (回访) of bad ratings, with their due time and whether the applicant confirmed the rectification' })
  async list(@Query() query: FollowUpsQuery) {
    const now = this.clock.now().toISOString();
    const rows = (await followUps(this.readModels.db)).map((row) => view(row, now));
    const status = query.status ?? 'all';
    return rows.filter((row) => status === 'all' || (status === 'open' ? row.visitedAt === null : row.overdue));
  }

  @Post('follow-ups/:followUpNo/visit')
  @HttpCode(200)
  @ApiParam({ name: 'followUpNo', example: 'HF-ZRZY-20260407-00001' })
  @ApiOperation({ summary: 'The center records its follow-up visit of a bad rating: once, late when after its due time' })
  async visit(@Param('followUpNo') followUpNo: string, @Body() body: FollowUpVisitRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    checkedNo(followUpNo);
    return answer(reply, await this.commandBus.execute(new FollowUpStepCommand(followUpNo, { type: 'RecordFollowUpVisit', data: { visitedBy: meta.actor.id, note: body.note } }, meta)));
  }

  @Post('follow-ups/:followUpNo/confirm')
  @HttpCode(200)
  @ApiParam({ name: 'followUpNo', example: 'HF-ZRZY-20260407-00001' })
  @ApiOperation({ summary: 'The applicant confirms (or not) the rectification, after the visit and the department\'s answer' })
  async confirm(@Param('followUpNo') followUpNo: string, @Body() body: ConfirmRectificationRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    checkedNo(followUpNo);
    return answer(reply, await this.commandBus.execute(new FollowUpStepCommand(followUpNo,
      { type: 'ConfirmRectification', data: { accepted: body.accepted, comment: body.comment ?? null } }, meta)));
  }
}

function checkedNo(followUpNo: string): void {
  if (!FOLLOW_UP_NO.test(followUpNo)) throw validationFailed([{ field: 'followUpNo', reason: 'must look like HF-ZRZY-20260407-00001' }]);
}

function view(row: FollowUpRow, now: string) {
  return {
    followUpNo: row.follow_up_no, caseNo: row.case_no, departmentId: row.department_id, level: row.level, openedAt: row.opened_at, visitBy: row.visit_by,
    visitedAt: row.visited_at, late: row.late === null ? null : row.late === 1, overdue: row.visited_at === null && now > row.visit_by,
    confirmedAt: row.confirmed_at, accepted: row.accepted === null ? null : row.accepted === 1,
  };
}
