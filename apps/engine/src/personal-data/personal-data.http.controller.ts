import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  decideErasure, evolvePersonalData, initialPersonalDataState, PersonalDataErased, PersonalDataState, personalDataStreamId, RuleViolation,
} from '@gov/domain';
import type { FastifyReply } from 'fastify';
import type { CommandMeta } from '../write/command-meta';
import { CommandRunner } from '../write/commands';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { ErasePersonalDataRequest } from './erase-personal-data.request.dto';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from './personal-data-vault';

/**
 * Crypto-shredding (PIPL §47 deletion): the person's key goes, and with it every field sealed
 * under it — in every case, complaint and copy of the record — while the cases still count.
 */
@ApiTags('personal data')
@Controller('api/personal-data')
export class PersonalDataHttpController {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Post(':personId/erase')
  @HttpCode(200)
  @ApiOperation({ summary: 'Erase a person (the personId of a case\'s applicant or a complainant): their key is destroyed, their fields read as erased from then on' })
  async erase(@Param('personId', new ParseUUIDPipe()) personId: string, @Body() body: ErasePersonalDataRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const held = await this.vault.holdsKeyOf(personId);
    // The erasure is recorded first, then the key destroyed: a crash between leaves a record whose retry finishes the job.
    const recorded = await this.runner.run<PersonalDataState, PersonalDataErased, unknown>({
      streamId: personalDataStreamId(personId),
      initialState: initialPersonalDataState,
      evolve: evolvePersonalData,
      decide: (state) => {
        if (state.status === 'kept' && !held) throw new RuleViolation('PERSON.NOT_FOUND', 'PersonMustHaveAKey', `no person ${personId}`, 'not-found');
        return decideErasure({ type: 'ErasePersonalData', data: { personId, reason: body.reason } }, state, meta.now);
      },
      respond: (state) => ({ status: 200, body: { personId, erased: true, erasedAt: state.status === 'erased' ? state.erasedAt : null } }),
    }, meta);
    await this.vault.shred(personId);
    return answer(reply, recorded);
  }
}
