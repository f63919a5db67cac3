import { Decider, DecisionContext, DomainEvent, rule } from '../shared';

/**
 * A bank receipt (非税收入 collection) is used once, across the center: for one case's payment,
 * or for one refund (退费). The bank's notification is recorded on the receipt's own stream
 * before the case is marked paid or refunded, and any other use of the same receipt number —
 * another case, or a refund naming a payment's receipt — is refused. The same notification
 * sent again (a bank's retry) records nothing.
 */
export type BankReceiptPurpose = 'payment' | 'refund';

export type ClaimBankReceipt = {
  readonly type: 'ClaimBankReceipt';
  /** `purpose`: absent on the claims recorded before refunds were claimed, all payments. */
  readonly data: { readonly receiptNo: string; readonly caseNo: string; readonly amountFen: number; readonly purpose?: BankReceiptPurpose };
};
export type BankReceiptClaimed = DomainEvent<'BankReceiptClaimed', ClaimBankReceipt['data'] & { readonly at: string }>;

export type BankReceiptState =
  | { readonly status: 'none' }
  | { readonly status: 'claimed'; readonly caseNo: string; readonly purpose: BankReceiptPurpose };

export const bankReceiptStreamId = (receiptNo: string): string => `bank-receipt-${receiptNo}`;

export function decideBankReceipt(command: ClaimBankReceipt, state: BankReceiptState, now: string): BankReceiptClaimed[] {
  if (state.status === 'claimed') {
    const purpose = command.data.purpose ?? 'payment';
    rule('BankReceiptIsUsedOnce', 'FEE.RECEIPT_ALREADY_USED', 'conflict', state.caseNo === command.data.caseNo && state.purpose === purpose,
      `bank receipt ${command.data.receiptNo} was already used for the ${state.purpose} of case ${state.caseNo}`,
      { receiptNo: command.data.receiptNo });
    return [];
  }
  return [{ type: 'BankReceiptClaimed', data: { ...command.data, at: now } }];
}

export function evolveBankReceipt(state: BankReceiptState, event: BankReceiptClaimed): BankReceiptState {
  return state.status === 'none' ? { status: 'claimed', caseNo: event.data.caseNo, purpose: event.data.purpose ?? 'payment' } : state;
}

export const bankReceiptDecider: Decider<ClaimBankReceipt, BankReceiptState, BankReceiptClaimed, DecisionContext> = {
  initialState: () => ({ status: 'none' }), evolve: evolveBankReceipt, decide: (command, state, context) => decideBankReceipt(command, state, context.now),
};
