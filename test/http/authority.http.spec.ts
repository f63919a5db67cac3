import type { ReadModelStore } from '@gov/projections';
import type { Principal } from '../../apps/engine/src/auth/roles';
import { READ_MODEL_STORE } from '../../apps/engine/src/infrastructure/tokens';
import { engineForEachTest, sh } from '../support/engine-per-test';

/**
 * Who may act on what (issue 22): a token's department, window, channel and sub-center bind it
 * to the objects it touches, checked by the guard where the request says enough and by the
 * handler where only the record knows its owner. Each refusal leaves the store as it was.
 */
// The demo's clerks, on the roster and authorized for their department's items (bootstrap/demo-catalog.ts).
const zrzyClerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
const scjgClerk: Principal = { subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' };
const zrzyHead: Principal = { subject: 'head-zrzy', role: 'department-head', departmentId: 'zrzy' };
const scjgHead: Principal = { subject: 'head-scjg', role: 'department-head', departmentId: 'scjg' };
const admin: Principal = { subject: 'admin', role: 'center-admin' };
const portal: Principal = { subject: 'portal', role: 'integration', channel: 'online' };
const receipt = (itemCode: string, windowId: string) =>
  ({ itemCode, channel: 'window', windowId, applicant: { kind: 'person', name: '欧阳明华', idNumber: '330102198507152312' }, materials: ['申请书'] });

describe('every actor acts only within its own authority', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));
  const as = async (principal: Principal, method: 'GET' | 'POST', url: string, body?: unknown) =>
    engine.request(method, url, body, { authorization: await engine.authorization(principal) });
  /** A refusal for scope, with nothing written. */
  const refused = async (principal: Principal, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const before = await engine.store.headPosition();
    const response = await as(principal, method, url, body);
    expect({ url, status: response.status, code: response.body?.code }).toEqual({ url, status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    expect(await engine.store.headPosition()).toBe(before);
    return response.body as { message: string };
  };
  const received = async (principal: Principal, itemCode: string, windowId: string): Promise<string> => {
    const response = await as(principal, 'POST', '/api/cases', receipt(itemCode, windowId));
    expect(response.status).toBe(201);
    return response.body.caseNo;
  };

  it('keeps a department head to their own department: notices, rectifications, staff, window figures and lists', async () => {
    // A scjg case runs late: a red card, then a supervision notice to scjg.
    const late = await received(scjgClerk, 'SCJG-001', 'w-scjg');
    engine.clock.set(sh('2026-05-20 09:00'));
    await engine.tick();
    const [notice] = (await as(admin, 'GET', '/api/supervision/notices')).body;
    expect(notice).toMatchObject({ caseNo: late, departmentId: 'scjg' });
    await refused(zrzyHead, 'POST', `/api/supervision/notices/${notice.noticeNo}/reply`, { rectification: '已整改' });
    await refused(zrzyHead, 'GET', `/api/supervision/notices/${notice.noticeNo}`);
    expect((await as(scjgHead, 'POST', `/api/supervision/notices/${notice.noticeNo}/reply`, { rectification: '已约谈窗口人员' })).status).toBe(200);

    // The lists are the head's own department's: asking for another's is refused, asking for none gives their own.
    await refused(zrzyHead, 'GET', '/api/supervision/overdue?departmentId=scjg');
    await refused(zrzyHead, 'GET', '/api/supervision/notices?departmentId=scjg');
    await refused(zrzyHead, 'GET', '/api/complaints/rectifications?departmentId=scjg');
    await refused(zrzyHead, 'GET', '/api/staff?departmentId=scjg');
    expect((await as(zrzyHead, 'GET', '/api/supervision/overdue')).body).toEqual([]);
    expect((await as(zrzyHead, 'GET', '/api/supervision/notices')).body).toEqual([]);
    expect((await as(scjgHead, 'GET', '/api/supervision/overdue')).body).toEqual([expect.objectContaining({ caseNo: late })]);
    expect((await as(admin, 'GET', '/api/supervision/overdue')).body).toHaveLength(1);

    // A bad rating opens a rectification to scjg: zrzy's head neither reads nor answers it.
    const rated = await received(scjgClerk, 'SCJG-001', 'w-scjg');
    expect((await as(scjgClerk, 'POST', `/api/cases/${rated}/complete`, { outcome: 'approved', decision: '准予许可' })).status).toBe(200);
    expect((await as({ subject: `applicant:${rated}`, role: 'applicant', caseNo: rated }, 'POST', `/api/cases/${rated}/rate`, { level: 'dissatisfied' })).status)
      .toBe(200);
    const rectificationNo = `ZG-${rated}`;
    expect((await as(admin, 'GET', `/api/complaints/rectifications/${rectificationNo}`)).status).toBe(200);
    await refused(zrzyHead, 'GET', `/api/complaints/rectifications/${rectificationNo}`);
    await refused(zrzyHead, 'POST', `/api/complaints/rectifications/${rectificationNo}/answer`, { answer: '已整改' });
    expect((await as(scjgHead, 'POST', `/api/complaints/rectifications/${rectificationNo}/answer`, { answer: '已约谈' })).status).toBe(200);

    // The approval seal is the department's: zrzy's head cannot authorize, revoke or read scjg's staff.
    expect((await as(admin, 'POST', '/api/staff', { staffId: 's-scjg-001', name: '吴', departmentId: 'scjg', windowId: 'w-scjg', postedOn: '2026-01-05' })).status)
      .toBe(201);
    await refused(zrzyHead, 'POST', '/api/staff/s-scjg-001/authorizations', { itemCodes: ['SCJG-001'] });
    await refused(zrzyHead, 'POST', '/api/staff/s-scjg-001/authorizations/revoke', { itemCodes: ['SCJG-001'], reason: '调岗' });
    await refused(zrzyHead, 'GET', '/api/staff/s-scjg-001');
    const granted = await as(scjgHead, 'POST', '/api/staff/s-scjg-001/authorizations', { itemCodes: ['SCJG-001'] });
    expect(granted.status).toBe(200);
    // The grant is recorded under the head who made it, not under a name typed in the body.
    expect((await as(admin, 'GET', '/api/staff/s-scjg-001')).body.authorizations).toEqual([expect.objectContaining({ itemCode: 'SCJG-001', grantedBy: 'head-scjg' })]);
    expect((await as(scjgHead, 'POST', '/api/staff/s-scjg-001/authorizations', { itemCodes: ['SCJG-002'], grantedBy: '局长' })).status).toBe(400);

    // Window figures: a head reads their own department's windows only.
    await refused(zrzyHead, 'GET', '/api/windows/w-scjg/stats?from=2026-04-01&to=2026-04-30');
    await refused(zrzyHead, 'GET', '/api/windows/w-scjg/open-cases');
    expect((await as(zrzyHead, 'GET', '/api/windows/w-zrzy/stats?from=2026-04-01&to=2026-04-30')).status).toBe(200);
  });

  it('binds an integration to its channel and a sub-center\'s service to its sub-center, on every case it touches', async () => {
    const atWindow = await received(zrzyClerk, 'ZRZY-001', 'w-zrzy');
    const why = await refused(portal, 'POST', `/api/cases/${atWindow}/complete`, { outcome: 'refused', decision: '不予许可' });
    expect(why.message).toContain('online channel only');
    await refused(portal, 'POST', `/api/cases/${atWindow}/not-accept`, { reason: '材料不全' });
    await refused(portal, 'POST', `/api/cases/${atWindow}/withdraw`, { reason: '申请人撤回' });
    await refused(portal, 'GET', `/api/cases/${atWindow}`);
    // A rating reaches the center through any channel: the portal relays the ratings of window cases too.
    expect((await as(zrzyClerk, 'POST', `/api/cases/${atWindow}/complete`, { outcome: 'approved', decision: '准予登记' })).status).toBe(200);
    expect((await as(portal, 'POST', `/api/cases/${atWindow}/rate`, { level: 'satisfied' })).status).toBe(200);

    const online = await as(portal, 'POST', '/api/cases', { ...receipt('ZRZY-001', 'w-zrzy'), channel: 'online', windowId: undefined });
    expect(online.status).toBe(201);
    expect((await as(portal, 'GET', `/api/cases/${online.body.caseNo}`)).status).toBe(200);

    // The demo's 社保分中心 (sb) takes the social-insurance bureau's items; the 交警大队分中心 (jj) is another sub-center.
    const [first, second] = ['sb', 'jj'];
    const subCenter = (id: string): Principal => ({ subject: `system-${id}`, role: 'integration', channel: 'sub-center', subCenterId: id });
    const there = await as(subCenter(first), 'POST', '/api/cases', { ...receipt('RS-001', 'w-rs'), channel: 'sub-center', windowId: undefined, subCenterId: first });
    expect(there.status).toBe(201);
    await refused(subCenter(second), 'POST', '/api/cases', { ...receipt('RS-001', 'w-rs'), channel: 'sub-center', windowId: undefined, subCenterId: first });
    await refused(subCenter(second), 'POST', `/api/cases/${there.body.caseNo}/complete`, { outcome: 'approved', decision: '准予登记' });
    expect((await as(subCenter(first), 'POST', `/api/cases/${there.body.caseNo}/complete`, { outcome: 'approved', decision: '准予登记' })).status).toBe(200);

    // A sub-center's token must say which sub-center it speaks for.
    const unnamed = await as({ subject: 'system-x', role: 'integration', channel: 'sub-center' }, 'GET', '/api/catalog/items');
    expect(unnamed.status).toBe(401);
  });

  it('records a window clerk under their own name, at a window of their own department', async () => {
    const caseNo = await received(zrzyClerk, 'ZRZY-001', 'w-zrzy');
    const history = (await as(admin, 'GET', `/api/cases/${caseNo}`)).body.history as { type: string; data: { staffId: string } }[];
    expect(history[0]).toMatchObject({ type: 'CaseReceived', data: { staffId: 'clerk-zrzy' } });

    // Naming another staff member (one authorized for the item, say) is refused: the clerk acts as themselves.
    await refused(zrzyClerk, 'POST', '/api/cases', { ...receipt('ZRZY-001', 'w-zrzy'), staffId: 's-zrzy-002' });
    await refused(zrzyClerk, 'POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予登记', staffId: 's-zrzy-002' });

    // A clerk the roster does not know decides nothing, whatever their token says; the roster's clerk does.
    const stranger: Principal = { ...zrzyClerk, subject: 's-zrzy-404' };
    const notOnRoster = await as(stranger, 'POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予登记' });
    expect(notOnRoster.body).toEqual(expect.objectContaining({ statusCode: 422, code: 'CASE.STAFF_NOT_ON_ROSTER' }));
    expect((await engine.store.readStream(`case-${caseNo}`)).map((event) => event.type)).toEqual(['CaseReceived']);
    expect((await as(zrzyClerk, 'POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予登记' })).status).toBe(200);

    // A token whose window is not one of its department's opens nothing.
    const astray: Principal = { subject: 's-zrzy-003', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-scjg' };
    const why = await refused(astray, 'POST', '/api/cases', receipt('ZRZY-001', 'w-scjg'));
    expect(why.message).toBe('window w-scjg is not a window of department zrzy');
    await refused(astray, 'GET', '/api/catalog/items');
  });
});

describe('fees go through the bank', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));
  const as = async (principal: Principal, method: 'GET' | 'POST', url: string, body?: unknown) =>
    engine.request(method, url, body, { authorization: await engine.authorization(principal) });
  const bank: Principal = { subject: 'icbc-nontax', role: 'bank' };
  const assessed = async (): Promise<string> => {
    const { caseNo } = (await as(zrzyClerk, 'POST', '/api/cases', receipt('ZRZY-001', 'w-zrzy'))).body;
    expect((await as(zrzyClerk, 'POST', `/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] })).status)
      .toBe(200);
    return caseNo;
  };
  const payment = (bankReceiptNo: string) => ({ amountFen: 9000, method: 'bank-transfer', bankReceiptNo });

  it('shows the applicant the payment notice, and lets only the bank confirm the payment, one receipt for one case', async () => {
    const first = await assessed();
    const applicant: Principal = { subject: `applicant:${first}`, role: 'applicant', caseNo: first };
    const notice = await as(applicant, 'GET', `/api/cases/${first}/payment-notice`);
    expect(notice.body).toEqual({
      noticeNo: `JK-${first}`, caseNo: first, item: { code: 'ZRZY-001', name: '不动产转移登记' }, payee: '县自然资源局',
      fees: [
        { feeCode: 'F-BDC-ZZ', name: '不动产登记费（住宅）', basis: '发改价格规〔2016〕2559号', amountFen: 8000 },
        { feeCode: 'F-BDC-GBF', name: '不动产权属证书工本费', basis: '发改价格规〔2016〕2559号', amountFen: 1000 },
      ],
      totalFen: 9000, paid: false,
    });

    // The applicant and the clerk who asked for the fee cannot declare it paid.
    for (const who of [applicant, zrzyClerk]) {
      expect((await as(who, 'POST', `/api/cases/${first}/pay-fee`, payment('NT-0001'))).body.code).toBe('AUTH.ROLE_FORBIDDEN');
    }
    expect((await as(bank, 'POST', `/api/cases/${first}/pay-fee`, payment('NT-0001'))).status).toBe(200);
    expect((await as(applicant, 'GET', `/api/cases/${first}/payment-notice`)).body.paid).toBe(true);
    // The bank's retry of the same notification changes nothing.
    expect((await as(bank, 'POST', `/api/cases/${first}/pay-fee`, payment('NT-0001'))).body.code).toBe('CASE.FEE_ALREADY_PAID');

    // The same receipt number cannot pay a second case.
    const second = await assessed();
    const before = await engine.store.headPosition();
    const reused = await as(bank, 'POST', `/api/cases/${second}/pay-fee`, payment('NT-0001'));
    expect([reused.status, reused.body.code]).toEqual([409, 'FEE.RECEIPT_ALREADY_USED']);
    expect(await engine.store.headPosition()).toBe(before);
    expect((await as(bank, 'POST', `/api/cases/${second}/pay-fee`, payment('NT-0002'))).status).toBe(200);
  });
});

describe('erasure leaves no name behind', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));

  it('empties the masked name on the hall board and in the read models, and the case still counts', async () => {
    const person = { kind: 'person', name: '张晓花', idNumber: '330102199203154526', phone: '13900001111' };
    const asClerk = { authorization: await engine.authorization(zrzyClerk) };
    const { caseNo } = (await engine.request('POST', '/api/cases', { ...receipt('ZRZY-002', 'w-zrzy'), applicant: person }, asClerk)).body;
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, asClerk)).status).toBe(200);
    const board = async () => (await engine.request('GET', '/api/hall/today')).body.latestCompleted as { caseNo: string; applicant: string }[];
    expect((await board()).find((c) => c.caseNo === caseNo)?.applicant).toBe('张*花');

    const admin = { authorization: await engine.authorization({ subject: 'admin', role: 'center-admin' }) };
    const { personId } = (await engine.request('GET', `/api/cases/${caseNo}`, undefined, admin)).body.applicant;
    expect((await engine.request('POST', `/api/personal-data/${personId}/erase`, { reason: '本人申请删除' }, admin)).status).toBe(200);
    expect((await board()).find((c) => c.caseNo === caseNo)?.applicant).toBe('');
    const readModels = engine.app.get<ReadModelStore>(READ_MODEL_STORE);
    const row = await readModels.db.selectFrom('cases').select(['applicant_name', 'status']).where('case_no', '=', caseNo).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_name: '', status: 'completed' });
  });
});
