import * as fs from 'node:fs';
import { DecisionDocumentPolicy } from '../../apps/engine/src/documents';
import { sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

describe('the applicant downloads the decision from the lookup page', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'), { decisionDocuments: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('offers the decision of a completed case as a PDF file', async () => {
    const clerk = await rig.engine.authorization({ subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    const receipt = (await rig.engine.request('POST', '/api/cases', {
      itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '吴十' }, materials: ['申请书'],
    }, { authorization: clerk })).body;
    expect((await rig.engine.request('POST', `/api/cases/${receipt.caseNo}/complete`, { outcome: 'approved', decision: '准予建设用地规划许可' }, { authorization: clerk })).status).toBe(200);
    await rig.engine.app.get(DecisionDocumentPolicy).caughtUp();

    const page = await rig.page({ width: 800, height: 1100 });
    await page.goto(`${rig.base}/lookup/`);
    await page.getByLabel('办件编号').fill(receipt.caseNo);
    await page.getByLabel('查询码').fill(receipt.queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    const button = page.getByTestId('download-decision');
    await button.waitFor();
    expect(await button.textContent()).toBe('下载准予行政许可决定书（PDF）');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`准予行政许可决定书-${receipt.caseNo}.pdf`);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await rig.screenshot(page, 'lookup-decision');
  });
});
