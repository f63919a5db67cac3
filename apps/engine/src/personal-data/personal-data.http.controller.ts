import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandMeta } from '../write/command-meta';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { ErasePersonalDataRequest } from './erase-personal-data.request.dto';
import { ErasePersonCommand } from './erase-person.command';

/**
 * Crypto-shredding (PIPL §47 deletion): the person's key goes, and with it every field sealed
 * under it — in every case, complaint and copy of the record — while the cases still count.
 */
@ApiTags('personal data')
@Controller('api/personal-data')
export class PersonalDataHttpController {
  constructor(
    private readonly commandBus: CommandBus,
  ) {}

  @Post(':personId/erase')
  @HttpCode(200)
  @ApiOperation({ summary: 'Erase a person (the personId of a case\'s applicant or a complainant): their key is destroyed, their fields read as erased from then on' })
  async erase(@Param('personId', new ParseUUIDPipe()) personId: string, @Body() body: ErasePersonalDataRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new ErasePersonCommand(personId, body.reason, meta)));
  }
}
