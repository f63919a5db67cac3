import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { personalDataDecider, personalDataStreamId, RuleViolation } from '@gov/domain';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { checkedFirst, Commands } from '../write/commands';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from './personal-data-vault';

/** A person's erasure (PIPL §47): recorded, then their key destroyed. */
export class ErasePersonCommand {
  constructor(readonly personId: string, readonly reason: string, readonly meta: CommandMeta) {}
}

@CommandHandler(ErasePersonCommand)
export class ErasePersonHandler implements ICommandHandler<ErasePersonCommand, CommandResponse> {
  constructor(private readonly commands: Commands, @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  async execute({ personId, reason, meta }: ErasePersonCommand): Promise<CommandResponse> {
    const held = await this.vault.holdsKeyOf(personId);
    const known = checkedFirst(personalDataDecider, (state) => {
      if (state.status === 'kept' && !held) throw new RuleViolation('PERSON.NOT_FOUND', 'PersonMustHaveAKey', `no person ${personId}`, 'not-found');
    });
    // The erasure is recorded first, then the key destroyed: a crash between leaves a record whose retry finishes the job.
    const recorded = await this.commands.handle(known, personalDataStreamId(personId), { type: 'ErasePersonalData', data: { personId, reason } }, meta, {
      respond: (state) => ({ status: 200, body: { personId, erased: true, erasedAt: state.status === 'erased' ? state.erasedAt : null } }),
    });
    await this.vault.shred(personId);
    return recorded;
  }
}
