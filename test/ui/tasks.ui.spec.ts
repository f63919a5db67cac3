import { DEMO_ITEMS } from '../../apps/engine/src/bootstrap/demo-catalog';
import { postOnRoster } from '../support/roster';
import { sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

const item = DEMO_ITEMS.find((i) => i.terms.category === 'promised' && i.terms.departmentId === 'scjg')!;
const steps = [
  { id: 'acceptance', name: '受理', kind: 'acceptance', role: 'window-staff', limitDays: 0, remoteAllowed: false },
  { id: 'review', name: '审查', kind: 'review', role: 'reviewer', limitDays: 2, remoteAllowed: true },
  { id: 'decision', name: '决定', kind: 'decision', role: 'approver', limitDays: 1, remoteAllowed: true },
  { id: 'delivery', name: '送达', kind: 'delivery', role: 'window-staff', limitDays: 0, remoteAllowed: false },
];

/** 远程审批: the department head approves a case from the "my tasks" page on a phone. */
describe('my tasks in a browser, on a phone', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('runs the one-window case of a promised item to delivery: received for the department, review returned once, approved from a phone', async () => {
    const { engine } = rig;
    expect((await engine.request('PUT', `/api/catalog/items/${item.code}`, { ...item.terms, steps, reason: '流程再造' })).status).toBe(200);
    expect((await engine.request('POST', '/api/departments', { id: 'zwb', name: '县政务服务中心', caseNoPrefix: 'ZWB' })).status).toBe(201);
    expect((await engine.request('POST', '/api/windows', { id: 'w-zh', name: '综合受理窗口', departmentId: 'zwb', comprehensive: true, serves: ['scjg'] })).status).toBe(201);
    // The head decides the case: on the roster, authorized for the item (issue 22).
    await postOnRoster(engine, { staffId: 'head-scjg', departmentId: 'scjg', windowId: 'w-scjg', itemCodes: [item.code], grantedBy: 'head-scjg' });
    const clerk = { authorization: await engine.authorization({ subject: 'zh-1', role: 'window-staff', departmentId: 'zwb', windowId: 'w-zh' }) };
    const { body: { caseNo } } = await engine.request('POST', '/api/cases', {
      itemCode: item.code, channel: 'window', windowId: 'w-zh', applicant: { kind: 'person', name: '周九' }, materials: ['申请书'],
    }, clerk);
    const reviewer = { authorization: await engine.authorization({ subject: 'rev-1', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    const headApi = { authorization: await engine.authorization({ subject: 'head-scjg', role: 'department-head', departmentId: 'scjg' }) };
    const step = (action: string, stepId: string, body: object, caller: Record<string, string>) =>
      engine.request('POST', `/api/cases/${caseNo}/steps/${stepId}/${action}`, body, caller);
    expect((await step('claim', 'review', {}, reviewer)).status).toBe(200);
    expect((await step('complete', 'review', { opinion: 'agree', reasons: '材料齐全' }, reviewer)).status).toBe(200);
    expect((await step('claim', 'decision', {}, headApi)).status).toBe(200);
    expect((await step('return', 'decision', { toStepId: 'review', reason: '场所证明需核实' }, headApi)).status).toBe(200);
    expect((await step('complete', 'review', { opinion: 'agree', reasons: '已核实' }, reviewer)).status).toBe(200);

    const head = (await engine.authorization({ subject: 'head-scjg', role: 'department-head', departmentId: 'scjg' })).replace(/^Bearer /, '');
    const page = await rig.page({ width: 390, height: 844 });
    await page.goto(`${rig.base}/tasks/`);
    await page.getByLabel('访问令牌').fill(head);
    await page.getByRole('button', { name: '登录' }).click();
    const card = page.getByTestId(`task-${caseNo}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('决定');
    expect(await card.textContent()).toContain('待认领');
    expect(await page.content()).not.toContain('周九');
    await card.getByRole('button', { name: '认领' }).click();
    await card.getByText('本人办理').waitFor();
    await rig.screenshot(page, 'tasks-phone');
    await card.getByLabel('审批意见').fill('准予许可');
    await card.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByTestId('notice').waitFor();
    expect(await page.getByTestId('notice').textContent()).toBe(`已批准 ${caseNo}`);
    expect(await page.getByTestId(`task-${caseNo}`).count()).toBe(0);
    // The page is a phone's width: nothing scrolls sideways.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);

    const view = (await engine.request('GET', `/api/cases/${caseNo}`)).body;
    expect(view).toMatchObject({ status: 'completed', step: { stepId: 'delivery' } });
    const deliverer = { authorization: await engine.authorization({ subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    expect((await step('claim', 'delivery', {}, deliverer)).status).toBe(200);
    expect((await step('complete', 'delivery', { opinion: 'agree' }, deliverer)).body.step).toBeNull();
    const figures = (await engine.request('GET', '/api/departments/scjg/stats?from=2026-04-07&to=2026-04-07')).body;
    expect(figures).toMatchObject({ received: 1, completed: 1 });
    const stepFigures = (await engine.request('GET', '/api/departments/scjg/steps?from=2026-04-07&to=2026-04-07')).body;
    expect(stepFigures.steps.find((s: { stepId: string }) => s.stepId === 'decision')).toMatchObject({ started: 2, completed: 1, returned: 1 });
    const decided = (view.history as { type: string; actor: { id: string }; data: { outcome?: string; decision?: string } }[]).find((e) => e.type === 'CaseCompleted')!;
    expect(decided).toMatchObject({ actor: { id: 'head-scjg' }, data: { outcome: 'approved', decision: '准予许可' } });
  });

  it('shows the applicant which step their online application is at: pre-review (网上预审)', async () => {
    const { engine } = rig;
    const portal = { authorization: await engine.authorization({ subject: 'portal', role: 'integration', channel: 'online' }) };
    const receipt = (await engine.request('POST', '/api/cases', {
      itemCode: item.code, channel: 'online', applicant: { kind: 'person', name: '吴十' }, materials: ['申请书'],
    }, portal)).body;
    const page = await rig.page({ width: 390, height: 844 });
    await page.goto(`${rig.base}/lookup/`);
    await page.getByLabel('办件编号').fill(receipt.caseNo);
    await page.getByLabel('查询码').fill(receipt.queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('step').waitFor();
    expect(await page.getByTestId('step').textContent()).toBe('受理');
    expect(await page.getByTestId('status').textContent()).toBe('暂停计时');
    expect(await page.content()).toContain('网上预审期间不计入办理时限');
  });

  it("shows the department head where their cases wait, step by step, on the dashboard", async () => {
    const token = (await rig.engine.authorization({ subject: 'head-scjg', role: 'department-head', departmentId: 'scjg' })).replace(/^Bearer /, '');
    const page = await rig.page();
    await page.goto(`${rig.base}/dashboard/?from=2026-04-07&to=2026-04-07`);
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    const decision = page.locator('[data-testid=steps] tr[data-step="decision"]');
    await decision.waitFor();
    const figures = (await rig.engine.request('GET', '/api/departments/scjg/steps?from=2026-04-07&to=2026-04-07')).body.steps
      .find((s: { stepId: string }) => s.stepId === 'decision');
    expect(await decision.locator('td').allTextContents()).toEqual(
      [figures.started, figures.completed, figures.averageWorkingDays ?? '—', figures.inProgress, figures.returned, figures.overran].map(String));
    expect(await page.locator('[data-testid=steps] tr[data-step]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step'))))
      .toEqual(['acceptance', 'review', 'decision', 'delivery']);
    await rig.screenshot(page, 'dashboard-steps');
  });
});
