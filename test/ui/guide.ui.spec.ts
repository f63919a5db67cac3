import { sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

describe('the public service guide in a browser, on a phone (办事指南)', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-12-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('finds an item without a token and shows what the catalog API holds, at a shareable address', async () => {
    const page = await rig.page({ width: 390, height: 844 });
    await page.goto(`${rig.base}/guide/`);
    const published = ((await rig.engine.request('GET', '/api/catalog/items')).body as { status: string }[]).filter((i) => i.status === 'published');
    await page.getByTestId('count').filter({ hasText: `共 ${published.length} 个事项` }).waitFor();

    await page.getByLabel('事项名称或关键词').fill('不动产');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\?q=/);
    const found = page.getByTestId('results').locator('a[data-item]');
    await found.first().waitFor();
    const code = (await found.first().getAttribute('data-item')) as string;
    await found.first().click();
    await page.waitForURL(new RegExp(`\\?item=${code}$`));

    const item = (await rig.engine.request('GET', `/api/catalog/items/${code}`)).body;
    const fees = (await rig.engine.request('GET', '/api/catalog/fees')).body as { code: string; name: string; basis: string }[];
    const field = (name: string) => page.getByTestId('item').locator(`[data-field="${name}"]`);
    await field('name').waitFor();
    expect(await field('name').textContent()).toBe(item.name);
    expect(await field('legalBasis').textContent()).toBe(item.legalBasis);
    expect(await field('legalLimitDays').textContent()).toBe(`${item.legalLimitDays} 个工作日`);
    expect(await field('materials').locator('li').allTextContents()).toEqual(item.materials);
    expect(await field('procedure').locator('li').allTextContents()).toEqual(item.procedure);
    for (const line of item.fees as { feeCode: string; amountFen: number }[]) {
      const entry = fees.find((f) => f.code === line.feeCode)!;
      expect(await field('fees').locator(`[data-fee="${line.feeCode}"]`).textContent()).toContain(`${entry.name}：¥${(line.amountFen / 100).toFixed(2)}（收费依据：${entry.basis}`);
    }
    expect(await field('where').textContent()).toContain('网上办事大厅');
    expect(await field('appointment').textContent()).toBe('暂不提供预约，请到现场取号');
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await rig.screenshot(page, 'guide-item-phone');

    // The address opens the same page in a fresh browser, without a token; the department filter is shareable too.
    const shared = await rig.page({ width: 390, height: 844 });
    await shared.goto(`${rig.base}/guide/?item=${code}`);
    expect(await shared.getByTestId('item').locator('[data-field="name"]').textContent()).toBe(item.name);
    await shared.goto(`${rig.base}/guide/?department=scjg`);
    await shared.getByTestId('results').locator('a[data-item]').first().waitFor();
    expect((await shared.getByTestId('results').locator('a[data-item]').evaluateAll((links) => links.map((a) => a.getAttribute('data-item'))))
      .every((c) => c?.startsWith('SCJG-'))).toBe(true);
  });
});
