import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/**
 * Two weeks of a county hall, 2026-09-28 (Mon) to 2026-10-11 (Sun), driven through the
 * HTTP API on a simulated clock: the National Day holiday (10-01..07), the make-up working
 * Saturday 10-10, suspensions across both, special handling, fees through the bank,
 * ratings, a withdrawal, a refusal of acceptance, cases still open at the end. Every
 * figure of the report is then checked against values worked out by hand below.
 */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('a two-week period through HTTP', () => {
  let engine: TestEngine;
  const cases: Record<string, string> = {};

  async function at(local: string, method: 'POST' | 'GET', url: string, body?: unknown) {
    engine.clock.set(sh(local));
    const response = await engine.request(method, url, body);
    if (response.status >= 300) throw new Error(`${method} ${url} at ${local}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function receive(name: string, local: string, body: Record<string, unknown>) {
    const receipt = await at(local, 'POST', '/api/cases', { applicant: { kind: 'person', name }, materials: ['申请书'], ...body });
    cases[name] = receipt.caseNo;
    return receipt;
  }

  const step = (name: string, local: string, action: string, body?: unknown) => at(local, 'POST', `/api/cases/${cases[name]}/${action}`, body);
  const approve = { outcome: 'approved', decision: '准予许可' };
  const scjgWindow = { channel: 'window', windowId: 'w-scjg' };

  beforeAll(async () => {
    engine = await startEngine({ now: sh('2026-09-20 08:00') });

    // K: received before the period; its fee, paid inside it, still counts in fees collected.
    await receive('K', '2026-09-24 10:00', { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy' });
    await step('K', '2026-09-24 11:00', 'assess-fee', { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] });
    await step('K', '2026-09-28 09:10', 'pay-fee', { amountFen: 9000, method: 'bank-counter', bankReceiptNo: 'K-1' });
    await step('K', '2026-09-28 09:20', 'complete', approve);

    // A: immediate, done in an hour, rated very satisfied.
    expect((await receive('A', '2026-09-28 09:00', { itemCode: 'SCJG-001', ...scjgWindow })).dueDate).toBe('2026-09-28');
    await step('A', '2026-09-28 10:00', 'complete', approve);
    await step('A', '2026-09-28 10:05', 'rate', { level: 'very-satisfied' });

    // M: promised 3 days, due 10-08 (the holiday skipped), completed 10-09: late by one working day.
    expect((await receive('M', '2026-09-28 09:30', { itemCode: 'SCJG-003', ...scjgWindow })).dueDate).toBe('2026-10-08');

    // C: promised 3 days, due 10-08, completed 09-30: early, 2 working days.
    expect((await receive('C', '2026-09-28 10:00', { itemCode: 'SCJG-003', ...scjgWindow })).dueDate).toBe('2026-10-08');
    await step('C', '2026-09-30 16:00', 'complete', approve);
    await step('C', '2026-09-30 16:10', 'rate', { level: 'satisfied' });

    // E: promised 5 days, due 10-10 (the make-up Saturday), never completed: overdue at the end.
    expect((await receive('E', '2026-09-28 11:00', { itemCode: 'ZJJ-001', channel: 'window', windowId: 'w-zjj' })).dueDate).toBe('2026-10-10');

    // G: needs a site inspection, so outside the 5-working-day goal; due 10-16, done 10-09.
    expect((await receive('G', '2026-09-28 14:00', { itemCode: 'SCJG-002', ...scjgWindow })).dueDate).toBe('2026-10-16');

    // J: refused acceptance (不予受理): not counted as received.
    await receive('J', '2026-09-28 15:00', { itemCode: 'SCJG-003', ...scjgWindow });
    await step('J', '2026-09-28 16:00', 'not-accept', { reason: '不属于本机关职权范围' });

    // D: promised 5 days with fees; suspended 09-29 for expert review, resumed on the make-up
    // Saturday 10-10: (09-29, 10-10] holds 09-30, 10-08, 10-09, 10-10 = 4 suspended working days,
    // so due moves from 10-12 to the 9th working day after 09-29 = 10-16. Completed 10-10: 0 days charged.
    expect((await receive('D', '2026-09-29 09:00', { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy' })).dueDate).toBe('2026-10-12');
    await step('D', '2026-09-29 10:00', 'assess-fee', { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] });
    await step('D', '2026-09-29 11:00', 'pay-fee', { amountFen: 9000, method: 'bank-transfer', bankReceiptNo: 'D-1' });
    await step('D', '2026-09-29 15:00', 'suspend', { reason: 'expert-review' });
    const resumed = await step('D', '2026-10-10 10:00', 'resume');
    expect(resumed).toMatchObject({ dueDate: '2026-10-16', suspendedWorkingDays: 4 });
    await step('D', '2026-10-10 15:00', 'complete', approve);
    await step('D', '2026-10-10 15:30', 'rate', { level: 'dissatisfied' });

    // L: materials requested at once on 09-29, supplied 10-08: 2 suspended days, due 10-09 → 10-12,
    // completed 10-12, after the period: pending at its end, and not overdue.
    await receive('L', '2026-09-29 09:00', { itemCode: 'SCJG-003', ...scjgWindow });
    await step('L', '2026-09-29 10:00', 'request-materials', { materials: ['营业执照副本', '章程修正案'] });
    expect(await step('L', '2026-10-08 09:00', 'supply-materials', { materials: ['营业执照副本', '章程修正案'] })).toMatchObject({ dueDate: '2026-10-12' });

    // F: special handling (特事特办) brings the due date from 10-13 to 10-09; completed on it: on time, not early.
    await receive('F', '2026-09-30 09:00', { itemCode: 'ZJJ-001', channel: 'window', windowId: 'w-zjj' });
    expect(await step('F', '2026-09-30 10:00', 'escalate', { limitDays: 2, approver: '分管副县长', reason: '县重点项目' })).toMatchObject({ dueDate: '2026-10-09' });

    // H: immediate at the traffic-police sub-center, fee paid at the bank.
    await receive('H', '2026-10-08 09:00', { itemCode: 'GA-002', channel: 'sub-center', subCenterId: 'jj' });
    await step('H', '2026-10-08 09:30', 'assess-fee', { fees: [{ feeCode: 'F-JSZ-GBF', amountFen: 1000 }] });
    await step('H', '2026-10-08 10:00', 'pay-fee', { amountFen: 1000, method: 'bank-counter', bankReceiptNo: 'H-1' });
    await step('H', '2026-10-08 11:00', 'complete', approve);

    // I: online, withdrawn by the applicant.
    await receive('I', '2026-10-08 10:00', { itemCode: 'YB-001', channel: 'online' });
    await step('I', '2026-10-09 09:00', 'withdraw', { reason: '申请人撤回' });

    await step('F', '2026-10-09 16:00', 'complete', approve);
    await step('G', '2026-10-09 16:30', 'complete', approve);
    await step('M', '2026-10-09 10:00', 'complete', approve);

    // B: immediate, received online on Sunday 10-11: due the next working day, still open.
    expect((await receive('B', '2026-10-11 10:00', { itemCode: 'SCJG-001', channel: 'online' })).dueDate).toBe('2026-10-12');

    await step('L', '2026-10-12 10:00', 'complete', approve);
    engine.clock.set(sh('2026-10-13 09:00'));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('computes every figure of the center report', async () => {
    const report = await at('2026-10-13 09:00', 'GET', '/api/reports/center?from=2026-09-28&to=2026-10-11');
    // Cohort: received 09-28..10-11, not refused: A B C D E F G H I L M = 11 (J refused, K earlier).
    // Completed by 10-11 end: A C D F G H M = 7. Immediate: A B H. Promised: C D E F G I L M.
    // Promised completed: C D F G M = 5; early among them: C D G = 3 (F on its due day, M late).
    // Pending: 11 - 7 - 1 withdrawn (I) = 3 (B E L). Overdue: M (late) + E (open past 10-10) = 2.
    // 5-day cohort (promised, no special procedure, completed): C 2, D 0, F 2, M 4 working days.
    // Rated: A very satisfied, C satisfied, D dissatisfied. Fees paid in the period: K 9000 + D 9000 + H 1000.
    expect(report.center).toEqual({
      received: 11,
      completed: 7,
      completionRate: round4(7 / 11),
      immediate: 3,
      immediateShare: round4(3 / 11),
      promised: 8,
      promisedShare: round4(8 / 11),
      promisedCompleted: 5,
      promisedCompletionRate: round4(5 / 8),
      completedEarly: 3,
      earlyCompletionRate: round4(3 / 5),
      pending: 3,
      pendingShare: round4(3 / 11),
      withdrawn: 1,
      notAccepted: 1,
      special: 1,
      overdue: 2,
      withinFiveWorkingDaysRate: 1,
      // E, open at the end and past its 5th working day, lowers the second figure: 4 of 5.
      openBeyondFiveWorkingDays: 1,
      withinFiveWorkingDaysRateIncludingOpenLate: 0.8,
      averageWorkingDays: (2 + 0 + 2 + 4) / 4,
      rated: 3,
      satisfactionRate: round4(2 / 3),
      feesCollected: 9000 + 9000 + 1000,
    });
    const byDepartment = Object.fromEntries(report.departments.map((d: { departmentId: string; received: number }) => [d.departmentId, d]));
    expect(byDepartment.scjg).toMatchObject({ received: 6, completed: 4, notAccepted: 1, overdue: 1, pending: 2 });
    expect(byDepartment.zjj).toMatchObject({ received: 2, completed: 1, special: 1, overdue: 1 });
    expect(byDepartment.zrzy).toMatchObject({ received: 1, completed: 1, feesCollected: 18000 });
    expect(byDepartment.ga).toMatchObject({ received: 1, immediate: 1, feesCollected: 1000 });
    expect(byDepartment.yb).toMatchObject({ received: 1, withdrawn: 1, pending: 0 });
  });

  it('gives a window and a department their own figures', async () => {
    const window = await at('2026-10-13 09:00', 'GET', '/api/windows/w-scjg/stats?from=2026-09-28&to=2026-10-11');
    expect(window).toMatchObject({ windowId: 'w-scjg', received: 5, completed: 4, immediate: 1, overdue: 1 }); // A C G L M (B online)
    const department = await at('2026-10-13 09:00', 'GET', '/api/departments/zjj/stats?from=2026-09-28&to=2026-10-11');
    expect(department).toMatchObject({ departmentId: 'zjj', received: 2, special: 1, promisedCompleted: 1, completedEarly: 0 });
  });

  it('lists what is still open, the one falling due first at the top', async () => {
    const open = await at('2026-10-13 09:00', 'GET', '/api/departments/scjg/open-cases');
    expect(open.map((c: { caseNo: string }) => c.caseNo)).toEqual([cases.B]);
    const zjj = await at('2026-10-13 09:00', 'GET', '/api/departments/zjj/open-cases');
    expect(zjj).toEqual([expect.objectContaining({ caseNo: cases.E, dueDate: '2026-10-10', overdue: true })]);
  });

  it('gives the same rows after a rebuild from zero', async () => {
    const before = await at('2026-10-13 09:00', 'GET', '/api/reports/center?from=2026-09-28&to=2026-10-11');
    const { Projector } = await import('@gov/projections');
    const projector = engine.app.get(Projector);
    await projector.stop();
    await projector.reset();
    await projector.start();
    const after = await at('2026-10-13 09:00', 'GET', '/api/reports/center?from=2026-09-28&to=2026-10-11');
    expect(after).toEqual(before);
  });
});
