import { sh, startUi, UiRig } from './browser';

jest.setTimeout(90_000);

/** The ticket's way through the hall: drawn at the kiosk, called at a window (the hall screen shows and says it), the case opened from it, the wait in the figures. */
describe('tickets and calling in a browser (排队叫号)', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-12-07 09:00'));
    const admin = { authorization: await rig.engine.authorization({ subject: 'admin', role: 'center-admin' }) };
    expect((await rig.engine.request('POST', '/api/queue/queues', { queueId: 'q-scjg', name: '市场准入', prefix: 'A', departmentIds: ['scjg'] }, admin)).status).toBe(201);
    expect((await rig.engine.request('POST', '/api/queue/queues', { queueId: 'q-zrzy', name: '不动产登记', prefix: 'B', departmentIds: ['zrzy'] }, admin)).status).toBe(201);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('draws at the kiosk, calls at the window, shows and announces it in the hall, and measures the wait to the case', async () => {
    const kiosk = await rig.page({ width: 1080, height: 1920 });
    await kiosk.goto(`${rig.base}/kiosk/`);
    await kiosk.locator('button[data-queue="q-scjg"]').click();
    expect(await kiosk.getByTestId('ticket-no').textContent()).toBe('A001');
    expect(await kiosk.getByTestId('ahead').textContent()).toBe('前面还有 0 人等候');
    await rig.screenshot(kiosk, 'queue-kiosk');
    // By item: the land registry's item draws in its department's queue.
    await kiosk.getByRole('button', { name: '完成' }).click();
    await kiosk.getByLabel('事项名称').fill('不动产');
    await kiosk.getByRole('button', { name: '查找' }).click();
    await kiosk.locator('button[data-item="ZRZY-001"]').click();
    expect(await kiosk.getByTestId('ticket-no').textContent()).toBe('B001');

    const hall = await rig.page({ width: 1920, height: 1080 });
    // The screen's voice, recorded: what speechSynthesis was asked to say.
    await hall.addInitScript(() => {
      const spoken: string[] = [];
      (globalThis as unknown as { spoken: string[] }).spoken = spoken;
      Object.defineProperty(globalThis, 'speechSynthesis', {
        value: { getVoices: () => [{ lang: 'zh-CN', name: '中文' }], speak: (u: { text: string }) => spoken.push(u.text) },
        configurable: true,
      });
      (globalThis as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class { lang = ''; voice: unknown = null; rate = 1; constructor(readonly text: string) {} };
    });
    await hall.goto(`${rig.base}/hall/`);
    await hall.getByTestId('link').filter({ hasText: '实时更新' }).waitFor();
    expect(await hall.locator('tr[data-queue="q-scjg"] [data-col=waiting]').textContent()).toBe('1');
    expect(await hall.locator('tr[data-queue="q-zrzy"] [data-col=waiting]').textContent()).toBe('1');

    rig.engine.clock.set(sh('2026-12-07 09:05'));
    const panel = await rig.page();
    const token = (await rig.engine.authorization({ subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' })).replace(/^Bearer /, '');
    await panel.goto(`${rig.base}/window/`);
    await panel.getByLabel('窗口工作人员令牌').fill(token);
    await panel.getByRole('button', { name: '登录' }).click();
    await panel.getByRole('button', { name: '叫下一位' }).click();
    await panel.getByTestId('current').filter({ hasText: 'A001' }).waitFor();

    await hall.getByTestId('calling').filter({ hasText: 'A001' }).waitFor();
    expect(await hall.getByTestId('calling').textContent()).toBe('请 A001 号到 市场监管综合窗口 办理');
    await hall.locator('tr[data-ticket="A001"]').waitFor();
    await hall.waitForFunction(() => (globalThis as unknown as { spoken: string[] }).spoken.length >= 2);
    expect(await hall.evaluate(() => (globalThis as unknown as { spoken: string[] }).spoken[0])).toBe('请A 0 0 1号到市场监管综合窗口办理');
    await hall.locator('tr[data-queue="q-scjg"] [data-col=waiting]').filter({ hasText: /^0$/ }).waitFor();
    await rig.screenshot(hall, 'queue-hall');

    rig.engine.clock.set(sh('2026-12-07 09:20'));
    await panel.getByLabel('申请人姓名').fill('张三');
    await panel.getByRole('button', { name: '受理', exact: true }).click();
    await panel.getByTestId('case-opened').waitFor();
    await rig.screenshot(panel, 'queue-window');

    const admin = { authorization: await rig.engine.authorization({ subject: 'admin', role: 'center-admin' }) };
    const figures = (await rig.engine.request('GET', '/api/queue/figures?from=2026-12-07&to=2026-12-07', undefined, admin)).body;
    expect(figures.total).toMatchObject({ tickets: 2, called: 1, served: 1, waitedMinutes: { median: 20, p90: 20 } });

    const dashboard = await rig.page();
    await dashboard.goto(`${rig.base}/dashboard/?from=2026-12-07&to=2026-12-07`);
    await dashboard.getByLabel('访问令牌').fill(admin.authorization.replace(/^Bearer /, ''));
    await dashboard.getByRole('button', { name: '登录' }).click();
    const total = dashboard.getByTestId('queue-total').locator('tr[data-row="total"]');
    await total.waitFor();
    expect([await total.locator('[data-col=tickets]').textContent(), await total.locator('[data-col=served]').textContent(),
      await total.locator('[data-col=waitedMedian]').textContent()]).toEqual(['2', '1', '20 分钟']);
    expect(await dashboard.getByTestId('queue-by-queue').locator('tr[data-row="q-scjg"] th').textContent()).toBe('A · 市场准入');
  });
});
