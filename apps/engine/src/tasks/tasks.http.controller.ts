import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { CaseCommand } from '@gov/domain';
import { TaskQueries } from '@gov/projections';
import type { FastifyReply } from 'fastify';
import { CaseActionCommand } from '../cases';
import { Meta } from '../http/command-meta.decorator';
import { CaseNoPipe } from '../http/case-no.pipe';
import { answer } from '../http/reply';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { StaffLookup } from '../staff';
import type { CommandMeta } from '../write/command-meta';
import { capacityOf } from './step-capacity';
import { CompleteStepRequest, DelegateStepRequest, ReturnStepRequest, TransferStepRequest } from './tasks.request.dto';

/** The worklist (待办) of the caller. */
@ApiTags('tasks')
@Controller('api/tasks')
export class TasksHttpController {
  constructor(private readonly tasks: TaskQueries, private readonly readModels: FreshReadModels, private readonly clock: Clock) {}

  @Get()
  @ApiOperation({ summary: "My tasks: the steps I hold, and those waiting in my role's pool in my department; the soonest due first" })
  async mine(@Meta() meta: CommandMeta) {
    await this.readModels.waitForFresh();
    return this.tasks.worklist({ staffId: meta.actor.id, departmentId: meta.scope?.departmentId ?? null, pools: capacityOf(meta.scope?.role) },
      this.clock.now().toISOString());
  }
}

/** A case's steps: claim, complete (with an opinion; at the decision step, the case's decision), return, transfer, delegate. */
@ApiTags('tasks')
@ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
@ApiParam({ name: 'stepId', example: 'review' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/cases/:caseNo/steps/:stepId')
export class StepActionsHttpController {
  constructor(private readonly commandBus: CommandBus, private readonly staff: StaffLookup) {}

  @Post('claim')
  @HttpCode(200)
  @ApiOperation({ summary: "Claim a step waiting in my role's pool (认领)" })
  async claim(@Param('caseNo', CaseNoPipe) caseNo: string, @Param('stepId') stepId: string, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    // Who claims the decision step decides the case: the roster is asked about them.
    const staff = await this.staff.authorizations(meta.actor.id);
    return this.run(caseNo, { type: 'ClaimStep', data: { stepId, staffId: meta.actor.id, capacity: capacityOf(meta.scope?.role), staff } }, meta, reply);
  }

  @Post('complete')
  @HttpCode(200)
  @ApiOperation({ summary: "Complete the step I hold with my opinion (办理); at the decision step it is the case's decision, by an approver authorized for the item" })
  async complete(@Param('caseNo', CaseNoPipe) caseNo: string, @Param('stepId') stepId: string, @Body() body: CompleteStepRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const staff = await this.staff.authorizations(meta.actor.id);
    return this.run(caseNo, {
      type: 'CompleteStep',
      data: { stepId, staffId: meta.actor.id, opinion: body.opinion, reasons: body.reasons ?? null, decision: body.decision ?? null, staff },
    }, meta, reply);
  }

  @Post('return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return the step I hold to an earlier step, with the reason (退回)' })
  return(@Param('caseNo', CaseNoPipe) caseNo: string, @Param('stepId') stepId: string, @Body() body: ReturnStepRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, { type: 'ReturnStep', data: { stepId, staffId: meta.actor.id, toStepId: body.toStepId, reason: body.reason } }, meta, reply);
  }

  @Post('transfer')
  @HttpCode(200)
  @ApiOperation({ summary: "Hand the step I hold to a colleague or to a pool of my department (转办)" })
  async transfer(@Param('caseNo', CaseNoPipe) caseNo: string, @Param('stepId') stepId: string, @Body() body: TransferStepRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const to = body.to.staffId !== undefined ? { staffId: body.to.staffId } : { pool: body.to.pool!, departmentId: body.to.departmentId! };
    const toStaff = body.to.staffId !== undefined ? await this.staff.authorizations(body.to.staffId) : null;
    return this.run(caseNo, { type: 'TransferStep', data: { stepId, staffId: meta.actor.id, to, reason: body.reason, toStaff } }, meta, reply);
  }

  @Post('delegate')
  @HttpCode(200)
  @ApiOperation({ summary: 'The approver has a staff member decide in their place (委托)' })
  async delegate(@Param('caseNo', CaseNoPipe) caseNo: string, @Param('stepId') stepId: string, @Body() body: DelegateStepRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const toStaff = await this.staff.authorizations(body.to);
    return this.run(caseNo, { type: 'DelegateStep', data: { stepId, staffId: meta.actor.id, to: body.to, reason: body.reason, toStaff } }, meta, reply);
  }

  private async run(caseNo: string, command: CaseCommand, meta: CommandMeta, reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new CaseActionCommand(caseNo, () => command, meta)));
  }
}

