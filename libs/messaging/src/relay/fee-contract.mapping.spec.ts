import type { CaseEvent } from '@gov/domain';
import { CaseEventTypes, parseCaseEventV1 } from '../contracts/case-events.v1';
import { caseEvents, DEPARTMENTS, toStoredEvents } from '../testing/case-stories';
import { caseFactsOf, PUBLISHED_CASE_EVENT_TYPES, toCaseIntegrationEvent } from './case-contract.mapping';

const [zrzy] = DEPARTMENTS;
const CASE = 'ZRZY-20260407-00001';
const ref = { caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001' };

/** A reduction approved by the head, the assessment, a payment, then a partial refund (internal events, as the decider records them). */
const fees: CaseEvent[] = [
  { type: 'FeeReduced', data: { at: '2026-04-07T02:00:00.000Z', legalBasis: '《减免办法》第五条，申请人王五为低保户', approvedBy: 'head-zrzy',
    reductions: [{ feeCode: 'F-01', standardAmountFen: 5000, amountFen: 2500 }, { feeCode: 'F-02', standardAmountFen: 1000, amountFen: 1000 }] } },
  { type: 'FeeAssessed', data: { at: '2026-04-07T02:00:00.000Z', fees: [{ feeCode: 'F-01', amountFen: 2500 }, { feeCode: 'F-02', amountFen: 1000 }], totalFen: 3500 } } as CaseEvent,
  { type: 'FeeRefunded', data: { at: '2026-04-09T03:00:00.000Z', amountFen: 1000, bankReceiptNo: 'BK-778899', reason: '王五重复缴费' } },
  { type: 'FeeReduced', data: { at: '2026-04-07T02:00:00.000Z', legalBasis: '免收', approvedBy: 'head-zrzy', reductions: [{ feeCode: 'F-01', standardAmountFen: 5000, amountFen: 0 }] } },
];

describe('fee events → public contract v1 (added types)', () => {
  const received = caseEvents(CASE, zrzy, 'completed-in-time')[0]!;
  const events = toStoredEvents(CASE, [received, ...fees]);
  const published = events.map((event) => toCaseIntegrationEvent(event, caseFactsOf(events[0]!.data as never)));

  it('publishes reductions and refunds; the assessment stays inside', () => {
    expect(published.map((event) => event?.type ?? null)).toEqual([
      CaseEventTypes.received, CaseEventTypes.feeReduced, null, CaseEventTypes.feeRefunded, CaseEventTypes.feeReduced,
    ]);
    expect(PUBLISHED_CASE_EVENT_TYPES.has('FeePaid')).toBe(false);
  });

  it('says each line at its standard and as charged, with the totals, who approved it, and a waiver as such', () => {
    expect(published[1]?.data).toEqual({
      ...ref, approvedBy: 'head-zrzy', reducedAt: '2026-04-07T02:00:00.000Z',
      reductions: [{ feeCode: 'F-01', standardAmountFen: 5000, amountFen: 2500 }, { feeCode: 'F-02', standardAmountFen: 1000, amountFen: 1000 }],
      standardTotalFen: 6000, totalFen: 3500, waived: false,
    });
    expect(published[3]?.data).toEqual({ ...ref, amountFen: 1000, refundedAt: '2026-04-09T03:00:00.000Z' });
    expect(published[4]?.data).toMatchObject({ standardTotalFen: 5000, totalFen: 0, waived: true });
    for (const event of published) if (event) expect(parseCaseEventV1(event)).toEqual({ type: event.type, data: event.data });
  });

  it('lets no legal basis, reason or bank receipt (free text, names) onto the bus', () => {
    const wire = JSON.stringify(published);
    for (const secret of ['王五', '减免办法', '免收', 'BK-778899', '重复缴费']) expect(wire).not.toContain(secret);
  });

  it('refuses a reduction line above its standard, and a negative refund', () => {
    const reduced = published[1]!;
    const raised = { ...reduced, data: { ...(reduced.data as object), reductions: [{ feeCode: 'F-01', standardAmountFen: 100, amountFen: 200 }] } };
    expect(() => parseCaseEventV1(raised)).toThrow(/reductions/);
    const refunded = published[3]!;
    expect(() => parseCaseEventV1({ ...refunded, data: { ...(refunded.data as object), amountFen: -5 } })).toThrow(/amountFen/);
  });
});
