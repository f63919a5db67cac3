import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Meta } from '../../http/command-meta.decorator';
import { CaseNoPipe } from '../../http/case-no.pipe';
import { answer } from '../../http/reply';
import type { CommandMeta } from '../../write/command-meta';
import { BankReceiptCommand } from '../actions/bank-receipt.command';
import { CaseActionCommand } from '../actions/case-action.command';
import { AssessReducedFeeRequest, RefundFeeRequest } from './case-fees.request.dto';

/** Fees off the standard path: a lawful reduction or exemption (减免), and a refund (退费). */
@ApiTags('cases')
@ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/cases/:caseNo')
export class CaseFeesHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('assess-reduced-fee')
  @HttpCode(200)
  @ApiOperation({ summary: 'The department head assesses fees below the standard (减免) on a legal basis, as their approver' })
  async assessReducedFee(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: AssessReducedFeeRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const fees = body.fees.map((fee) => ({ feeCode: fee.feeCode, amountFen: fee.amountFen }));
    return answer(reply, await this.commandBus.execute(new CaseActionCommand(caseNo, (reference) => ({
      type: 'AssessReducedFee', data: { fees, feeCatalog: reference.feeCatalog, legalBasis: body.legalBasis, approvedBy: meta.actor.id },
    }), meta)));
  }

  @Post('refund-fee')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bank records a refund of the paid fee (退费), under a receipt of its own (used once across the center), with the reason' })
  async refundFee(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: RefundFeeRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const data = { amountFen: body.amountFen, bankReceiptNo: body.bankReceiptNo, reason: body.reason };
    return answer(reply, await this.commandBus.execute(new BankReceiptCommand(caseNo, { type: 'RefundFee', data }, meta)));
  }
}
