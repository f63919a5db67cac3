import type { CommandMeta } from '../../write/command-meta';
import type { ReceiveCaseRequest } from './receive-case.request.dto';

export class ReceiveCaseCommand {
  constructor(
    readonly request: ReceiveCaseRequest,
    readonly meta: CommandMeta,
  ) {}
}
