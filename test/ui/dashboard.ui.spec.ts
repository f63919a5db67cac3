import { percent, sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };
const quick = { itemCode: 'SCJG-001', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '王五' }, materials: ['申请书'] };

describe('the supervisors\' dashboard in a browser', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  const receive = async (body: object) => (await rig.engine.request('POST', '/api/cases', body)).body.caseNo as string;

  it('shows the center report as the API computes it, and a red card as soon as a case falls overdue', async () => {
    const late = await receive(landTransfer); // due 2026-04-14
    const done = await receive(quick);
    const clerk = await rig.engine.authorization({ subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' });
    const completed = await rig.engine.request('POST', `/api/cases/${done}/complete`, { outcome: 'approved', decision: '准予' }, { authorization: clerk });
    expect([completed.status, completed.body?.code]).toEqual([200, undefined]);

    const token = (await rig.engine.authorization({ subject: 'admin-1', role: 'center-admin' })).replace(/^Bearer /, '');
    const page = await rig.page({ width: 1280, height: 900 });
    await page.goto(`${rig.base}/dashboard/?from=2026-04-01&to=2026-04-30`);
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('report').waitFor();

    const report = (await rig.engine.request('GET', '/api/reports/center?from=2026-04-01&to=2026-04-30')).body;
    const shown = async (key: string) => page.locator(`[data-figure="${key}"]`).textContent();
    for (const key of ['received', 'completed', 'immediate', 'promised', 'pending', 'overdue', 'special']) expect(await shown(key)).toBe(String(report.center[key]));
    expect(await shown('withinFiveWorkingDaysRate')).toBe(percent(report.center.withinFiveWorkingDaysRate));
    for (const department of report.departments) {
      const row = page.locator(`tr[data-department="${department.departmentId}"]`);
      expect(await row.locator('[data-col=received]').textContent()).toBe(String(department.received));
      expect(await row.locator('[data-col=completionRate]').textContent()).toBe(percent(department.completionRate));
    }
    await page.getByTestId('no-overdue').waitFor();
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2); // the department and weekly charts

    // The last working day: a yellow card, listed live.
    rig.engine.clock.set(sh('2026-04-14 09:00'));
    await rig.engine.tick();
    const warned = (await rig.engine.request('GET', '/api/supervision/warned')).body;
    expect(warned.map((c: { caseNo: string }) => c.caseNo)).toEqual([late]);
    const yellow = page.locator(`[data-testid=overdue] tr[data-case="${late}"][data-card="yellow"]`);
    await yellow.waitFor();
    expect(await yellow.locator('.badge.yellow').textContent()).toBe('黄牌');

    rig.engine.clock.set(sh('2026-04-15 09:00'));
    await rig.engine.tick();
    const overdue = (await rig.engine.request('GET', '/api/supervision/overdue')).body;
    expect(overdue.map((c: { caseNo: string }) => c.caseNo)).toEqual([late]);
    const row = page.locator(`[data-testid=overdue] tr[data-case="${late}"]`);
    await row.waitFor();
    expect(await row.locator('.badge.red').textContent()).toBe('红牌');
    await page.getByTestId('feed').filter({ hasText: late }).waitFor();
    await page.locator(`[data-testid=notices] tr[data-notice^="DB-${late}"]`).waitFor();
    await rig.screenshot(page, 'dashboard-red-card');
  });

  it('shows a department head their own department only', async () => {
    const token = (await rig.engine.authorization({ subject: 'head-zrzy', role: 'department-head', departmentId: 'zrzy' })).replace(/^Bearer /, '');
    const page = await rig.page();
    await page.goto(`${rig.base}/dashboard/?from=2026-04-01&to=2026-04-30`);
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('report').waitFor();
    const stats = (await rig.engine.request('GET', '/api/departments/zrzy/stats?from=2026-04-01&to=2026-04-30')).body;
    expect(await page.locator('[data-figure="received"]').textContent()).toBe(String(stats.received));
    expect(await page.locator('tr[data-department]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-department')))).toEqual(['zrzy']);
    await rig.screenshot(page, 'dashboard-department-head');
  });
});
