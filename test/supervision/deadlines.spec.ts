import { engineForEachTest, sh } from '../support/engine-per-test';

/** Deadlines on a simulated clock: the watcher is driven pass by pass, with no sleeps. */
const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };

describe('the deadline watcher', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));

  async function receive(body: Record<string, unknown> = landTransfer): Promise<string> {
    const response = await engine.request('POST', '/api/cases', body);
    expect(response.status).toBe(201);
    return response.body.caseNo;
  }

  /** The case's event types after a watcher pass at that Shanghai time (§32's AcceptanceDeemed left out unless asked for). */
  async function typesAt(local: string, caseNo: string, withDeemed = false): Promise<string[]> {
    engine.clock.set(sh(local));
    await engine.tick();
    return (await engine.store.readStream(`case-${caseNo}`)).map((e) => e.type).filter((t) => withDeemed || t !== 'AcceptanceDeemed');
  }

  it('gives a late case a yellow card on its last working day, then a red card, each once', async () => {
    const caseNo = await receive(); // due Tue 04-14 (04-07 not counted)
    expect(await typesAt('2026-04-13 23:59', caseNo)).toEqual(['CaseReceived']);
    expect((await engine.request('GET', '/api/supervision/warned')).body).toEqual([]);
    expect(await typesAt('2026-04-14 08:00', caseNo)).toEqual(['CaseReceived', 'CaseWarned']);
    expect(await typesAt('2026-04-14 23:00', caseNo)).toEqual(['CaseReceived', 'CaseWarned']);
    expect((await engine.request('GET', '/api/supervision/warned')).body).toEqual([expect.objectContaining({ caseNo, dueDate: '2026-04-14', departmentId: 'zrzy' })]);
    expect(await typesAt('2026-04-15 00:00', caseNo)).toEqual(['CaseReceived', 'CaseWarned', 'CaseOverdue']);
    // The red card takes the case off the yellow list.
    expect((await engine.request('GET', '/api/supervision/warned')).body).toEqual([]);
    expect(await typesAt('2026-04-20 09:00', caseNo)).toEqual(['CaseReceived', 'CaseWarned', 'CaseOverdue']);
    const overdue = await engine.request('GET', '/api/supervision/overdue');
    expect(overdue.body).toEqual([expect.objectContaining({ caseNo, dueDate: '2026-04-14', departmentId: 'zrzy' })]);
    engine.clock.set(sh('2026-04-20 10:00'));
    await engine.request('POST', `/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] });
    await engine.request('POST', `/api/cases/${caseNo}/pay-fee`, { amountFen: 8000, method: 'bank-counter', bankReceiptNo: 'R' });
    const late = await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: 'ok' });
    expect(late.status).toBe(200);
    const completed = (await engine.store.readStream(`case-${caseNo}`)).at(-1);
    expect(completed?.data).toMatchObject({ late: true, workingDaysLate: 4 }); // 04-15, 16, 17, 20
    expect((await engine.request('GET', '/api/supervision/overdue')).body).toEqual([]);
  });

  it('never cards a case completed in time', async () => {
    const caseNo = await receive({ ...landTransfer, itemCode: 'SCJG-003', windowId: 'w-scjg' });
    engine.clock.set(sh('2026-04-08 10:00'));
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: 'ok' })).status).toBe(200);
    expect(await typesAt('2026-05-30 09:00', caseNo)).toEqual(['CaseReceived', 'CaseCompleted']);
  });

  it('moves the cards by the working days a suspension held across the Labour Day holiday', async () => {
    engine.clock.set(sh('2026-04-28 09:00'));
    const caseNo = await receive(); // due: 04-29, 04-30, 05-06, 05-07, 05-08 (05-01..05 holiday; 05-09 Sat is a make-up day)
    expect((await engine.request('GET', `/api/cases/${caseNo}`)).body.dueDate).toBe('2026-05-08');
    engine.clock.set(sh('2026-04-29 10:00'));
    await engine.request('POST', `/api/cases/${caseNo}/suspend`, { reason: 'site-inspection' });
    engine.clock.set(sh('2026-05-06 10:00'));
    // (04-29, 05-06] holds 04-30 and 05-06: two working days, so due 05-08 → 05-09 (make-up Saturday) → 05-11.
    expect((await engine.request('POST', `/api/cases/${caseNo}/resume`)).body.dueDate).toBe('2026-05-11');
    expect(await typesAt('2026-05-09 23:00', caseNo)).not.toContain('CaseOverdue');
    expect(await typesAt('2026-05-12 00:00', caseNo)).toEqual(['CaseReceived', 'ClockSuspended', 'ClockResumed', 'CaseOverdue']);
  });

  it('brings the red card forward under special handling', async () => {
    const caseNo = await receive();
    await engine.request('POST', `/api/cases/${caseNo}/escalate`, { limitDays: 1, approver: '县长', reason: '招商项目' });
    // Due 04-08 now; a pass after it records the red card alone: the yellow one would warn of what has happened.
    expect(await typesAt('2026-04-09 00:00', caseNo)).toEqual(['CaseReceived', 'CaseEscalated', 'CaseOverdue']);
  });

  it('reschedules open cases when a calendar year is corrected', async () => {
    const caseNo = await receive(); // due 04-14
    const calendar = (await engine.request('GET', '/api/calendar/2026')).body;
    const corrected = await engine.request('PUT', '/api/calendar/2026', {
      holidays: [...calendar.holidays, '2026-04-10'], workdays: calendar.workdays, source: '更正通知', reason: '临时增加假日',
    });
    expect(corrected.status).toBe(200);
    expect(await typesAt('2026-04-07 10:00', caseNo)).toEqual(['CaseReceived', 'DeadlineRescheduled']);
    expect((await engine.request('GET', `/api/cases/${caseNo}`)).body.dueDate).toBe('2026-04-15');
    expect(await typesAt('2026-04-15 08:00', caseNo)).toEqual(['CaseReceived', 'DeadlineRescheduled', 'CaseWarned']);
  });

  it('catches up after a crash: the red card of a time that passed while down is recorded exactly once', async () => {
    const caseNo = await receive();
    await engine.close();
    await engine.reopen(sh('2026-04-16 09:00'));
    await engine.tick();
    await engine.close();
    await engine.reopen(sh('2026-04-17 09:00'));
    await engine.tick();
    await engine.tick();
    const types = (await engine.store.readStream(`case-${caseNo}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'CaseOverdue')).toHaveLength(1);
    // Down through the yellow card's day: only the red card, which was due when the engine came back.
    expect(types.filter((t) => t === 'CaseWarned')).toHaveLength(0);
  });

  it('deems an application accepted on arrival when no missing materials were listed within 5 working days (§32)', async () => {
    const caseNo = await receive({ ...landTransfer, itemCode: 'SCJG-002', windowId: 'w-scjg' }); // promised 10 days
    expect(await typesAt('2026-04-14 23:00', caseNo, true)).toEqual(['CaseReceived']);
    expect(await typesAt('2026-04-15 00:00', caseNo, true)).toEqual(['CaseReceived', 'AcceptanceDeemed']);
    const late = await engine.request('POST', `/api/cases/${caseNo}/request-materials`, { materials: ['卫生许可证'] });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('CASE.MATERIALS_NOTICE_TOO_LATE');
  });
});
