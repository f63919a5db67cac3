import { sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

const receipt = (itemCode: string, windowId: string) => ({ itemCode, channel: 'window', windowId, applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] });

/** The lookup says 已超期 for a case past its due time, and words a decision as its item's kind requires (准予登记, 准予许可). */
describe('the citizen lookup: overdue cases and the wording of decisions', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function show(caseNo: string, queryCode: string) {
    const page = await rig.page({ width: 800, height: 1100 });
    await page.goto(`${rig.base}/lookup/`);
    await page.getByLabel('办件编号').fill(caseNo);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('status').waitFor();
    return page;
  }
  const answerOf = async (caseNo: string, queryCode: string) => {
    const session = (await rig.engine.request('POST', '/api/applicant/sessions', { caseNo, queryCode })).body;
    return (await rig.engine.request('GET', `/api/cases/${caseNo}`, undefined, { authorization: `Bearer ${session.token}` })).body;
  };

  it('shows an open case past its due time as overdue, as the API says', async () => {
    const land = (await rig.engine.request('POST', '/api/cases', receipt('ZRZY-001', 'w-zrzy'))).body;
    expect((await answerOf(land.caseNo, land.queryCode)).overdue).toBe(false);
    expect(await (await show(land.caseNo, land.queryCode)).getByTestId('status').textContent()).toBe('办理中');

    // Promised in 5 working days from 04-07: due at the end of 04-14.
    rig.engine.clock.set(sh('2026-04-15 09:00'));
    const answer = await answerOf(land.caseNo, land.queryCode);
    expect(answer).toMatchObject({ status: 'open', overdue: true });
    const page = await show(land.caseNo, land.queryCode);
    expect(await page.getByTestId('status').textContent()).toBe('已超期');
    await rig.screenshot(page, 'lookup-overdue');
  });

  it('words a registration 准予登记 and a licence 准予许可', async () => {
    const clerk = { authorization: await rig.engine.authorization({ subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    const registration = (await rig.engine.request('POST', '/api/cases', receipt('SCJG-001', 'w-scjg'), clerk)).body; // 个体工商户设立登记
    const licence = (await rig.engine.request('POST', '/api/cases', receipt('SCJG-002', 'w-scjg'), clerk)).body; // 食品经营许可
    for (const c of [registration, licence]) {
      expect((await rig.engine.request('POST', `/api/cases/${c.caseNo}/complete`, { outcome: 'approved', decision: '同意' }, clerk)).status).toBe(200);
    }
    const page = await show(registration.caseNo, registration.queryCode);
    expect(await page.getByTestId('status').textContent()).toBe('已办结');
    expect(await page.getByTestId('decision').textContent()).toBe(' · 准予登记');
    expect(await (await show(licence.caseNo, licence.queryCode)).getByTestId('decision').textContent()).toBe(' · 准予许可');
  });
});
