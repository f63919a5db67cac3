import { percent, sh, startUi, UiRig } from './browser';

const at = (windowId: string, itemCode: string, name: string) =>
  ({ itemCode, channel: 'window', windowId, applicant: { kind: 'person', name, idNumber: '330102199001011234' }, materials: ['申请书'] });

jest.setTimeout(60_000);

describe('the hall display in a browser', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  const receive = async (body: object) => (await rig.engine.request('POST', '/api/cases', body)).body.caseNo as string;
  /** A clerk of the case's own department decides it (the case number starts with the department's prefix). */
  const complete = async (caseNo: string) => {
    const departmentId = caseNo.split('-')[0].toLowerCase();
    const clerk = await rig.engine.authorization({ subject: `clerk-${departmentId}`, role: 'window-staff', departmentId, windowId: `w-${departmentId}` });
    expect((await rig.engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, { authorization: clerk })).status).toBe(200);
  };

  it('shows the figures the API returns, masked, and updates live when a case is completed', async () => {
    const first = await receive(at('w-scjg', 'SCJG-001', '张三明'));
    await receive(at('w-scjg', 'SCJG-003', '李小四'));
    const third = await receive(at('w-zrzy', 'ZRZY-001', '欧阳娜娜'));
    rig.engine.clock.set(sh('2026-04-07 10:00'));
    await complete(first);

    const page = await rig.page({ width: 1920, height: 1080 });
    await page.goto(`${rig.base}/hall/`);
    await page.getByTestId('link').filter({ hasText: '实时更新' }).waitFor();
    const board = (await rig.engine.request('GET', '/api/hall/today')).body;
    expect(await page.getByTestId('figure-received').textContent()).toBe(String(board.center.received));
    expect(await page.getByTestId('figure-completed').textContent()).toBe(String(board.center.completedToday));
    expect(await page.getByTestId('figure-pending').textContent()).toBe(String(board.center.pending));
    expect(await page.getByTestId('figure-completion-rate').textContent()).toBe(percent(board.center.completionRate));
    expect(await page.getByTestId('figure-immediate-share').textContent()).toBe(percent(board.center.immediateShare));
    for (const place of board.places) {
      const row = page.locator(`tr[data-place="${place.id}"]`);
      expect([await row.locator('[data-col=received]').textContent(), await row.locator('[data-col=completed]').textContent(),
        await row.locator('[data-col=pending]').textContent()]).toEqual([String(place.receivedToday), String(place.completedToday), String(place.pending)]);
    }
    expect(await page.locator(`li[data-case="${first}"]`).textContent()).toContain('张*明');
    expect(await page.content()).not.toMatch(/张三明|李小四|欧阳娜娜|330102/);
    await rig.screenshot(page, 'hall-before');

    // No reload: a marker set on the page must survive the update.
    await page.evaluate(() => ((globalThis as unknown as { marker: string }).marker = 'same page'));
    rig.engine.clock.set(sh('2026-04-07 10:30'));
    await complete(third);
    const after = (await rig.engine.request('GET', '/api/hall/today')).body;
    expect(after.center.completedToday).toBe(board.center.completedToday + 1);
    await page.getByTestId('figure-completed').filter({ hasText: new RegExp(`^${after.center.completedToday}$`) }).waitFor({ timeout: 10_000 });
    await page.locator(`li[data-case="${third}"]`).filter({ hasText: '欧**娜' }).waitFor();
    expect(await page.getByTestId('figure-pending').textContent()).toBe(String(after.center.pending));
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe('same page');
    await rig.screenshot(page, 'hall-after');
  });
});
