import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { QUERY_CODES } from '../../auth/auth.providers';
import { QueryCodes } from '../../auth/query-codes';
import { Meta } from '../../http/command-meta.decorator';
import { answer } from '../../http/reply';
import type { CommandMeta } from '../../write/command-meta';
import { ReceiveCaseCommand } from './receive-case.command';
import { ReceiveCaseRequest, ReceiveCaseResponse } from './receive-case.request.dto';

@ApiTags('cases')
@Controller('api/cases')
export class ReceiveCaseHttpController {
  constructor(private readonly commandBus: CommandBus, @Inject(QUERY_CODES) private readonly queryCodes: QueryCodes) {}

  @Post()
  @ApiOperation({ summary: 'Receive a case (受理) at a window, a sub-center or online; returns its number and due time' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: ReceiveCaseResponse })
  async receive(@Body() body: ReceiveCaseRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const receipt: ReceiveCaseResponse = answer(reply, await this.commandBus.execute(new ReceiveCaseCommand(body, meta)));
    // The query code is derived from the number, never stored: a retried receipt prints the same code.
    return { ...receipt, queryCode: this.queryCodes.of(receipt.caseNo) };
  }
}
