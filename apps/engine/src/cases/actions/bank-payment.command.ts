import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { bankReceiptDecider, bankReceiptStreamId, caseDecider, caseStreamId, PayFee } from '@gov/domain';
import { ReferenceData } from '../../infrastructure/reference-data';
import type { CommandMeta, CommandResponse } from '../../write/command-meta';
import { Commands } from '../../write/commands';
import { CaseActionCommand } from './case-action.command';

/** The bank's collection system confirms a fee it collected for a case, under its receipt number. */
export class BankPaymentCommand {
  constructor(readonly caseNo: string, readonly payment: PayFee['data'], readonly meta: CommandMeta) {}
}

/**
 * The case is asked first whether it takes the payment (a refusal writes nothing); then the
 * receipt is claimed for the case on its own stream (one receipt, one case: the store makes the
 * claim unique), then the case is marked paid. A crash between the last two leaves the claim
 * and the case unpaid; the bank's retry finds the claim already made for this case and pays it.
 */
@CommandHandler(BankPaymentCommand)
export class BankPaymentHandler implements ICommandHandler<BankPaymentCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly commandBus: CommandBus, private readonly reference: ReferenceData) {}

  async execute({ caseNo, payment, meta }: BankPaymentCommand): Promise<CommandResponse> {
    const pay: PayFee = { type: 'PayFee', data: payment };
    const reference = await this.reference.current();
    await this.commands.refusalOf(caseDecider, caseStreamId(caseNo), pay, reference.caseContext(meta.now));
    const claim = { type: 'ClaimBankReceipt' as const, data: { receiptNo: payment.bankReceiptNo, caseNo, amountFen: payment.amountFen } };
    // The Idempotency-Key belongs to the payment as a whole: the claim is idempotent by itself.
    await this.commands.handle(bankReceiptDecider, bankReceiptStreamId(payment.bankReceiptNo), claim, { ...meta, idempotency: undefined }, {
      respond: () => ({ status: 200, body: null }),
    });
    return this.commandBus.execute(new CaseActionCommand(caseNo, () => pay, meta));
  }
}
