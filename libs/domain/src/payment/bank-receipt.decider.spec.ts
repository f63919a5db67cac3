import { bankReceiptDecider, BankReceiptClaimed } from './bank-receipt.decider';

const NOW = '2026-04-07T02:00:00.000Z';
const claim = (caseNo: string) => ({ type: 'ClaimBankReceipt' as const, data: { receiptNo: 'NT-330100-0001', caseNo, amountFen: 9000 } });
const claimed: BankReceiptClaimed = { type: 'BankReceiptClaimed', data: { ...claim('ZRZY-20260407-00001').data, at: NOW } };
const after = (events: BankReceiptClaimed[]) => events.reduce(bankReceiptDecider.evolve, bankReceiptDecider.initialState());

describe('a bank receipt pays one case', () => {
  it('given a receipt never seen, when the bank notifies it for a case, then it is claimed for that case', () => {
    expect(bankReceiptDecider.decide(claim('ZRZY-20260407-00001'), after([]), { now: NOW })).toEqual([claimed]);
  });

  it('given a receipt claimed for a case, when the same notification comes again, then nothing is recorded', () => {
    expect(bankReceiptDecider.decide(claim('ZRZY-20260407-00001'), after([claimed]), { now: NOW })).toEqual([]);
  });

  it('given a receipt claimed for a case, when another case names it, then it is refused', () => {
    expect(() => bankReceiptDecider.decide(claim('ZRZY-20260407-00002'), after([claimed]), { now: NOW }))
      .toThrow(expect.objectContaining({ code: 'FEE.RECEIPT_ALREADY_USED', rule: 'BankReceiptIsUsedOnce', kind: 'conflict' }));
  });

  const refund = (caseNo: string) => ({ type: 'ClaimBankReceipt' as const, data: { ...claim(caseNo).data, purpose: 'refund' as const } });

  it('given a receipt that paid a case, when a refund of that same case names it, then it is refused (a refund has a receipt of its own)', () => {
    expect(() => bankReceiptDecider.decide(refund('ZRZY-20260407-00001'), after([claimed]), { now: NOW }))
      .toThrow(expect.objectContaining({ code: 'FEE.RECEIPT_ALREADY_USED', kind: 'conflict' }));
  });

  it('given a receipt claimed for a refund, when the same refund comes again, then nothing is recorded; when another case or a payment names it, it is refused', () => {
    const refunded = after(bankReceiptDecider.decide(refund('ZRZY-20260407-00001'), after([]), { now: NOW }));
    expect(bankReceiptDecider.decide(refund('ZRZY-20260407-00001'), refunded, { now: NOW })).toEqual([]);
    expect(() => bankReceiptDecider.decide(refund('ZRZY-20260407-00002'), refunded, { now: NOW })).toThrow(expect.objectContaining({ code: 'FEE.RECEIPT_ALREADY_USED' }));
    expect(() => bankReceiptDecider.decide(claim('ZRZY-20260407-00001'), refunded, { now: NOW })).toThrow(expect.objectContaining({ code: 'FEE.RECEIPT_ALREADY_USED' }));
  });
});
