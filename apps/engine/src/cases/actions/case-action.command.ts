import type { CaseCommand } from '@gov/domain';
import type { ReferenceData } from '../../infrastructure/reference-data';
import type { CommandMeta } from '../../write/command-meta';

/** A step on an existing case; `build` turns the request into the domain command once reference data is current. */
export class CaseActionCommand {
  constructor(
    readonly caseNo: string,
    readonly build: (reference: ReferenceData) => CaseCommand,
    readonly meta: CommandMeta,
  ) {}
}
