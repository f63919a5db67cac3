import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { FeeCatalogState, ItemVersion } from '../catalog';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { CaseCommand } from './case.commands';
import { decideCase } from './case.decider';
import { CaseEvent } from './case.events';
import { evolveCase, initialCaseState } from './case.evolve';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });
const at = (instant: string) => ({ now: instant, calendar });

const item: ItemVersion = {
  code: 'SCJG-001', version: 1, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '食品安全法',
  materials: ['申请书'], procedure: ['受理', '审查', '决定'], legalLimitDays: 20, promisedLimitDays: 5,
  specialProcedures: [], fees: [{ feeCode: 'F-001', amountFen: 5000 }, { feeCode: 'F-002', amountFen: 2000 }],
};
const feeCatalog: FeeCatalogState = {
  entries: new Map([
    ['F-001', { code: 'F-001', name: '登记费', basis: '国家收费目录', level: 'national' as const, standardAmountFen: 5000 }],
    ['F-002', { code: 'F-002', name: '工本费', basis: '国家收费目录', level: 'national' as const, standardAmountFen: 2000 }],
  ]),
};
const ACCEPTED = '2026-04-07T02:00:00.000Z';
const LATER = '2026-04-08T02:00:00.000Z';
const receive: CaseCommand = {
  type: 'ReceiveCase',
  data: {
    caseNo: 'SCJG-20260407-00001', itemCode: item.code, item: { status: 'published', current: item }, applicant: sealedApplicant('张三'),
    channel: 'window', windowId: 'w1', window: { id: 'w1', name: '市场监管窗口', departmentId: 'scjg', comprehensive: true },
    subCenterId: null, subCenter: null, staffId: null, materials: ['申请书'],
  },
};

function history(...commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), at(ACCEPTED)));
  return events;
}

const basis = '《小微企业免征行政事业性收费的通知》';
const reduced = (fees: { feeCode: string; amountFen: number }[]): CaseCommand =>
  ({ type: 'AssessReducedFee', data: { fees, feeCatalog, legalBasis: basis, approvedBy: 'head-scjg' } });
const assess: CaseCommand = { type: 'AssessFee', data: { fees: [{ feeCode: 'F-001', amountFen: 5000 }], feeCatalog } };
const pay = (amountFen: number): CaseCommand => ({ type: 'PayFee', data: { amountFen, method: 'bank-transfer', bankReceiptNo: 'ICBC-1' } });
const refund = (amountFen: number, bankReceiptNo = 'ICBC-R-1'): CaseCommand => ({ type: 'RefundFee', data: { amountFen, bankReceiptNo, reason: '申请人撤回，退还已缴费用' } });

describe('a lawful reduction or exemption (减免)', () => {
  it('records the fees below the standard with their legal basis and approver, then the assessment at the reduced amounts', () => {
    spec.given(history(receive)).when(reduced([{ feeCode: 'F-001', amountFen: 2500 }, { feeCode: 'F-002', amountFen: 2000 }]), at(LATER)).thenMatch([
      { type: 'FeeReduced', data: { legalBasis: basis, approvedBy: 'head-scjg', reductions: [
        { feeCode: 'F-001', standardAmountFen: 5000, amountFen: 2500 }, { feeCode: 'F-002', standardAmountFen: 2000, amountFen: 2000 }] } },
      { type: 'FeeAssessed', data: { totalFen: 4500 } },
    ]);
  });

  it('is never a fee above the standard, nor one outside the catalog or the item, nor a reduction of nothing', () => {
    spec.given(history(receive)).when(reduced([{ feeCode: 'F-001', amountFen: 5001 }]), at(LATER)).thenThrows('FEE.ABOVE_STANDARD_AMOUNT');
    spec.given(history(receive)).when(reduced([{ feeCode: 'F-009', amountFen: 0 }]), at(LATER)).thenThrows('FEE.NOT_ON_ITEM');
    spec.given(history(receive)).when(reduced([{ feeCode: 'F-001', amountFen: 5000 }]), at(LATER)).thenThrows('FEE.NOTHING_REDUCED');
    spec.given(history(receive, assess)).when(reduced([{ feeCode: 'F-001', amountFen: 0 }]), at(LATER)).thenThrows('CASE.FEE_ALREADY_ASSESSED');
  });

  it('lets a case exempted of every fee be approved without a payment', () => {
    const exempted = history(receive, reduced([{ feeCode: 'F-001', amountFen: 0 }]));
    spec.given(exempted).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, at(LATER)).thenMatch([{ type: 'CaseCompleted' }]);
    spec.given(history(receive, reduced([{ feeCode: 'F-001', amountFen: 100 }])))
      .when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, at(LATER)).thenThrows('CASE.FEES_UNPAID');
  });
});

describe('a refund of a paid fee (退费)', () => {
  it('is recorded with the bank\'s receipt and the reason, also after the case ended', () => {
    const withdrawn = history(receive, assess, pay(5000), { type: 'WithdrawCase', data: { reason: '申请人撤回' } });
    spec.given(withdrawn).when(refund(5000), at(LATER)).thenMatch([
      { type: 'FeeRefunded', data: { amountFen: 5000, bankReceiptNo: 'ICBC-R-1', reason: '申请人撤回，退还已缴费用' } },
    ]);
  });

  it('returns at most what was paid, in one refund or several, and nothing of an unpaid fee', () => {
    spec.given(history(receive, assess)).when(refund(100), at(LATER)).thenThrows('CASE.FEE_NOT_PAID');
    spec.given(history(receive, assess, pay(5000))).when(refund(5001), at(LATER)).thenThrows('FEE.REFUND_EXCEEDS_PAYMENT');
    spec.given(history(receive, assess, pay(5000), refund(3000))).when(refund(2001, 'ICBC-R-2'), at(LATER)).thenThrows('FEE.REFUND_EXCEEDS_PAYMENT');
    spec.given(history(receive, assess, pay(5000), refund(3000))).when(refund(2000, 'ICBC-R-2'), at(LATER)).thenMatch([{ type: 'FeeRefunded' }]);
  });

  it('records a refund the bank notifies again, under the same receipt, once', () => {
    spec.given(history(receive, assess, pay(5000), refund(3000))).when(refund(3000), at(LATER)).then([]);
  });
});
