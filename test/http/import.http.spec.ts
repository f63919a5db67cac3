import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/** Migrating from a legacy system: whole histories at their own times, under the same rules. */
describe('POST /api/import/cases', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-11-26T02:00:00.000Z' });
  });

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  const history = (overrides: Record<string, unknown> = {}) => ({
    itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '钱七' }, materials: ['申请书'],
    receivedAt: '2012-04-05T01:00:00Z', // Thursday, after the 2012 Qingming holiday (04-02..04)
    steps: [
      { action: 'assess-fee', at: '2012-04-05T02:00:00Z', fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] },
      { action: 'pay-fee', at: '2012-04-05T03:00:00Z', amountFen: 8000, method: 'bank-counter', bankReceiptNo: 'OLD-1' },
      { action: 'complete', at: '2012-04-09T08:00:00+08:00', outcome: 'approved', decision: '准予登记' },
      { action: 'rate', at: '2012-04-09T09:00:00+08:00', level: 'very-satisfied' },
    ],
    ...overrides,
  });

  it('imports a whole history at its own timestamps, numbered by its day of receipt, and it counts in reports', async () => {
    const response = await engine.request('POST', '/api/import/cases', { cases: [history()] });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ imported: 1, rejected: 0, results: [{ index: 0, status: 'imported', caseNo: 'ZRZY-20120405-00001', events: 5 }] });
    const view = (await engine.request('GET', '/api/cases/ZRZY-20120405-00001')).body;
    // Due 5 working days after 04-05: 04-06, 09, 10, 11, 12. Completed 04-09: two working days.
    expect(view).toMatchObject({ status: 'completed', dueDate: '2012-04-12', rating: 'very-satisfied' });
    expect(view.history[3]).toMatchObject({ type: 'CaseCompleted', occurredAt: '2012-04-09T00:00:00.000Z', data: { workingDaysTaken: 2, early: true } });
    const report = (await engine.request('GET', '/api/reports/center?from=2012-04-03&to=2012-04-17')).body.center;
    expect(report).toMatchObject({ received: 1, completed: 1, promisedCompleted: 1, completedEarly: 1, feesCollected: 8000, satisfactionRate: 1 });
  });

  it('rejects a history that breaks a rule, whole, naming the step; the others still land', async () => {
    const head = await engine.store.headPosition();
    const broken = history({ steps: [{ action: 'complete', at: '2012-04-06T01:00:00Z', outcome: 'approved', decision: 'x' },
      { action: 'pay-fee', at: '2012-04-06T02:00:00Z', amountFen: 100, method: 'cash', bankReceiptNo: 'X' }] });
    const outOfOrder = history({ steps: [{ action: 'withdraw', at: '2012-04-01T00:00:00Z', reason: '撤回' }] });
    const response = await engine.request('POST', '/api/import/cases', { cases: [broken, history({ caseNo: 'ZRZY-20120405-00077' }), outOfOrder] });
    expect(response.body.results).toEqual([
      { index: 0, status: 'rejected', code: 'CASE.ALREADY_COMPLETED', message: expect.any(String), step: 1 },
      { index: 1, status: 'imported', caseNo: 'ZRZY-20120405-00077', events: 5 },
      { index: 2, status: 'rejected', code: 'CASE.TIME_BEFORE_LAST_EVENT', message: expect.any(String), step: 0 },
    ]);
    expect(await engine.store.headPosition()).toBe(head + 5);
    const again = await engine.request('POST', '/api/import/cases', { cases: [history({ caseNo: 'ZRZY-20120405-00077' })] });
    expect(again.body.results[0]).toMatchObject({ status: 'rejected', code: 'CASE.ALREADY_EXISTS' });
  });
});
