import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, CaseRecord, caseStreamId, RuleViolation } from '@gov/domain';
import { assertInScope, RecordPlace } from '../../auth/record-scope';
import { ReferenceData } from '../../infrastructure/reference-data';
import { CommandMeta, CommandResponse } from '../../write/command-meta';
import { checkedFirst, Commands } from '../../write/commands';
import { CaseActionCommand } from './case-action.command';
import { caseView } from './case-view';

/** The refusals that mean an illegal fee was attempted (乱收费). */
const FEE_CATALOG_CODES = new Set(['FEE.NOT_ON_ITEM', 'FEE.NOT_IN_CATALOG', 'FEE.NOT_STANDARD_AMOUNT']);

@CommandHandler(CaseActionCommand)
export class CaseActionHandler implements ICommandHandler<CaseActionCommand, CommandResponse> {
  constructor(
    private readonly commands: Commands,
    private readonly reference: ReferenceData,
  ) {}

  async execute({ caseNo, build, meta }: CaseActionCommand): Promise<CommandResponse> {
    const reference = await this.reference.current();
    const command = build(reference);
    try {
      return await this.handle(caseNo, command, meta, reference);
    } catch (error) {
      // An assessment refused for breaking the fee catalog is itself a fact (乱收费 attempted): it is recorded, then refused as before.
      if (command.type === 'AssessFee' && error instanceof RuleViolation && FEE_CATALOG_CODES.has(error.code)) {
        await this.handle(caseNo, { type: 'RecordFeeRefusal', data: command.data }, { ...meta, idempotency: undefined }, reference);
      }
      throw error;
    }
  }

  private handle(caseNo: string, command: CaseCommand, meta: CommandMeta, reference: ReferenceData): Promise<CommandResponse> {
    // The caller's binding is checked against the case's own department and channel, known only once the case is folded.
    // A rating (好差评) reaches the center through any channel (the portal relays the ratings of window cases too): it is bound to the department only.
    const inScope = checkedFirst(caseDecider, (state) => {
      if (state.status === 'none') return;
      const place = casePlace(state as CaseRecord);
      assertInScope(meta.scope, command.type === 'RateCase' ? { departmentId: place.departmentId } : place, `case ${caseNo}`);
    });
    return this.commands.handle(inScope, caseStreamId(caseNo), command, meta, {
      context: reference.caseContext(meta.now),
      respond: (state) => ({ status: 200, body: caseView(state as CaseRecord) }),
    });
  }
}

/** Where a case belongs, for the caller's scope. */
export function casePlace(record: CaseRecord): RecordPlace {
  return { departmentId: record.item.departmentId, channel: record.channel, subCenterId: record.subCenterId };
}
