import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, CaseEvent, CaseRecord, CaseState, caseStreamId, Decider, RuleViolation, shanghaiDateOf } from '@gov/domain';
import { ReferenceData } from '../../infrastructure/reference-data';
import { PERSONAL_DATA_VAULT, PersonalDataVault, sealApplicant } from '../../personal-data';
import { CaseNumbers } from '../../write/case-numbers';
import { CommandMeta } from '../../write/command-meta';
import { Commands } from '../../write/commands';
import { ImportCasesCommand } from './import-cases.command';
import { ImportedCaseDto } from './import-cases.request.dto';
import { asOneStep, stepToCommand } from './import-step.mapping';
import { caseNoPrefix, receiveCommand } from '../receive/receive-command';

export type ImportResult =
  | { readonly index: number; readonly status: 'imported'; readonly caseNo: string; readonly events: number }
  | { readonly index: number; readonly status: 'rejected'; readonly code: string; readonly message: string; readonly step: number | null };

/** An imported history: its commands in order, each at its own time (`step` null for the receipt). */
type History = readonly { readonly command: CaseCommand; readonly at: string; readonly step: number | null }[];

/**
 * Migrates histories from a center's old system: each case is replayed through the same
 * `decide` as live commands, at its own timestamps, and appended whole in one transaction —
 * a case that breaks a rule anywhere is rejected entirely, with the step that broke it.
 */
@CommandHandler(ImportCasesCommand)
export class ImportCasesHandler implements ICommandHandler<ImportCasesCommand, ImportResult[]> {
  constructor(
    private readonly commands: Commands,
    private readonly reference: ReferenceData,
    private readonly caseNumbers: CaseNumbers,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ cases, meta }: ImportCasesCommand): Promise<ImportResult[]> {
    const results: ImportResult[] = [];
    for (const [index, imported] of cases.entries()) results.push(await this.importOne(index, imported, meta));
    return results;
  }

  private async importOne(index: number, imported: ImportedCaseDto, meta: CommandMeta): Promise<ImportResult> {
    const reference = await this.reference.current();
    const receivedAt = new Date(imported.receivedAt).toISOString();
    // Sealed like a live receipt: the old system's clear values stop here.
    const receipt = { ...imported, applicant: await sealApplicant(this.vault, imported.applicant) };
    const historyOf = (caseNo: string): History => [
      { command: asOneStep(receiveCommand(caseNo, receipt, reference), imported.steps), at: receivedAt, step: null },
      ...imported.steps.map((step, i) => ({ command: stepToCommand(step, reference.feeCatalog), at: new Date(step.at).toISOString(), step: i })),
    ];
    let failedStep: number | null = null;
    // The case's own decider, deciding a whole history at each step's time; `failedStep` names the step a rule refused.
    const historyDecider: Decider<History, CaseState, CaseEvent, null> = {
      ...caseDecider,
      decide: (history, state) => {
        const events: CaseEvent[] = [];
        let current = state;
        for (const { command, at, step } of history) {
          failedStep = step;
          const decided = caseDecider.decide(command, current, reference.caseContext(at));
          events.push(...decided);
          current = decided.reduce(caseDecider.evolve, current);
        }
        failedStep = null;
        return events;
      },
    };
    const answering = {
      context: null,
      respond: (state: CaseState, events: readonly CaseEvent[]) =>
        ({ status: 201, body: { caseNo: (state as CaseRecord).caseNo, events: events.length } }),
    };
    // Imports are not idempotent by key: a case is identified by its own number, or gets a new one.
    const once = { ...meta, idempotency: undefined };
    try {
      const response = imported.caseNo
        ? await this.commands.handle(historyDecider, caseStreamId(imported.caseNo), historyOf(imported.caseNo), once, answering)
        : await this.commands.handle(historyDecider, this.caseNumbers.stream(caseNoPrefix(imported.itemCode, reference), shanghaiDateOf(receivedAt)),
          historyOf, once, answering);
      return { index, status: 'imported', ...response.body };
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      return { index, status: 'rejected', code: error.code, message: error.message, step: failedStep };
    }
  }
}
