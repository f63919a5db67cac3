import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ORGANIZATION_STREAM, OrganizationCommand, organizationDecider } from '@gov/domain';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { Commands } from '../write/commands';

/** A department, window or sub-center registered; answered with what was registered. */
export class ChangeOrganizationCommand {
  constructor(readonly command: OrganizationCommand, readonly meta: CommandMeta) {}
}

@CommandHandler(ChangeOrganizationCommand)
export class ChangeOrganizationHandler implements ICommandHandler<ChangeOrganizationCommand, CommandResponse> {
  constructor(private readonly commands: Commands) {}

  execute({ command, meta }: ChangeOrganizationCommand): Promise<CommandResponse> {
    return this.commands.handle(organizationDecider, ORGANIZATION_STREAM, command, meta, { respond: () => ({ status: 201, body: command.data }) });
  }
}
