import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { CaseCommand } from '@gov/domain';
import type { FastifyReply } from 'fastify';
import { Meta } from '../../http/command-meta.decorator';
import { CaseNoPipe } from '../../http/case-no.pipe';
import { answer } from '../../http/reply';
import type { CommandMeta } from '../../write/command-meta';
import { CaseActionCommand } from './case-action.command';
import { AcceptWithGapsRequest, ExtendTimeLimitRequest, SupplyCommittedMaterialsRequest } from './case-legal-steps.request.dto';

/** The steps of the Administrative Licensing Law beside a case's ordinary life: §42's extension, 容缺受理. */
@ApiTags('cases')
@ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/cases/:caseNo')
export class CaseLegalStepsHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('extend')
  @HttpCode(200)
  @ApiOperation({ summary: '行政许可法 §42 extension (延期): 10 working days more, approved by the department head, once, before the limit runs out; the reason is told to the applicant' })
  extend(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: ExtendTimeLimitRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, { type: 'ExtendTimeLimit', data: { approver: body.approver, reason: body.reason } }, meta, reply);
  }

  @Post('accept-with-gaps')
  @HttpCode(200)
  @ApiOperation({ summary: '容缺受理: accepted with non-essential materials missing, on a written commitment to supply them by a date within the limit; the clock runs' })
  acceptWithGaps(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: AcceptWithGapsRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, { type: 'AcceptWithGaps', data: { missingMaterials: body.missingMaterials, commitment: body.commitment,
      materialsDueDate: body.materialsDueDate } }, meta, reply);
  }

  @Post('supply-committed-materials')
  @HttpCode(200)
  @ApiOperation({ summary: 'The materials committed at 容缺受理 arrive; until then the case cannot be approved' })
  supplyCommitted(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: SupplyCommittedMaterialsRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(caseNo, { type: 'SupplyCommittedMaterials', data: { materials: body.materials } }, meta, reply);
  }

  private async run(caseNo: string, command: CaseCommand, meta: CommandMeta, reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new CaseActionCommand(caseNo, () => command, meta)));
  }
}
