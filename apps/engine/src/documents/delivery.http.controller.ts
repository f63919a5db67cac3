import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DELIVERY_METHODS, DeliveryMethod } from '@gov/domain';
import { IsIn, Matches } from 'class-validator';
import { IsInstant, Optional } from '../http/validation';
import type { FastifyReply } from 'fastify';
import { CaseActionCommand } from '../cases';
import { CaseNoPipe } from '../http/case-no.pipe';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import type { CommandMeta } from '../write/command-meta';

export class DeliveryRequest {
  @ApiProperty({ enum: DELIVERY_METHODS, description: 'window: collected at the window; post: posted (EMS, SF…); online: downloaded from the lookup page' })
  @IsIn(DELIVERY_METHODS)
  method!: DeliveryMethod;

  @ApiPropertyOptional({ example: 'SF1234567890', description: 'The tracking number: required for post' })
  @Optional()
  @Matches(/^[A-Za-z0-9-]{6,40}$/, { message: 'trackingNo must be 6 to 40 letters, digits or dashes' })
  trackingNo?: string;

  @ApiPropertyOptional({ example: '2026-04-08T02:00:00.000Z', description: 'When it was delivered, if before now (a signed receipt returned by post)' })
  @Optional()
  @IsInstant()
  deliveredAt?: string;
}

/** Delivery (送达) of a completed case's decision: how and when it reached the applicant. */
@ApiTags('documents')
@Controller('api/cases/:caseNo/delivery')
export class DeliveryHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
  @ApiOperation({ summary: 'Record the decision\'s delivery (送达) once: collected at the window, posted with its tracking number, or online' })
  deliver(@Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: DeliveryRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.commandBus.execute(new CaseActionCommand(caseNo, () => ({
      type: 'RecordDelivery', data: { method: body.method, trackingNo: body.trackingNo ?? null, deliveredAt: body.deliveredAt ? new Date(body.deliveredAt).toISOString() : meta.now },
    }), meta)).then((response) => answer(reply, response));
  }
}
