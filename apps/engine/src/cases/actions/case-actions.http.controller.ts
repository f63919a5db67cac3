import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { CaseCommand } from '@gov/domain';
import type { FastifyReply } from 'fastify';
import { actingStaffId } from '../../auth/record-scope';
import { Meta } from '../../http/command-meta.decorator';
import { CaseNoPipe } from '../../http/case-no.pipe';
import { answer } from '../../http/reply';
import type { ReferenceData } from '../../infrastructure/reference-data';
import { StaffLookup } from '../../staff';
import type { CommandMeta } from '../../write/command-meta';
import { BankReceiptCommand } from './bank-receipt.command';
import { CaseActionCommand } from './case-action.command';
import {
  AssessFeeRequest, CompleteRequest, EscalateRequest, PayFeeRequest, RateRequest, ReasonRequest, RequestMaterialsRequest,
  SupplyMaterialsRequest, SuspendClockRequest,
} from './case-actions.request.dto';

/** One route per step of a case's life; each maps its body to the domain command and nothing more. */
@ApiTags('cases')
@ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/cases/:caseNo')
export class CaseActionsHttpController {
  constructor(private readonly commandBus: CommandBus, private readonly staff: StaffLookup) {}

  @Post('not-accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse acceptance (不予受理) with the reason' })
  notAccept(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: ReasonRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'NotAcceptCase', data: { reason: body.reason } }), meta, reply);
  }

  @Post('request-materials')
  @HttpCode(200)
  @ApiOperation({ summary: 'List every missing material at once (一次性告知); the clock stops until they are supplied' })
  requestMaterials(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: RequestMaterialsRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'RequestMaterials', data: { materials: body.materials, note: body.note ?? null } }), meta, reply);
  }

  @Post('supply-materials')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the supplied materials (补正); the clock resumes' })
  supplyMaterials(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: SupplyMaterialsRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'SupplyMaterials', data: { materials: body.materials } }), meta, reply);
  }

  @Post('suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the clock for a site inspection, hearing, expert review or testing (行政许可法 §45)' })
  suspend(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: SuspendClockRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'SuspendClock', data: { reason: body.reason, note: body.note ?? null } }), meta, reply);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restart the clock; the due date moves by the suspended working days' })
  resume(@Param('caseNo', CaseNoPipe) caseNo: string, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'ResumeClock', data: {} }), meta, reply);
  }

  @Post('escalate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Special handling (特事特办) for a major project: a shorter limit, the approver and the reason' })
  escalate(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: EscalateRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'EscalateCase', data: { limitDays: body.limitDays, approver: body.approver, reason: body.reason } }), meta, reply);
  }

  @Post('assess-fee')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assess the fees: only fee-catalog entries declared on the item, at their standard amount' })
  assessFee(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: AssessFeeRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, (reference) => ({
      type: 'AssessFee',
      data: { fees: body.fees.map((fee) => ({ feeCode: fee.feeCode, amountFen: fee.amountFen })), feeCatalog: reference.feeCatalog },
    }), meta, reply);
  }

  @Post('pay-fee')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bank confirms the fee it collected (非税收入), with its receipt number: one receipt pays one case; cash is refused' })
  async payFee(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: PayFeeRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const payment = { amountFen: body.amountFen, method: body.method, bankReceiptNo: body.bankReceiptNo };
    return answer(reply, await this.commandBus.execute(new BankReceiptCommand(caseNo, { type: 'PayFee', data: payment }, meta)));
  }

  @Post('complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the case (办结): approved or refused, with the decision' })
  async complete(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: CompleteRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const staffId = actingStaffId(meta.actor, body.staffId);
    const staff = staffId ? await this.staff.authorizations(staffId) : null;
    return this.run(caseNo, () => ({ type: 'CompleteCase', data: { outcome: body.outcome, decision: body.decision, staffId: staffId ?? null, staff } }),
      meta, reply);
  }

  @Post('withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant withdraws the case' })
  withdraw(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: ReasonRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'WithdrawCase', data: { reason: body.reason } }), meta, reply);
  }

  @Post('rate')
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant rates a completed case (好差评, five levels)' })
  rate(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: RateRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, () => ({ type: 'RateCase', data: { level: body.level, comment: body.comment ?? null, ...rateApart(body) } }), meta, reply);
  }

  private async run(caseNo: string, build: (reference: ReferenceData) => CaseCommand, meta: CommandMeta, reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new CaseActionCommand(caseNo, build, meta)));
  }
}

/** The staff member and the channel rated apart (GB/T 39735), when the applicant did (issue 29). */
function rateApart(body: RateRequest) {
  return body.staffLevel || body.channelLevel ? { staffLevel: body.staffLevel ?? null, channelLevel: body.channelLevel ?? null } : {};
}
