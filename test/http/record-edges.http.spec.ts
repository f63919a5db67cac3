import { engineForEachTest, sh } from '../support/engine-per-test';

/** Issue 23: the record is right at every edge (figures as of a day, calendar corrections, special handling, the assessment). */
const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };

describe('the record at its edges', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));

  async function receive(body: Record<string, unknown> = landTransfer): Promise<string> {
    const response = await engine.request('POST', '/api/cases', body);
    expect(response.status).toBe(201);
    return response.body.caseNo;
  }

  async function at(local: string): Promise<void> {
    engine.clock.set(sh(local));
    await engine.tick();
  }

  it('carries a calendar correction to every read model: the case, the open cases and the report (item 1)', async () => {
    const caseNo = await receive(); // due Tue 04-14
    const calendar = (await engine.request('GET', '/api/calendar/2026')).body;
    await engine.request('PUT', '/api/calendar/2026', {
      holidays: [...calendar.holidays, '2026-04-13', '2026-04-14'], workdays: calendar.workdays, source: '更正通知', reason: '临时增加假日',
    });
    await at('2026-04-07 10:00'); // the watcher records DeadlineRescheduled: due Thu 04-16
    await at('2026-04-15 09:00');
    expect((await engine.request('GET', `/api/cases/${caseNo}`)).body.dueDate).toBe('2026-04-16');
    const open = (await engine.request('GET', '/api/departments/zrzy/open-cases')).body;
    expect(open).toEqual([expect.objectContaining({ caseNo, dueDate: '2026-04-16', overdue: false })]);
    const report = (await engine.request('GET', '/api/reports/center?from=2026-04-01&to=2026-04-30')).body;
    expect(report.center).toMatchObject({ received: 1, overdue: 0 });
  });

  it('never makes a case overdue by granting it special handling: the limit counts from the grant day (item 3)', async () => {
    const caseNo = await receive(); // due Tue 04-14
    await at('2026-04-10 09:00');
    const granted = await engine.request('POST', `/api/cases/${caseNo}/escalate`, { limitDays: 1, approver: '县长', reason: '招商项目' });
    expect(granted.status).toBe(200);
    expect(granted.body.dueDate).toBe('2026-04-13');
    await at('2026-04-10 10:00');
    const types = (await engine.store.readStream(`case-${caseNo}`)).map((e) => e.type);
    expect(types).toEqual(['CaseReceived', 'CaseEscalated']);
    expect((await engine.request('GET', '/api/supervision/notices')).body).toEqual([]);
  });

  it('after downtime records the red card alone, dated when it fell due (item 5)', async () => {
    const caseNo = await receive(); // yellow due 04-14 00:00, red 04-15 00:00 (Shanghai)
    await engine.close();
    await engine.reopen(sh('2026-04-17 09:00'));
    await engine.tick();
    const cards = (await engine.store.readStream(`case-${caseNo}`)).filter((e) => e.type === 'CaseWarned' || e.type === 'CaseOverdue');
    expect(cards.map((e) => [e.type, (e.data as { dueSince?: string }).dueSince])).toEqual([['CaseOverdue', sh('2026-04-15 00:00')]]);
    const byDay = async (day: string) => (await engine.request('GET', `/api/supervision/cards?from=${day}&to=${day}`)).body.departments;
    expect(await byDay('2026-04-15')).toEqual([{ departmentId: 'zrzy', yellow: 0, red: 1 }]);
    expect(await byDay('2026-04-17')).toEqual([]);
  });

  it('reports a period as of its end whatever comes after: two cases suspended at the end count alike (item 2)', async () => {
    const [resumed, neverResumed] = [await receive(), await receive()]; // due Tue 04-14
    await at('2026-04-08 10:00');
    for (const caseNo of [resumed, neverResumed]) {
      expect((await engine.request('POST', `/api/cases/${caseNo}/suspend`, { reason: 'site-inspection' })).status).toBe(200);
    }
    const april = '/api/reports/center?from=2026-04-01&to=2026-04-20';
    await at('2026-04-21 09:00');
    const atTheEnd = (await engine.request('GET', april)).body.center;
    await at('2026-04-22 09:00');
    expect((await engine.request('POST', `/api/cases/${resumed}/resume`)).status).toBe(200);
    await at('2026-04-23 09:00');
    const later = (await engine.request('GET', april)).body.center;
    // Suspended before their due time and still suspended at the end: the clock stood, neither is overdue.
    expect(atTheEnd).toMatchObject({ received: 2, pending: 2, overdue: 0 });
    expect(later).toEqual(atTheEnd);
    const open = (await engine.request('GET', '/api/departments/zrzy/open-cases')).body;
    expect(open.find((row: { caseNo: string }) => row.caseNo === neverResumed)).toMatchObject({ status: 'suspended', overdue: false });
  });

  it('lowers a second 5-working-day figure by the open cases already past 5 working days (item 7)', async () => {
    const [completed] = [await receive(), await receive()]; // 5 working days: to the end of Tue 04-14
    await at('2026-04-08 10:00');
    expect((await engine.request('POST', `/api/cases/${completed}/complete`, { outcome: 'refused', decision: '不符合条件' })).status).toBe(200);
    await at('2026-04-16 10:00');
    const figures = (await engine.request('GET', '/api/departments/zrzy/stats?from=2026-04-01&to=2026-04-30')).body;
    expect(figures).toMatchObject({ withinFiveWorkingDaysRate: 1, openBeyondFiveWorkingDays: 1, withinFiveWorkingDaysRateIncludingOpenLate: 0.5 });
    // As of the end of 04-14 the open case had not yet taken more than 5 working days.
    const then = (await engine.request('GET', '/api/departments/zrzy/stats?from=2026-04-01&to=2026-04-14')).body;
    expect(then).toMatchObject({ withinFiveWorkingDaysRate: 1, openBeyondFiveWorkingDays: 0, withinFiveWorkingDaysRateIncludingOpenLate: 1 });
  });

  it('lists every department by name, zeros where it had no case, and the sub-centers as such (item 9)', async () => {
    await receive();
    const atSubCenter = await engine.request('POST', '/api/cases', { itemCode: 'GA-002', channel: 'sub-center', subCenterId: 'jj',
      applicant: { kind: 'person', name: '王五' }, materials: [] });
    expect(atSubCenter.status).toBe(201);
    const report = (await engine.request('GET', '/api/reports/center?from=2026-04-01&to=2026-04-30')).body;
    expect(report.departments.map((d: { departmentId: string; name: string; received: number }) => [d.departmentId, d.name, d.received])).toEqual([
      ['ga', '县公安局', 1], ['rs', '县人力资源和社会保障局', 0], ['scjg', '县市场监督管理局', 0], ['yb', '县医疗保障局', 0],
      ['zjj', '县住房和城乡建设局', 0], ['zrzy', '县自然资源局', 1],
    ]);
    expect(report.departments.find((d: { departmentId: string }) => d.departmentId === 'rs')).toMatchObject({ completionRate: null, overdue: 0, feesCollected: 0 });
    expect(report.subCenters.map((s: { subCenterId: string; name: string; departmentId: string; received: number }) => [s.subCenterId, s.name, s.departmentId, s.received]))
      .toEqual([['jj', '交警大队分中心', 'ga', 1], ['sb', '社保分中心', 'rs', 0], ['yb', '医保分中心', 'yb', 0]]);
  });

  it('counts an unanswered rectification of a bad rating, refuses a visit back-dated beyond a week, counts a day visited twice once (item 4)', async () => {
    const { caseNo } = (await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'window', windowId: 'w-scjg',
      applicant: { kind: 'person', name: '孙八' }, materials: [] })).body;
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予' })).status).toBe(200);
    expect((await engine.request('POST', `/api/cases/${caseNo}/rate`, { level: 'dissatisfied', comment: '等了很久' })).status).toBe(200);
    expect((await engine.request('GET', '/api/complaints/rectifications')).body).toHaveLength(1); // answer by 04-28
    await at('2026-04-29 09:00');
    const scjg = (await engine.request('GET', '/api/assessment/2026/departments/scjg')).body;
    expect(scjg.facts).toMatchObject({ rectificationsUnanswered: 1 });
    expect(scjg.deductions.map((d: { rule: string; points: number }) => [d.rule, d.points])).toEqual([['LowSatisfaction', 1], ['UnansweredRectifications', 0.5]]);

    const visit = (date: string) => engine.request('POST', '/api/supervision/visits', { date, inspector: '效能办 王科长', findings: '正常' });
    const late = await visit('2026-04-21');
    expect([late.status, late.body.code]).toEqual([422, 'VISIT.DATE_TOO_FAR_BACK']);
    for (const date of ['2026-04-27', '2026-04-27', '2026-04-22']) expect((await visit(date)).status).toBe(201);
    const visits = (await engine.request('GET', '/api/supervision/visits?from=2026-04-20&to=2026-05-03')).body;
    expect(visits.weeks).toEqual([{ weekOf: '2026-04-20', visits: 1 }, { weekOf: '2026-04-27', visits: 1 }]);
    expect(visits.visits).toHaveLength(3);
  });

  it('warns from 1 November that next year\'s calendar is not published, and flags the open cases counted on it (item 6)', async () => {
    const notices = async () => (await engine.request('GET', '/api/calendar/notices')).body;
    const readyCalendar = async () => (await engine.app.inject({ method: 'GET', url: '/ready' })).json().details.calendar;
    await at('2026-10-31 09:00');
    expect(await notices()).toEqual({ notices: [], openCasesOnUnpublishedYears: 0 });
    await at('2026-12-28 09:00');
    const caseNo = await receive(); // 5 working days: into January 2027, a year nobody has published
    expect(await notices()).toEqual({
      notices: [{ year: 2027, since: '2026-11-01', message: expect.stringContaining('2027') }], openCasesOnUnpublishedYears: 1,
    });
    expect(await readyCalendar()).toMatchObject({ status: 'up', unpublishedYears: [2027], openCasesOnUnpublishedYears: 1 });
    expect((await engine.request('GET', '/api/departments/zrzy/open-cases')).body)
      .toEqual([expect.objectContaining({ caseNo, deadlineOnUnpublishedYear: true })]);
    const published = await engine.request('PUT', '/api/calendar/2027', { holidays: ['2027-01-01'], workdays: [], source: '国务院办公厅通知' });
    expect(published.status).toBe(200);
    await at('2026-12-28 10:00');
    expect(await notices()).toEqual({ notices: [], openCasesOnUnpublishedYears: 0 });
    expect((await engine.request('GET', '/api/departments/zrzy/open-cases')).body)
      .toEqual([expect.objectContaining({ caseNo, deadlineOnUnpublishedYear: false })]);
  });

  it('extends a limit by 10 working days once (§42), and accepts with gaps on a commitment (容缺受理) (item 8)', async () => {
    const caseNo = await receive(); // due Tue 04-14
    const head = await engine.authorization({ subject: 'zrzy-head', role: 'department-head', departmentId: 'zrzy' });
    const clerk = await engine.authorization({ subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    const extension = { approver: '县自然资源局局长', reason: '需征求规划部门意见' };
    expect((await engine.request('POST', `/api/cases/${caseNo}/extend`, extension, { authorization: clerk })).status).toBe(403);
    const extended = await engine.request('POST', `/api/cases/${caseNo}/extend`, extension, { authorization: head });
    expect([extended.status, extended.body.dueDate, extended.body.limitDays]).toEqual([200, '2026-04-28', 15]);
    expect(extended.body.extension).toMatchObject(extension);
    expect((await engine.request('POST', `/api/cases/${caseNo}/extend`, extension, { authorization: head })).body.code).toBe('CASE.ALREADY_EXTENDED');
    await at('2026-04-16 09:00'); // past the old due date: no red card, and the open cases show the new one
    expect((await engine.store.readStream(`case-${caseNo}`)).map((e) => e.type)).not.toContain('CaseOverdue');
    expect((await engine.request('GET', '/api/departments/zrzy/open-cases')).body).toEqual([expect.objectContaining({ caseNo, dueDate: '2026-04-28', overdue: false })]);

    const withGaps = await receive();
    const gaps = { missingMaterials: ['不动产权属证书复印件'], commitment: '承诺于4月20日前补交', materialsDueDate: '2026-04-20' };
    expect((await engine.request('POST', `/api/cases/${withGaps}/accept-with-gaps`, { ...gaps, materialsDueDate: '2026-05-30' }, { authorization: clerk })).body.code)
      .toBe('CASE.GAP_DEADLINE_BEYOND_LIMIT');
    expect((await engine.request('POST', `/api/cases/${withGaps}/accept-with-gaps`, { ...gaps, materialsDueDate: 'soon' }, { authorization: clerk })).status).toBe(400);
    const accepted = await engine.request('POST', `/api/cases/${withGaps}/accept-with-gaps`, gaps, { authorization: clerk });
    // The clock runs: the case stays open with its due date.
    expect([accepted.status, accepted.body.status, accepted.body.dueDate]).toEqual([200, 'open', '2026-04-23']);
    expect(accepted.body.gaps).toEqual({ missingMaterials: gaps.missingMaterials, materialsDueDate: gaps.materialsDueDate, outstanding: true });
    const refused = await engine.request('POST', `/api/cases/${withGaps}/complete`, { outcome: 'approved', decision: '准予' }, { authorization: clerk });
    expect([refused.status, refused.body.code]).toEqual([409, 'CASE.COMMITTED_MATERIALS_MISSING']);
    const supplied = await engine.request('POST', `/api/cases/${withGaps}/supply-committed-materials`, { materials: gaps.missingMaterials }, { authorization: clerk });
    expect([supplied.status, supplied.body.gaps.outstanding]).toEqual([200, false]);
    const document = (await engine.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const extend = document.paths['/api/cases/{caseNo}/extend'].post;
    expect(extend['x-roles']).toEqual(['department-head']);
    for (const status of ['400', '403', '404', '409', '422']) expect(extend.responses[status]).toBeDefined();
    expect(document.paths['/api/cases/{caseNo}/accept-with-gaps'].post['x-roles']).toEqual(['window-staff', 'integration']);
    expect(document.paths['/api/calendar/notices'].get['x-roles']).toEqual(['department-head', 'center-admin', 'efficiency-office', 'discipline']);
  });
});
