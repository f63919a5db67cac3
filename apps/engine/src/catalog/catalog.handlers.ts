import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FEE_CATALOG_STREAM, feeCatalogDecider, itemStreamId, serviceItemDecider } from '@gov/domain';
import { ReferenceData } from '../infrastructure/reference-data';
import { CommandResponse } from '../write/command-meta';
import { Commands } from '../write/commands';
import { FeeCommand, ItemCommand } from './catalog.commands';

@CommandHandler(ItemCommand)
export class ItemHandler implements ICommandHandler<ItemCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData) {}

  async execute({ command, meta, status }: ItemCommand): Promise<CommandResponse> {
    const reference = await this.reference.current();
    return this.commands.handle(serviceItemDecider, itemStreamId(command.data.code), command, meta, {
      context: { feeCatalog: reference.feeCatalog, departmentExists: (id) => reference.organization.departments.has(id) },
      respond: (state) => ({ status, body: state.status === 'none' ? null : { status: state.status, ...state.current } }),
    });
  }
}

@CommandHandler(FeeCommand)
export class FeeHandler implements ICommandHandler<FeeCommand, CommandResponse> {
  constructor(private readonly commands: Commands) {}

  execute({ command, meta, status }: FeeCommand): Promise<CommandResponse> {
    return this.commands.handle(feeCatalogDecider, FEE_CATALOG_STREAM, command, meta, {
      respond: (state) => ({ status, body: state.entries.get(command.data.code) ?? { code: command.data.code, status: 'withdrawn' } }),
    });
  }
}
