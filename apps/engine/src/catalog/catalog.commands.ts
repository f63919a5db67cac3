import type { FeeCatalogCommand, ServiceItemCommand } from '@gov/domain';
import type { CommandMeta } from '../write/command-meta';

/** A change to a catalog item (事项); answered with `status` (201 for a new item). */
export class ItemCommand {
  constructor(readonly command: ServiceItemCommand, readonly meta: CommandMeta, readonly status: number) {}
}

/** A change to the fee catalog (收费目录); answered with `status` (201 for a new entry). */
export class FeeCommand {
  constructor(readonly command: FeeCatalogCommand, readonly meta: CommandMeta, readonly status: number) {}
}
