import type { Principal } from '../../apps/engine/src/auth/roles';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const landTransfer = {
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy',
  applicant: { kind: 'person', name: '李四', idNumber: '330102199001011234' }, materials: ['申请书', '不动产权证书'],
};
const HEAD: Principal = { subject: 'head-zrzy-wang', role: 'department-head', departmentId: 'zrzy' };
const OTHER_HEAD: Principal = { subject: 'head-scjg-li', role: 'department-head', departmentId: 'scjg' };
const BANK: Principal = { subject: 'icbc-collection', role: 'bank' };
const CLERK: Principal = { subject: 'staff-1', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
const basis = '《财政部 国家发展改革委关于对小微企业免征有关行政事业性收费的通知》';

/** 减免 and 退费 over HTTP: recorded with who approved and on which basis, or under the bank's receipt. */
describe('fee reductions and refunds', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' });
  });
  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });
  const as = async (principal: Principal) => ({ authorization: await engine.authorization(principal) });
  const post = async (caseNo: string, action: string, body: unknown, principal: Principal) =>
    engine.request('POST', `/api/cases/${caseNo}/${action}`, body, await as(principal));
  const reduced = { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 4000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }], legalBasis: basis };

  it('records a fee below the standard with its legal basis and the head who approved it; the bank collects the reduced total', async () => {
    const { caseNo } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    const answer = await post(caseNo, 'assess-reduced-fee', reduced, HEAD);
    expect(answer.status).toBe(200);
    const events = await engine.store.readStream(`case-${caseNo}`);
    expect(events.map((event) => event.type)).toEqual(['CaseReceived', 'FeeReduced', 'FeeAssessed']);
    expect(events[1].data).toEqual(expect.objectContaining({ legalBasis: basis, approvedBy: 'head-zrzy-wang',
      reductions: [{ feeCode: 'F-BDC-ZZ', standardAmountFen: 8000, amountFen: 4000 }, { feeCode: 'F-BDC-GBF', standardAmountFen: 1000, amountFen: 1000 }] }));
    expect((await engine.request('GET', `/api/cases/${caseNo}/payment-notice`, undefined, await as(BANK))).body.totalFen).toBe(5000);
    expect((await post(caseNo, 'pay-fee', { amountFen: 5000, method: 'bank-transfer', bankReceiptNo: 'ICBC-20260407-1' }, BANK)).status).toBe(200);
  });

  it('refuses a fee above the standard even so, and anyone but the head of the case\'s department, writing nothing', async () => {
    const { caseNo } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    const raised = await post(caseNo, 'assess-reduced-fee', { ...reduced, fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 9000 }] }, HEAD);
    expect(raised.body).toEqual(expect.objectContaining({ statusCode: 422, code: 'FEE.ABOVE_STANDARD_AMOUNT' }));
    expect((await post(caseNo, 'assess-reduced-fee', reduced, OTHER_HEAD)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await post(caseNo, 'assess-reduced-fee', reduced, CLERK)).body.code).toBe('AUTH.ROLE_FORBIDDEN');
    expect((await post(caseNo, 'assess-reduced-fee', { ...reduced, approvedBy: 'someone-else' }, HEAD)).status).toBe(400);
    expect((await engine.store.readStream(`case-${caseNo}`)).map((event) => event.type)).toEqual(['CaseReceived']);
  });

  it('records the bank\'s refund of a paid fee with its receipt and reason, after the case ended, never more than was paid', async () => {
    const { caseNo } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    expect((await post(caseNo, 'refund-fee', { amountFen: 100, bankReceiptNo: 'ICBC-R-1', reason: '多缴' }, BANK)).body.code).toBe('CASE.FEE_NOT_PAID');
    await engine.request('POST', `/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] });
    await post(caseNo, 'pay-fee', { amountFen: 9000, method: 'bank-transfer', bankReceiptNo: 'ICBC-20260407-2' }, BANK);
    await engine.request('POST', `/api/cases/${caseNo}/withdraw`, { reason: '申请人撤回' });
    const refund = { amountFen: 9000, bankReceiptNo: 'ICBC-R-2', reason: '申请人撤回申请，退还已缴费用' };
    expect((await post(caseNo, 'refund-fee', refund, CLERK)).body.code).toBe('AUTH.ROLE_FORBIDDEN');
    expect((await post(caseNo, 'refund-fee', refund, BANK)).status).toBe(200);
    expect((await post(caseNo, 'refund-fee', { ...refund, amountFen: 1, bankReceiptNo: 'ICBC-R-3' }, BANK)).body)
      .toEqual(expect.objectContaining({ statusCode: 422, code: 'FEE.REFUND_EXCEEDS_PAYMENT' }));
    const events = await engine.store.readStream(`case-${caseNo}`);
    expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'FeeRefunded', data: expect.objectContaining(refund) }));
  });

  it('takes a refund only under a receipt of its own, used once across the center; the bank notifying it again records it once', async () => {
    const paidCase = async (receiptNo: string) => {
      const { caseNo } = (await engine.request('POST', '/api/cases', landTransfer)).body;
      await engine.request('POST', `/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] });
      expect((await post(caseNo, 'pay-fee', { amountFen: 9000, method: 'bank-transfer', bankReceiptNo: receiptNo }, BANK)).status).toBe(200);
      return caseNo as string;
    };
    const first = await paidCase('ICBC-P-1');
    const second = await paidCase('ICBC-P-2');
    const refund = { amountFen: 1000, bankReceiptNo: 'ICBC-R-9', reason: '多缴工本费' };
    // The payment's own receipt is not a refund's.
    expect((await post(first, 'refund-fee', { ...refund, bankReceiptNo: 'ICBC-P-1' }, BANK)).body)
      .toEqual(expect.objectContaining({ statusCode: 409, code: 'FEE.RECEIPT_ALREADY_USED' }));
    expect((await post(first, 'refund-fee', refund, BANK)).status).toBe(200);
    expect((await post(first, 'refund-fee', refund, BANK)).status).toBe(200);
    expect((await post(second, 'refund-fee', refund, BANK)).body).toEqual(expect.objectContaining({ statusCode: 409, code: 'FEE.RECEIPT_ALREADY_USED' }));
    const { caseNo: unpaid } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    await engine.request('POST', `/api/cases/${unpaid}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] });
    expect((await post(unpaid, 'pay-fee', { amountFen: 9000, method: 'bank-transfer', bankReceiptNo: 'ICBC-R-9' }, BANK)).body.code).toBe('FEE.RECEIPT_ALREADY_USED');
    const refunds = async (caseNo: string) => (await engine.store.readStream(`case-${caseNo}`)).filter((event) => event.type === 'FeeRefunded');
    expect((await refunds(first)).map((event) => event.data)).toEqual([expect.objectContaining(refund)]);
    expect(await refunds(second)).toEqual([]);
  });
});
