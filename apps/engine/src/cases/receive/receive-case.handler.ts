import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseRecord, caseDecider, shanghaiDateOf } from '@gov/domain';
import { actingStaffId } from '../../auth/record-scope';
import { ReferenceData } from '../../infrastructure/reference-data';
import { PERSONAL_DATA_VAULT, PersonalDataVault, sealApplicant } from '../../personal-data';
import { StaffLookup } from '../../staff';
import { CaseNumbers } from '../../write/case-numbers';
import { CommandResponse } from '../../write/command-meta';
import { Commands } from '../../write/commands';
import { ReceiveCaseCommand } from './receive-case.command';
import { ReceiveCaseResponse } from './receive-case.request.dto';
import { caseNoPrefix, receiveCommand } from './receive-command';

@CommandHandler(ReceiveCaseCommand)
export class ReceiveCaseHandler implements ICommandHandler<ReceiveCaseCommand, CommandResponse<ReceiveCaseResponse>> {
  constructor(
    private readonly commands: Commands,
    private readonly reference: ReferenceData,
    private readonly caseNumbers: CaseNumbers,
    private readonly staff: StaffLookup,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ request, meta }: ReceiveCaseCommand): Promise<CommandResponse<ReceiveCaseResponse>> {
    const reference = await this.reference.current();
    const staffId = actingStaffId(meta.actor, request.staffId);
    const staff = staffId ? await this.staff.authorizations(staffId) : null;
    // Sealed once, before the number is drawn: the person's key is durable before the event that needs it is appended.
    const sealed = { ...request, staffId, applicant: await sealApplicant(this.vault, request.applicant) };
    const stream = this.caseNumbers.stream(caseNoPrefix(request.itemCode, reference), shanghaiDateOf(meta.now));
    return this.commands.handle(caseDecider, stream, (caseNo) => receiveCommand(caseNo, sealed, reference, staff), meta, {
      context: reference.caseContext(meta.now),
      respond: (state) => ({ status: 201, body: receipt(state as CaseRecord) }),
    });
  }
}

function receipt(state: CaseRecord): ReceiveCaseResponse {
  return {
    caseNo: state.caseNo, category: state.item.category, acceptedDate: state.acceptedDate, limitDays: state.limitDays,
    dueDate: state.dueDate, dueAt: state.dueAt,
  };
}
