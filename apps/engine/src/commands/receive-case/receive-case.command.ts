import type { CommandMeta } from '../command-meta';
import type { ReceiveCaseRequest } from './receive-case.request.dto';

export class ReceiveCaseCommand {
  constructor(
    readonly request: ReceiveCaseRequest,
    readonly meta: CommandMeta,
  ) {}
}
