import { RatingLedgerPolicy } from '../../apps/engine/src/ratings';
import { sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

describe('the monthly publication of ratings in a browser', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows a closed month by department and channel, as the API publishes it, naming nobody', async () => {
    const clerk = await rig.engine.authorization({ subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    for (const level of ['very-satisfied', 'dissatisfied']) {
      const { caseNo } = (await rig.engine.request('POST', '/api/cases', {
        itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '冯十二' }, materials: ['申请书'],
      }, { authorization: clerk })).body;
      await rig.engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, { authorization: clerk });
      const applicant = await rig.engine.authorization({ subject: `applicant:${caseNo}`, role: 'applicant', caseNo });
      expect((await rig.engine.request('POST', `/api/cases/${caseNo}/rate`, { level }, { authorization: applicant })).status).toBe(200);
    }
    await rig.engine.app.get(RatingLedgerPolicy).caughtUp();
    await rig.engine.app.get(RatingLedgerPolicy).caughtUp();
    rig.engine.clock.set(sh('2026-05-06 09:00'));
    const published = (await rig.engine.request('GET', '/api/ratings/published/2026-04')).body;

    const page = await rig.page({ width: 900, height: 900 });
    await page.goto(`${rig.base}/ratings/?month=2026-04`);
    await page.getByTestId('total').waitFor();
    expect(await page.getByTestId('total').textContent()).toBe('评价 2 件，满意率 50.0%，差评 1 件（其中默认好评 0 件）');
    expect(await page.getByTestId('follow-up').textContent()).toContain('差评回访 0/1 件');
    expect(await page.getByTestId('departments').locator('tbody td').first().textContent()).toBe(published.departments[0].name);
    expect(await page.getByTestId('channels').locator('tbody td').first().textContent()).toBe('窗口');
    expect(await page.content()).not.toContain('冯');
    await rig.screenshot(page, 'ratings-published');
  });
});
