import { Decider, DecisionContext, DomainEvent, rule } from '../shared';

/**
 * A bank receipt (非税收入 collection) pays one case: the bank's notification is recorded on the
 * receipt's own stream before the case is marked paid, and a second case naming the same
 * receipt number is refused. The same notification sent again (a bank's retry) records nothing.
 */
export type ClaimBankReceipt = {
  readonly type: 'ClaimBankReceipt';
  readonly data: { readonly receiptNo: string; readonly caseNo: string; readonly amountFen: number };
};
export type BankReceiptClaimed = DomainEvent<'BankReceiptClaimed', ClaimBankReceipt['data'] & { readonly at: string }>;

export type BankReceiptState = { readonly status: 'none' } | { readonly status: 'claimed'; readonly caseNo: string };

export const bankReceiptStreamId = (receiptNo: string): string => `bank-receipt-${receiptNo}`;

export function decideBankReceipt(command: ClaimBankReceipt, state: BankReceiptState, now: string): BankReceiptClaimed[] {
  if (state.status === 'claimed') {
    rule('BankReceiptPaysOneCase', 'FEE.RECEIPT_ALREADY_USED', 'conflict', state.caseNo === command.data.caseNo,
      `bank receipt ${command.data.receiptNo} already paid case ${state.caseNo}`, { receiptNo: command.data.receiptNo });
    return [];
  }
  return [{ type: 'BankReceiptClaimed', data: { ...command.data, at: now } }];
}

export function evolveBankReceipt(state: BankReceiptState, event: BankReceiptClaimed): BankReceiptState {
  return state.status === 'none' ? { status: 'claimed', caseNo: event.data.caseNo } : state;
}

export const bankReceiptDecider: Decider<ClaimBankReceipt, BankReceiptState, BankReceiptClaimed, DecisionContext> = {
  initialState: () => ({ status: 'none' }), evolve: evolveBankReceipt, decide: (command, state, context) => decideBankReceipt(command, state, context.now),
};
