import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountabilityAction, Complainant, ComplaintCommand, decideRectification, evolveRectification, initialRectificationState, RectificationEvent,
  RectificationState, rectificationStreamId, RuleViolation,
} from '@gov/domain';
import { ComplaintQueries } from '@gov/projections';
import { mayReadComplainantInClear, PERSONAL_DATA_VAULT, PersonalDataVault, complainantView } from '../personal-data';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOfRequest } from '../auth/auth.guard';
import { assertInScope } from '../auth/record-scope';
import type { CommandMeta } from '../write/command-meta';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { Clock } from '../infrastructure/clock';
import { ReferenceData } from '../infrastructure/reference-data';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { PeriodQuery } from '../http/period.query.dto';
import { ComplaintActionCommand, FileComplaintCommand } from './complaint.commands';
import { AnswerRectificationCommand } from './rectification.commands';
import { StaffLookup } from '../staff';
import { AutomaticComplaintsPolicy } from './automatic-complaints.policy';
import { RectificationPolicy } from './rectification.policy';
import {
  AccountabilityActionDto, ComplainantDto, ComplaintListQuery, ConcludeRequest, DeclineRequest, FeedbackRequest, FileComplaintRequest,
  InvestigateRequest, NoteRequest, RectificationAnswerRequest, RectificationListQuery,
} from './complaints.request.dto';

const MAX_ROWS = 1000;

/**
 * The discipline window (纪检监察): complaints from filing to feedback, and its figures.
 * No answer here carries the complainant's identity except `GET …/{complaintNo}/complainant`,
 * which is the discipline role's alone once roles exist (the security issue).
 */
@ApiTags('complaints')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/complaints')
export class ComplaintsHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly staff: StaffLookup,
    private readonly opener: AutomaticComplaintsPolicy,
    private readonly readModels: FreshReadModels,
    private readonly complaints: ComplaintQueries,
    private readonly clock: Clock,
    private readonly rectificationOpener: RectificationPolicy,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Post()
  @ApiOperation({ summary: 'File a complaint (named, or anonymous with a contact) against a department, window, staff member, case or item' })
  async file(@Body() body: FileComplaintRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new FileComplaintCommand({
      category: body.category, channel: body.channel, complainant: complainant(body.complainant), target: { ...body.target },
      summary: body.summary, evidence: body.evidence,
    }, meta)));
  }

  @Post(':complaintNo/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a filed complaint for handling' })
  accept(@Param('complaintNo') complaintNo: string, @Body() body: NoteRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(complaintNo, { type: 'AcceptComplaint', data: { note: body.note ?? null } }, meta, reply);
  }

  @Post(':complaintNo/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a filed complaint, with the reason (the complainant is still owed feedback)' })
  decline(@Param('complaintNo') complaintNo: string, @Body() body: DeclineRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(complaintNo, { type: 'DeclineComplaint', data: { reason: body.reason } }, meta, reply);
  }

  @Post(':complaintNo/investigate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the investigation of an accepted complaint' })
  investigate(@Param('complaintNo') complaintNo: string, @Body() body: InvestigateRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(complaintNo, { type: 'StartInvestigation', data: { investigator: body.investigator } }, meta, reply);
  }

  @Post(':complaintNo/conclude')
  @HttpCode(200)
  @ApiOperation({ summary: 'Conclude: substantiated or not, with accountability actions (诫勉, return a staff member, hold a head accountable)' })
  async conclude(@Param('complaintNo') complaintNo: string, @Body() body: ConcludeRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const actions = body.actions.map(action);
    const postedStaff = await this.staff.posted(actions.flatMap((a) => a.kind === 'return-staff' ? [a.staffId] : []));
    return this.run(complaintNo, { type: 'ConcludeComplaint', data: { substantiated: body.substantiated, findings: body.findings, actions, postedStaff } }, meta, reply);
  }

  @Post(':complaintNo/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the complainant feedback; after the deadline it is flagged late' })
  feedback(@Param('complaintNo') complaintNo: string, @Body() body: FeedbackRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(complaintNo, { type: 'GiveFeedback', data: { message: body.message } }, meta, reply);
  }

  @Get()
  @ApiOperation({ summary: 'Complaints, oldest first: open ones by default; filter by category, department, age in days' })
  async list(@Query() query: ComplaintListQuery) {
    await this.fresh();
    return this.complaints.list(query, this.now(), query.limit ?? MAX_ROWS);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Open complaints now, by category, by department and by age band' })
  async summary() {
    await this.fresh();
    return this.complaints.openSummary(this.now());
  }

  @Get('figures')
  @ApiOperation({ summary: 'Complaint figures per department over a period, and the time to conclusion (README: "Complaints and window staff")' })
  async figures(@Query() period: PeriodQuery) {
    await this.fresh();
    const departments = [...(await this.complaints.figuresByDepartment(period, this.now())).values()].sort((a, b) => a.departmentId.localeCompare(b.departmentId));
    return { ...period, departments, timeToConclusion: await this.complaints.timeToConclusion(period) };
  }

  @Get('actions')
  @ApiOperation({ summary: 'Accountability actions taken by the conclusions of a period' })
  async actions(@Query() period: PeriodQuery) {
    await this.fresh();
    return { ...period, actions: await this.complaints.actions(period) };
  }

  @Get('rectifications')
  @ApiOperation({ summary: 'Rectifications opened by bad ratings (不满意, 非常不满意); unanswered ones past their deadline are flagged' })
  async rectifications(@Query() query: RectificationListQuery) {
    await this.fresh();
    return this.complaints.rectifications(query, this.now(), query.limit ?? MAX_ROWS);
  }

  @Get('rectifications/:rectificationNo')
  @ApiOperation({ summary: 'One rectification' })
  async rectification(@Param('rectificationNo') rectificationNo: string, @Req() request: FastifyRequest) {
    await this.fresh();
    const found = await this.complaints.rectification(rectificationNo, this.now());
    if (found) assertInScope(principalOfRequest(request), found, `rectification ${rectificationNo}`);
    if (!found) throw new RuleViolation('RECTIFICATION.NOT_FOUND', 'RectificationMustExist', `no rectification ${rectificationNo}`, 'not-found');
    return found;
  }

  @Post('rectifications/:rectificationNo/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'The department answers the rectification; after the deadline it is flagged late' })
  async answerRectification(@Param('rectificationNo') rectificationNo: string, @Body() body: RectificationAnswerRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new AnswerRectificationCommand(rectificationNo, { type: 'AnswerRectification', data: { answer: body.answer } }, meta)));
  }

  @Get(':complaintNo')
  @ApiOperation({ summary: 'One complaint, without the complainant\'s identity' })
  async one(@Param('complaintNo') complaintNo: string) {
    await this.fresh();
    const found = await this.complaints.one(complaintNo, this.now());
    if (!found) throw notFound(complaintNo);
    return found;
  }

  @Get(':complaintNo/complainant')
  @ApiOperation({ summary: 'Discipline window only: who complained (name, contact, ID number), opened from the sealed record; erased once the person\'s key is' })
  async complainant(@Param('complaintNo') complaintNo: string, @Req() request: FastifyRequest) {
    await this.fresh();
    const found = await this.complaints.complainant(complaintNo);
    if (!found) throw notFound(complaintNo);
    const recorded = found.kind === 'system'
      ? { kind: found.kind, trigger: found.trigger as string }
      : { kind: found.kind, personId: found.personId as string, sealed: found.sealed as string };
    return { complaintNo, ...(await complainantView(this.vault, recorded, mayReadComplainantInClear(principalOfRequest(request)))) };
  }

  private async run(complaintNo: string, command: ComplaintCommand, meta: CommandMeta, reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new ComplaintActionCommand(complaintNo, command, meta)));
  }

  /** Triggers become files, then the read models catch up. */
  private async fresh(): Promise<void> {
    await this.opener.caughtUp();
    await this.rectificationOpener.caughtUp();
    await this.readModels.waitForFresh();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function complainant(dto: ComplainantDto): Complainant {
  return dto.kind === 'named'
    ? { kind: 'named', name: dto.name as string, contact: dto.contact, ...(dto.idNumber ? { idNumber: dto.idNumber } : {}) }
    : { kind: 'anonymous', contact: dto.contact };
}

function action(dto: AccountabilityActionDto): AccountabilityAction {
  switch (dto.kind) {
    case 'admonish-department': return { kind: dto.kind, departmentId: dto.departmentId as string };
    case 'return-staff': return { kind: dto.kind, staffId: dto.staffId as string };
    case 'hold-accountable': return { kind: dto.kind, role: dto.role as NonNullable<AccountabilityActionDto['role']>, person: dto.person as string };
  }
}

function notFound(complaintNo: string): RuleViolation {
  return new RuleViolation('COMPLAINT.NOT_FOUND', 'ComplaintMustExist', `no complaint ${complaintNo}`, 'not-found');
}
