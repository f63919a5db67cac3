import type { CommandMeta } from '../../write/command-meta';
import type { ImportedCaseDto } from './import-cases.request.dto';

/** Whole case histories from a legacy system, each imported all or nothing. */
export class ImportCasesCommand {
  constructor(
    readonly cases: readonly ImportedCaseDto[],
    readonly meta: CommandMeta,
  ) {}
}
