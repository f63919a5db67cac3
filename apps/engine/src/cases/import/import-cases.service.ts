import { Inject, Injectable } from '@nestjs/common';
import {
  CaseCommand, CaseEvent, CaseRecord, CaseState, caseStreamId, decideCase, evolveCase, initialCaseState, RuleViolation, shanghaiDateOf,
} from '@gov/domain';
import { ReferenceData } from '../../infrastructure/reference-data';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../../personal-data/personal-data-vault';
import { sealApplicant } from '../../personal-data/sealing';
import { CaseNumbers } from '../../write/case-numbers';
import { CommandMeta } from '../../write/command-meta';
import { CommandRunner } from '../../write/commands';
import { ImportedCaseDto } from './import-cases.request.dto';
import { stepToCommand } from './import-step.mapping';
import { caseNoPrefix, receiveCommand } from '../receive/receive-command';

export type ImportResult =
  | { readonly index: number; readonly status: 'imported'; readonly caseNo: string; readonly events: number }
  | { readonly index: number; readonly status: 'rejected'; readonly code: string; readonly message: string; readonly step: number | null };

/**
 * Migrates histories from a center's old system: each case is replayed through the same
 * `decide` as live commands, at its own timestamps, and appended whole in one transaction —
 * a case that breaks a rule anywhere is rejected entirely, with the step that broke it.
 */
@Injectable()
export class ImportCasesService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reference: ReferenceData,
    private readonly caseNumbers: CaseNumbers,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async importAll(cases: readonly ImportedCaseDto[], meta: CommandMeta): Promise<ImportResult[]> {
    const results: ImportResult[] = [];
    for (const [index, imported] of cases.entries()) results.push(await this.importOne(index, imported, meta));
    return results;
  }

  private async importOne(index: number, imported: ImportedCaseDto, meta: CommandMeta): Promise<ImportResult> {
    const reference = await this.reference.current();
    const receivedAt = new Date(imported.receivedAt).toISOString();
    const prefix = caseNoPrefix(imported.itemCode, reference);
    // Sealed like a live receipt: the old system's clear values stop here.
    const receipt = { ...imported, applicant: await sealApplicant(this.vault, imported.applicant) };
    let failedStep: number | null = null;
    const run = (caseNo: string) => this.runner.run<CaseState, CaseEvent, { caseNo: string; events: number }>({
      streamId: caseStreamId(caseNo),
      initialState: initialCaseState,
      evolve: evolveCase,
      decide: (state) => {
        const receive = receiveCommand(caseNo, receipt, reference);
        const events: CaseEvent[] = [];
        let current = state;
        const steps: [CaseCommand, string, number | null][] = [
          [receive, receivedAt, null],
          ...imported.steps.map((step, i): [CaseCommand, string, number] => [stepToCommand(step, reference.feeCatalog), new Date(step.at).toISOString(), i]),
        ];
        for (const [command, at, stepIndex] of steps) {
          failedStep = stepIndex;
          const decided = decideCase(command, current, reference.caseContext(at));
          events.push(...decided);
          current = decided.reduce(evolveCase, current);
        }
        failedStep = null;
        return events;
      },
      respond: (state, events) => ({ status: 201, body: { caseNo: (state as CaseRecord).caseNo, events: events.length } }),
    }, { ...meta, idempotency: undefined });
    try {
      const response = imported.caseNo ? await run(imported.caseNo) : await this.caseNumbers.withNewNumber(prefix, shanghaiDateOf(receivedAt), run);
      return { index, status: 'imported', ...response.body };
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      return { index, status: 'rejected', code: error.code, message: error.message, step: failedStep };
    }
  }
}
