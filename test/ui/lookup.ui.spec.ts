import { sh, startUi, UiRig } from './browser';

jest.setTimeout(60_000);

const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };

describe('the citizen lookup in a browser', () => {
  let rig: UiRig;

  beforeAll(async () => {
    rig = await startUi(sh('2026-04-07 09:00'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function signIn(caseNo: string, queryCode: string) {
    const page = await rig.page({ width: 800, height: 1100 });
    await page.goto(`${rig.base}/lookup/`);
    await page.getByLabel('办件编号').fill(caseNo);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    return page;
  }

  it('refuses a wrong query code', async () => {
    const receipt = (await rig.engine.request('POST', '/api/cases', landTransfer)).body;
    // Same shape as the real code, one character different.
    const last = receipt.queryCode.slice(-1);
    const wrong = `${receipt.queryCode.slice(0, -1)}${/\d/.test(last) ? (Number(last) + 1) % 10 : last === 'A' ? 'B' : 'A'}`;
    const page = await signIn(receipt.caseNo, wrong);
    await page.getByTestId('sign-in-error').waitFor();
    expect(await page.getByTestId('sign-in-error').textContent()).toContain('查询码不正确');
    expect(await page.getByTestId('status').count()).toBe(0);
    await rig.screenshot(page, 'lookup-refused');
  });

  it('shows the applicant their case as the API answers it: status, due date, missing materials, the fee to pay at the bank', async () => {
    const receipt = (await rig.engine.request('POST', '/api/cases', landTransfer)).body;
    expect(typeof receipt.queryCode).toBe('string');
    const clerk = await rig.engine.authorization({ subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    await rig.engine.request('POST', `/api/cases/${receipt.caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] }, { authorization: clerk });
    await rig.engine.request('POST', `/api/cases/${receipt.caseNo}/request-materials`, { materials: ['房屋买卖合同', '完税证明'] }, { authorization: clerk });

    const page = await signIn(receipt.caseNo, receipt.queryCode);
    await page.getByTestId('status').waitFor();
    const session = (await rig.engine.request('POST', '/api/applicant/sessions', { caseNo: receipt.caseNo, queryCode: receipt.queryCode })).body;
    const answer = (await rig.engine.request('GET', `/api/cases/${receipt.caseNo}`, undefined, { authorization: `Bearer ${session.token}` })).body;
    expect(await page.getByTestId('case-no').textContent()).toBe(answer.caseNo);
    expect(await page.getByTestId('status').textContent()).toBe(answer.status === 'suspended' ? '暂停计时' : '办理中');
    const [y, m, d] = answer.dueDate.split('-').map(Number);
    expect(await page.getByTestId('due-date').textContent()).toBe(`${y}年${m}月${d}日`);
    expect(await page.getByTestId('missing').locator('li').allTextContents()).toEqual(['房屋买卖合同', '完税证明']);
    expect(await page.getByTestId('fee-total').textContent()).toBe(`¥${(answer.fee.totalFen / 100).toFixed(2)}`);
    expect(await page.content()).not.toContain('李四');
    await rig.screenshot(page, 'lookup-case');
  });
});
