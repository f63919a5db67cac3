import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StaffCommand, staffDecider, staffStreamId } from '@gov/domain';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { assertInScope } from '../auth/record-scope';
import { checkedFirst, Commands } from '../write/commands';

/** A change to a staff member's record: posting, authorization, revocation, return; answered with `status`. */
export class StaffActionCommand {
  constructor(readonly staffId: string, readonly command: StaffCommand, readonly meta: CommandMeta, readonly status = 200) {}
}

@CommandHandler(StaffActionCommand)
export class StaffActionHandler implements ICommandHandler<StaffActionCommand, CommandResponse> {
  constructor(private readonly commands: Commands) {}

  execute({ staffId, command, meta, status }: StaffActionCommand): Promise<CommandResponse> {
    // A department head authorizes (and revokes) their own department's staff only: the approval seal is the department's.
    const inScope = checkedFirst(staffDecider, (staff) => {
      if (staff.status !== 'none') assertInScope(meta.scope, staff, `staff member ${staffId}`);
    });
    return this.commands.handle(inScope, staffStreamId(staffId), command, meta, { respond: (state) => ({ status, body: state }) });
  }
}
