import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const landTransfer = {
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', staffId: 'staff-1',
  applicant: { kind: 'person', name: '李四', idNumber: '330102199001011234' }, materials: ['申请书', '不动产权证书'],
};

describe('cases over HTTP', () => {
  let engine: TestEngine;

  beforeEach(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' }); // Tue 09:00 Shanghai, after Qingming
  });

  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('receives a case: 201 with its number and due time, and the event in the store', async () => {
    const response = await engine.request('POST', '/api/cases', landTransfer);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      caseNo: 'ZRZY-20260407-00001', category: 'promised', acceptedDate: '2026-04-07', limitDays: 5,
      dueDate: '2026-04-14', dueAt: '2026-04-14T15:59:59.999Z', queryCode: expect.stringMatching(/^[0-9A-Z]{8}$/),
    });
    const stream = await engine.store.readStream('case-ZRZY-20260407-00001');
    expect(stream.map((e) => e.type)).toEqual(['CaseReceived']);
    expect(stream[0].metadata.occurredAt).toBe('2026-04-07T01:00:00.000Z');
    const second = await engine.request('POST', '/api/cases', landTransfer);
    expect(second.body.caseNo).toBe('ZRZY-20260407-00002');
  });

  it('walks a case through fees and completion, then shows its state and history', async () => {
    const { body: { caseNo } } = await engine.request('POST', '/api/cases', landTransfer);
    const step = (action: string, body?: unknown) => engine.request('POST', `/api/cases/${caseNo}/${action}`, body);
    expect((await step('assess-fee', { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] })).status).toBe(200);
    const cash = await step('pay-fee', { amountFen: 9000, method: 'cash', bankReceiptNo: 'X' });
    expect(cash.status).toBe(422);
    expect(cash.body.code).toBe('FEE.CASH_REFUSED');
    const unpaid = await step('complete', { outcome: 'approved', decision: '准予登记' });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body).toMatchObject({ code: 'CASE.FEES_UNPAID', rule: 'ApprovalNeedsPaidFees' });
    expect((await step('pay-fee', { amountFen: 9000, method: 'bank-counter', bankReceiptNo: 'ICBC-1' })).body.feePaid).toBe(true);
    engine.clock.set('2026-04-09T03:00:00.000Z');
    const completed = await step('complete', { outcome: 'approved', decision: '准予登记' });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('completed');
    const again = await step('complete', { outcome: 'approved', decision: '准予登记' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE.ALREADY_COMPLETED');
    const view = await engine.request('GET', `/api/cases/${caseNo}`);
    expect(view.status).toBe(200);
    expect(view.body.history.map((e: { type: string }) => e.type)).toEqual(['CaseReceived', 'FeeAssessed', 'FeePaid', 'CaseCompleted']);
    expect(view.body.history[3].data).toMatchObject({ workingDaysTaken: 2, early: true, late: false });
  });

  it('answers 404 for an unknown case and 400 for a malformed case number', async () => {
    const missing = await engine.request('POST', '/api/cases/ZRZY-20260407-09999/resume');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CASE.NOT_FOUND');
    expect((await engine.request('GET', '/api/cases/ZRZY-20260407-09999')).status).toBe(404);
    const malformed = await engine.request('GET', '/api/cases/not-a-case');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'caseNo', reason: 'must look like SCJG-20260403-00001' }]);
  });

  it('names every bad field with a 400 and writes nothing', async () => {
    const head = await engine.store.headPosition();
    const response = await engine.request('POST', '/api/cases', { ...landTransfer, channel: 'fax', applicant: { kind: 'person' }, color: 'red' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION.FAILED');
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['channel', 'applicant.name', 'color']));
    expect(await engine.store.headPosition()).toBe(head);
  });

  it('refuses a window of another department with the rule code', async () => {
    const response = await engine.request('POST', '/api/cases', { ...landTransfer, windowId: 'w-scjg' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('CASE.WRONG_WINDOW');
  });

  it('returns the first answer to a retried command with the same Idempotency-Key, even after a restart', async () => {
    const headers = { 'idempotency-key': 'receive-0001-abc' };
    const first = await engine.request('POST', '/api/cases', landTransfer, headers);
    const retry = await engine.request('POST', '/api/cases', landTransfer, headers);
    expect(retry).toEqual(first);
    const reused = await engine.request('POST', '/api/cases', { ...landTransfer, materials: ['x'] }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    await engine.close();
    engine = await startEngine({ dataDir: engine.dataDir, now: '2026-04-08T01:00:00.000Z' });
    const afterRestart = await engine.request('POST', '/api/cases', landTransfer, headers);
    expect(afterRestart).toEqual(first);
    expect(await engine.store.readStream('case-ZRZY-20260407-00002')).toEqual([]);
    const fresh = await engine.request('POST', '/api/cases', landTransfer);
    expect(fresh.body.caseNo).toBe('ZRZY-20260408-00001');
  });

  it('continues the day\'s numbering after a restart', async () => {
    for (let i = 0; i < 3; i += 1) await engine.request('POST', '/api/cases', landTransfer);
    await engine.close();
    engine = await startEngine({ dataDir: engine.dataDir, now: '2026-04-07T02:00:00.000Z' });
    expect((await engine.request('POST', '/api/cases', landTransfer)).body.caseNo).toBe('ZRZY-20260407-00004');
  });

  it('gives concurrent receipts distinct numbers', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => engine.request('POST', '/api/cases', landTransfer)));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.caseNo)).size).toBe(20);
  });

  it('serialises concurrent steps on one case: exactly one completion wins', async () => {
    const { body: { caseNo } } = await engine.request('POST', '/api/cases', { ...landTransfer, itemCode: 'SCJG-003', windowId: 'w-scjg' });
    const attempts = await Promise.all(Array.from({ length: 5 }, () =>
      engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: 'ok' })));
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409).every((r) => r.body.code === 'CASE.ALREADY_COMPLETED')).toBe(true);
    const stream = await engine.store.readStream(`case-${caseNo}`);
    expect(stream.filter((e) => e.type === 'CaseCompleted')).toHaveLength(1);
  });
});
