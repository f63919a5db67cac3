import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, caseStreamId } from '@gov/domain';
import { ReferenceData } from '../../infrastructure/reference-data';
import type { CommandMeta, CommandResponse } from '../../write/command-meta';
import { Commands, onlyWhen } from '../../write/commands';

/**
 * A command the deadline watcher decides on a case when its moment passes (a card, a deemed
 * acceptance, a rescheduling); answered with how many events it recorded (0 or 1).
 */
export class WatchedCaseCommand {
  constructor(readonly caseNo: string, readonly command: CaseCommand, readonly meta: CommandMeta) {}
}

@CommandHandler(WatchedCaseCommand)
export class WatchedCaseHandler implements ICommandHandler<WatchedCaseCommand, CommandResponse<number>> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData) {}

  async execute({ caseNo, command, meta }: WatchedCaseCommand): Promise<CommandResponse<number>> {
    const reference = await this.reference.current();
    return this.commands.handle(onlyWhen(caseDecider, (state) => state.status !== 'none'), caseStreamId(caseNo), command, meta, {
      context: reference.caseContext(meta.now),
      respond: (_state, events) => ({ status: 200, body: events.length }),
    });
  }
}
