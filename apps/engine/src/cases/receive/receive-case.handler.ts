import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CaseEvent, CaseRecord, CaseState, caseStreamId, decideCase, evolveCase, initialCaseState, shanghaiDateOf,
} from '@gov/domain';
import { CaseNumbers } from '../../write/case-numbers';
import { CommandResponse } from '../../write/command-meta';
import { CommandRunner } from '../../write/commands';
import { ReferenceData } from '../../infrastructure/reference-data';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../../personal-data/personal-data-vault';
import { sealApplicant } from '../../personal-data/sealing';
import { StaffLookup } from '../../staff/staff-lookup';
import { ReceiveCaseCommand } from './receive-case.command';
import { ReceiveCaseResponse } from './receive-case.request.dto';
import { caseNoPrefix, receiveCommand } from './receive-command';

@CommandHandler(ReceiveCaseCommand)
export class ReceiveCaseHandler implements ICommandHandler<ReceiveCaseCommand, CommandResponse<ReceiveCaseResponse>> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reference: ReferenceData,
    private readonly caseNumbers: CaseNumbers,
    private readonly staff: StaffLookup,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ request, meta }: ReceiveCaseCommand): Promise<CommandResponse<ReceiveCaseResponse>> {
    // A retry is answered before a number is drawn, so retries leave no gaps in the numbering.
    const replayed = await this.runner.replayed<ReceiveCaseResponse>(meta);
    if (replayed) return replayed;
    const reference = await this.reference.current();
    const staff = request.staffId ? await this.staff.authorizations(request.staffId) : null;
    // Sealed once, before the number is drawn: the person's key is durable before the event that needs it is appended.
    const sealed = { ...request, applicant: await sealApplicant(this.vault, request.applicant) };
    return this.caseNumbers.withNewNumber(caseNoPrefix(request.itemCode, reference), shanghaiDateOf(meta.now), (caseNo) =>
      this.runner.run<CaseState, CaseEvent, ReceiveCaseResponse>({
        streamId: caseStreamId(caseNo),
        initialState: initialCaseState,
        evolve: evolveCase,
        decide: (state) => decideCase(receiveCommand(caseNo, sealed, reference, staff), state, reference.caseContext(meta.now)),
        respond: (state) => ({ status: 201, body: receipt(state as CaseRecord) }),
      }, meta));
  }
}

function receipt(state: CaseRecord): ReceiveCaseResponse {
  return {
    caseNo: state.caseNo, category: state.item.category, acceptedDate: state.acceptedDate, limitDays: state.limitDays,
    dueDate: state.dueDate, dueAt: state.dueAt,
  };
}
