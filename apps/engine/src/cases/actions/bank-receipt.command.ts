import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { bankReceiptDecider, bankReceiptStreamId, caseDecider, caseStreamId, PayFee, RefundFee } from '@gov/domain';
import { ReferenceData } from '../../infrastructure/reference-data';
import type { CommandMeta, CommandResponse } from '../../write/command-meta';
import { Commands } from '../../write/commands';
import { CaseActionCommand } from './case-action.command';

/** The bank's collection system confirms a fee it collected for a case, or a refund it paid back, under its receipt number. */
export class BankReceiptCommand {
  constructor(readonly caseNo: string, readonly command: PayFee | RefundFee, readonly meta: CommandMeta) {}
}

/**
 * The case is asked first whether it takes the payment or refund (a refusal writes nothing);
 * then the receipt is claimed for it on its own stream (a receipt is used once across the
 * center, for one case's payment or one refund: the store makes the claim unique), then the
 * case records it. A crash between the last two leaves the claim and the case without it; the
 * bank's retry finds the claim already made for this case and purpose and records it.
 */
@CommandHandler(BankReceiptCommand)
export class BankReceiptHandler implements ICommandHandler<BankReceiptCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly commandBus: CommandBus, private readonly reference: ReferenceData) {}

  async execute({ caseNo, command, meta }: BankReceiptCommand): Promise<CommandResponse> {
    const reference = await this.reference.current();
    await this.commands.refusalOf(caseDecider, caseStreamId(caseNo), command, reference.caseContext(meta.now));
    const { bankReceiptNo, amountFen } = command.data;
    const claim = {
      type: 'ClaimBankReceipt' as const,
      data: { receiptNo: bankReceiptNo, caseNo, amountFen, ...(command.type === 'RefundFee' ? { purpose: 'refund' as const } : {}) },
    };
    // The Idempotency-Key belongs to the payment or refund as a whole: the claim is idempotent by itself.
    await this.commands.handle(bankReceiptDecider, bankReceiptStreamId(bankReceiptNo), claim, { ...meta, idempotency: undefined }, {
      respond: () => ({ status: 200, body: null }),
    });
    return this.commandBus.execute(new CaseActionCommand(caseNo, () => command, meta));
  }
}
