import { Injectable } from '@nestjs/common';
import {
  decideFeeCatalog, decideServiceItem, evolveFeeCatalog, evolveServiceItem, FEE_CATALOG_STREAM, FeeCatalogCommand,
  FeeCatalogEvent, FeeCatalogState, initialFeeCatalogState, initialServiceItemState, itemStreamId, ServiceItemCommand,
  ServiceItemEvent, ServiceItemState,
} from '@gov/domain';
import { ReferenceData } from '../infrastructure/reference-data';
import { CommandMeta, CommandResponse } from '../write/command-meta';
import { CommandRunner } from '../write/commands';

/** Plumbing for the catalog and the fee catalog: load, decide, append. */
@Injectable()
export class CatalogCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reference: ReferenceData,
  ) {}

  async item(command: ServiceItemCommand, meta: CommandMeta, status: number): Promise<CommandResponse> {
    const reference = await this.reference.current();
    return this.runner.run<ServiceItemState, ServiceItemEvent, unknown>({
      streamId: itemStreamId(command.data.code),
      initialState: initialServiceItemState,
      evolve: evolveServiceItem,
      decide: (state) => decideServiceItem(command, state, {
        feeCatalog: reference.feeCatalog,
        departmentExists: (id) => reference.organization.departments.has(id),
      }),
      respond: (state) => ({ status, body: state.status === 'none' ? null : { status: state.status, ...state.current } }),
    }, meta);
  }

  async fee(command: FeeCatalogCommand, meta: CommandMeta, status: number): Promise<CommandResponse> {
    return this.runner.run<FeeCatalogState, FeeCatalogEvent, unknown>({
      streamId: FEE_CATALOG_STREAM,
      initialState: initialFeeCatalogState,
      evolve: evolveFeeCatalog,
      decide: (state) => decideFeeCatalog(command, state),
      respond: (state) => ({ status, body: state.entries.get(command.data.code) ?? { code: command.data.code, status: 'withdrawn' } }),
    }, meta);
  }
}
