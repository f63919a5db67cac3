import { sh, startUi, UiRig } from './browser';

jest.setTimeout(90_000);

/** The discipline window's page and the annual assessment page show what their APIs answer. */
describe('the discipline window and the annual assessment in a browser', () => {
  let rig: UiRig;
  let concludedNo: string;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
    const discipline = { authorization: await rig.engine.authorization({ subject: 'jjjc', role: 'discipline' }) };
    const file = async (category: string, departmentId: string, name: string) => {
      const response = await rig.engine.request('POST', '/api/complaints', {
        category, channel: 'window', complainant: { kind: 'named', name, contact: '13800000000' }, target: { departmentId }, summary: '窗口办事遇到的问题', evidence: [],
      }, discipline);
      expect(response.status).toBe(201);
      return response.body.complaintNo as string;
    };
    concludedNo = await file('favours-gifts-bribes', 'zrzy', '王五');
    await file('service-attitude', 'scjg', '赵六');
    await file('illegal-fee', 'zrzy', '孙七');
    rig.engine.clock.set(sh('2026-04-08 09:00'));
    expect((await rig.engine.request('POST', `/api/complaints/${concludedNo}/accept`, { note: '受理' }, discipline)).status).toBe(200);
    expect((await rig.engine.request('POST', `/api/complaints/${concludedNo}/investigate`, { investigator: '纪检组' }, discipline)).status).toBe(200);
    rig.engine.clock.set(sh('2026-04-14 10:00'));
    expect((await rig.engine.request('POST', `/api/complaints/${concludedNo}/conclude`, {
      substantiated: true, findings: '属实',
      actions: [{ kind: 'admonish-department', departmentId: 'zrzy' }, { kind: 'hold-accountable', role: 'directly-responsible', person: '钱六' }],
    }, discipline)).status).toBe(200);
    // Past the feedback deadlines (15 working days): every complaint still owes its feedback.
    rig.engine.clock.set(sh('2026-05-20 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  const signIn = async (path: string, principal: Parameters<UiRig['engine']['authorization']>[0]) => {
    const page = await rig.page();
    await page.goto(`${rig.base}${path}`);
    await page.getByLabel('访问令牌').fill((await rig.engine.authorization(principal)).replace(/^Bearer /, ''));
    await page.getByRole('button', { name: '登录' }).click();
    return page;
  };

  it('shows the discipline window its open files, overdue feedback, actions and the complainant (discipline only)', async () => {
    const discipline = { authorization: await rig.engine.authorization({ subject: 'jjjc', role: 'discipline' }) };
    const summary = (await rig.engine.request('GET', '/api/complaints/summary', undefined, discipline)).body;
    const open = (await rig.engine.request('GET', '/api/complaints', undefined, discipline)).body as { complaintNo: string }[];
    const all = (await rig.engine.request('GET', '/api/complaints?status=all', undefined, discipline)).body as { feedbackOverdue: boolean }[];
    const actions = (await rig.engine.request('GET', '/api/complaints/actions?from=2026-01-01&to=2026-05-20', undefined, discipline)).body.actions;

    const page = await signIn('/discipline/', { subject: 'jjjc', role: 'discipline' });
    await page.getByTestId('open-count').waitFor();
    expect(await page.getByTestId('open-count').textContent()).toBe(String(summary.open));
    for (const c of summary.byCategory) {
      expect(await page.getByTestId('by-category').locator(`tr[data-category="${c.category}"]`).textContent()).toBe(`${c.label}${c.open}`);
    }
    expect(await page.getByTestId('by-department').locator('tr[data-department="zrzy"]').textContent()).toBe('县自然资源局1');
    expect(await page.getByTestId('open-files').locator('tr[data-complaint]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-complaint'))))
      .toEqual(open.map((c) => c.complaintNo));
    expect(await page.getByTestId('overdue-feedback-count').textContent()).toBe(String(all.filter((c) => c.feedbackOverdue).length));
    await page.getByTestId('actions').waitFor();
    expect(await page.getByTestId('actions').locator('tbody tr').count()).toBe(actions.length);
    expect(await page.getByTestId('actions').textContent()).toContain('直接责任人 钱六');

    const row = page.getByTestId('overdue-feedback').locator(`tr[data-complaint="${concludedNo}"]`);
    await row.getByRole('button', { name: '查看' }).click();
    expect(await row.getByTestId('complainant').textContent()).toContain('王五');
    await rig.screenshot(page, 'discipline');

    // The center sees the files, never who complained.
    const center = await signIn('/discipline/', { subject: 'admin', role: 'center-admin' });
    await center.getByTestId('open-files').waitFor();
    expect(await center.getByRole('button', { name: '查看' }).count()).toBe(0);
    expect(await center.content()).not.toContain('王五');
  });

  it("shows every department's score out of 8 with each deduction and the records behind it", async () => {
    const admin = { authorization: await rig.engine.authorization({ subject: 'admin', role: 'center-admin' }) };
    const assessment = (await rig.engine.request('GET', '/api/assessment/2026', undefined, admin)).body;
    const page = await signIn('/assessment/?year=2026', { subject: 'admin', role: 'center-admin' });
    await page.getByTestId('scores').waitFor();
    for (const d of assessment.departments) {
      const row = page.getByTestId('scores').locator(`tr[data-department="${d.departmentId}"]`);
      expect(await row.locator('[data-col=score]').textContent()).toBe(`${d.score} / ${d.fullScore}`);
      expect(await row.locator('li[data-rule]').evaluateAll((items) => items.map((i) => i.getAttribute('data-rule'))))
        .toEqual(d.deductions.map((x: { rule: string }) => x.rule));
    }
    const complaints = page.getByTestId('scores').locator('tr[data-department="zrzy"] li[data-rule="SubstantiatedComplaints"]');
    expect(await complaints.textContent()).toContain('投诉查实 1 件');
    await complaints.getByRole('button', { name: '依据' }).click();
    expect(await complaints.getByTestId('behind').textContent()).toContain(concludedNo);
    await rig.screenshot(page, 'assessment');
  });
});
