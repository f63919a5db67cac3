import type { Principal } from '../../apps/engine/src/auth/roles';
import type { EngineConfig } from '../../apps/engine/src/config/engine.config';
import { ManualClock } from '../../apps/engine/src/infrastructure/clock';
import { NotificationDispatcher, NotificationPolicy } from '../../apps/engine/src/notifications';
import { removeDataDir, startEngine, tempDataDir, TestEngine } from '../support/engine';
import { sh } from '../support/engine-per-test';
import { FakeAnswer, FakeHttpServer, ReceivedRequest } from '../support/fake-http-server';

const clerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
const bank: Principal = { subject: 'icbc-nontax', role: 'bank' };
const admin: Principal = { subject: 'admin', role: 'center-admin' };
const OK: FakeAnswer = { status: 200, body: { Code: 'OK', Message: 'OK', BizId: 'biz-1', RequestId: 'r-1' } };
const RETRY_MS = 60_000;
let phoneSeq = 0;
const applicant = () => ({ kind: 'person', name: '赵六', idNumber: `33010219900101${String(1000 + (phoneSeq += 1))}`, phone: `1390000${String(1000 + phoneSeq)}` });

describe('the applicant is told of each step, exactly once', () => {
  let sms: FakeHttpServer;
  let engine: TestEngine;
  let dataDir: string;
  const clock = new ManualClock(sh('2026-04-07 09:00'));
  const config = (): Partial<EngineConfig> => ({
    notifications: { sms: { url: `${sms.url}/sms/send`, token: 'county-sms-key' }, dispatch: { pollMs: 0, retryBaseMs: RETRY_MS, maxAttempts: 3 } },
  });
  const as = async (who: Principal) => ({ authorization: await engine.authorization(who) });
  const step = async (caseNo: string, action: string, body: unknown = {}, who: Principal = clerk) => {
    const response = await engine.request('POST', `/api/cases/${caseNo}/${action}`, body, await as(who));
    expect([action, response.status]).toEqual([action, 200]);
  };
  const receive = async (itemCode: string, person = applicant()) => {
    const response = await engine.request('POST', '/api/cases', { itemCode, channel: 'window', windowId: 'w-zrzy', applicant: person, materials: ['申请书'] }, await as(clerk));
    expect(response.status).toBe(201);
    return response.body as { caseNo: string; queryCode: string };
  };
  /** The notifier catches up with the log, then the dispatcher sends what is due. */
  const dispatch = async () => {
    await engine.app.get(NotificationPolicy).caughtUp();
    return engine.app.get(NotificationDispatcher).drain();
  };
  const sent = (phone?: string) => sms.received.filter((request) => phone === undefined || request.body.PhoneNumbers === phone);
  const templates = (requests: ReceivedRequest[]) => requests.map((request) => request.body.TemplateCode);
  const outbox = async (caseNo: string) => (await engine.request('GET', `/api/cases/${caseNo}/notifications`, undefined, await as(clerk))).body;

  beforeAll(async () => {
    sms = await FakeHttpServer.start(() => OK);
    dataDir = tempDataDir();
    engine = await startEngine({ dataDir, clock, config: config() });
  });
  afterAll(async () => {
    await engine.close();
    await sms.close();
    removeDataDir(dataDir);
  });

  it('sends receipt (with the query code), materials, resumption, fee, completion, each once, across a restart', async () => {
    const person = applicant();
    const { caseNo, queryCode } = await receive('ZRZY-001', person);
    await dispatch();
    const [receipt] = sent(person.phone);
    expect(receipt.headers.authorization).toBe('Bearer county-sms-key');
    expect(receipt.body).toEqual(expect.objectContaining({ PhoneNumbers: person.phone, SignName: '县政务服务中心', TemplateCode: 'SMS_GOV_RECEIPT', OutId: expect.any(String) }));
    expect(JSON.parse(receipt.body.TemplateParam)).toEqual(expect.objectContaining({ caseNo, queryCode, item: '不动产转移登记', dueDate: expect.any(String) }));

    await step(caseNo, 'request-materials', { materials: ['身份证复印件', '购房合同'], note: '请补交原件' });
    await dispatch();
    // The engine restarts mid-case: the notifier resumes from its checkpoint, the outbox keeps what was sent.
    await engine.close();
    engine = await startEngine({ dataDir, clock, config: config() });
    await dispatch();
    await step(caseNo, 'supply-materials', { materials: ['身份证复印件', '购房合同'] });
    await step(caseNo, 'assess-fee', { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] });
    await step(caseNo, 'pay-fee', { amountFen: 9000, method: 'bank-transfer', bankReceiptNo: 'NT-7001' }, bank);
    await step(caseNo, 'complete', { outcome: 'approved', decision: '准予登记' });
    await dispatch();
    await engine.close();
    engine = await startEngine({ dataDir, clock, config: config() });
    await dispatch();

    expect(templates(sent(person.phone))).toEqual(['SMS_GOV_RECEIPT', 'SMS_GOV_MATERIALS', 'SMS_GOV_RESUMED', 'SMS_GOV_FEE', 'SMS_GOV_COMPLETED']);
    const params = sent(person.phone).map((request) => JSON.parse(request.body.TemplateParam));
    expect(params[1]).toEqual(expect.objectContaining({ materials: '身份证复印件、购房合同', note: '请补交原件。' }));
    expect(params[3]).toEqual(expect.objectContaining({ totalYuan: '90.00', noticeNo: `JK-${caseNo}` }));
    expect(params[4]).toEqual(expect.objectContaining({ outcome: '准予', collection: expect.stringContaining('受理窗口领取') }));
    expect(new Set(sent(person.phone).map((request) => request.body.OutId)).size).toBe(5);
    expect((await outbox(caseNo)).map((n: { status: string; channel: string }) => `${n.status}/${n.channel}`)).toEqual(Array(5).fill('sent/sms'));
  });

  it('tells of a suspension for a hearing and the resumption, and apologises for a case gone overdue', async () => {
    const person = applicant();
    const { caseNo } = await receive('ZRZY-002', person);
    await step(caseNo, 'suspend', { reason: 'hearing' });
    await step(caseNo, 'resume');
    const late = await receive('ZRZY-001', person);
    clock.set(sh('2026-04-20 09:00'));
    await engine.tick();
    await dispatch();
    expect(templates(sent(person.phone))).toEqual(['SMS_GOV_RECEIPT', 'SMS_GOV_SUSPENDED', 'SMS_GOV_RESUMED', 'SMS_GOV_RECEIPT', 'SMS_GOV_OVERDUE']);
    expect(JSON.parse(sent(person.phone)[1].body.TemplateParam).reason).toBe('听证');
    expect(JSON.parse(sent(person.phone)[4].body.TemplateParam).caseNo).toBe(late.caseNo);
  });

  it('retries a failed send after the backoff, and dead-letters a refused one and one that keeps failing, with the reason', async () => {
    const flaky = applicant();
    const refused = applicant();
    const down = applicant();
    let flakyCalls = 0;
    sms.answer = ({ body }) => {
      if (body.PhoneNumbers === flaky.phone) return (flakyCalls += 1) === 1 ? { status: 503, body: {} } : OK;
      if (body.PhoneNumbers === refused.phone) return { status: 200, body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } };
      if (body.PhoneNumbers === down.phone) return { status: 200, body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' } };
      return OK;
    };
    const first = await receive('ZRZY-002', flaky);
    const second = await receive('ZRZY-002', refused);
    const third = await receive('ZRZY-002', down);
    await dispatch();
    expect(sent(flaky.phone)).toHaveLength(1);
    expect((await outbox(first.caseNo))[0]).toEqual(expect.objectContaining({ status: 'pending', attempts: 1, reason: 'SMS gateway answered 503' }));
    await dispatch();
    expect(sent(flaky.phone)).toHaveLength(1);
    clock.set(new Date(clock.now().getTime() + RETRY_MS + 1).toISOString());
    await dispatch();
    expect(sent(flaky.phone)).toHaveLength(2);
    expect((await outbox(first.caseNo))[0]).toEqual(expect.objectContaining({ status: 'sent', attempts: 2 }));
    expect((await outbox(second.caseNo))[0]).toEqual(expect.objectContaining({ status: 'dead', attempts: 1, reason: 'SMS gateway: isv.MOBILE_NUMBER_ILLEGAL 非法手机号' }));
    // Throttled three times (60 s, then 120 s later): given up, with the last reason.
    clock.set(new Date(clock.now().getTime() + 2 * RETRY_MS + 1).toISOString());
    await dispatch();
    expect((await outbox(third.caseNo))[0]).toEqual(expect.objectContaining({ status: 'dead', attempts: 3, reason: 'SMS gateway: isv.BUSINESS_LIMIT_CONTROL 触发流控 (gave up after 3 attempts)' }));
    const dead = (await engine.request('GET', '/api/notifications/dead-letters', undefined, await as(admin))).body;
    expect(dead.map((n: { caseNo: string }) => n.caseNo).sort()).toEqual([second.caseNo, third.caseNo].sort());
    sms.answer = () => OK;
  });

  it('sends nothing to an applicant who opted out, nor after erasure', async () => {
    const quiet = applicant();
    const erased = applicant();
    const first = await receive('ZRZY-002', quiet);
    const second = await receive('ZRZY-002', erased);
    await dispatch();
    const own: Principal = { subject: `applicant:${first.caseNo}`, role: 'applicant', caseNo: first.caseNo };
    expect((await engine.request('PUT', `/api/cases/${first.caseNo}/notifications`, { optedOut: true }, await as(own))).body).toEqual({ caseNo: first.caseNo, optedOut: true, wechat: false });
    const { personId } = (await engine.request('GET', `/api/cases/${second.caseNo}`, undefined, await as(admin))).body.applicant;
    expect((await engine.request('POST', `/api/personal-data/${personId}/erase`, { reason: '本人申请删除' }, await as(admin))).status).toBe(200);
    await step(first.caseNo, 'complete', { outcome: 'approved', decision: '准予变更' });
    await step(second.caseNo, 'complete', { outcome: 'approved', decision: '准予变更' });
    await dispatch();
    expect(templates(sent(quiet.phone))).toEqual(['SMS_GOV_RECEIPT']);
    expect(templates(sent(erased.phone))).toEqual(['SMS_GOV_RECEIPT']);
    expect((await outbox(first.caseNo))[1]).toEqual(expect.objectContaining({ kind: 'completed', status: 'declined', reason: 'the applicant opted out' }));
    expect((await outbox(second.caseNo))[1]).toEqual(expect.objectContaining({ kind: 'completed', status: 'dead', reason: expect.stringContaining('erased') }));
  });
});

describe('an applicant who gives a WeChat openid', () => {
  let sms: FakeHttpServer;
  let wechat: FakeHttpServer;
  let engine: TestEngine;
  const clock = new ManualClock(sh('2026-04-07 09:00'));

  beforeAll(async () => {
    sms = await FakeHttpServer.start(() => OK);
    wechat = await FakeHttpServer.start(({ url }) => url.startsWith('/cgi-bin/token')
      ? { status: 200, body: { access_token: 'wx-token', expires_in: 7200 } }
      : { status: 200, body: { errcode: 0, errmsg: 'ok', msgid: 42 } });
    engine = await startEngine({ clock, config: {
      notifications: {
        sms: { url: sms.url }, wechat: { baseUrl: wechat.url, appId: 'wx-county', appSecret: 'secret' }, dispatch: { pollMs: 0, retryBaseMs: RETRY_MS, maxAttempts: 3 },
      },
    } });
  });
  afterAll(async () => {
    await engine.close();
    await Promise.all([sms.close(), wechat.close()]);
    removeDataDir(engine.dataDir);
  });

  it('is told by WeChat from then on, the openid sealed in the record', async () => {
    const person = applicant();
    const asClerk = { authorization: await engine.authorization(clerk) };
    const { caseNo } = (await engine.request('POST', '/api/cases', { itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: person, materials: ['申请书'] }, asClerk)).body;
    const dispatch = async () => {
      await engine.app.get(NotificationPolicy).caughtUp();
      await engine.app.get(NotificationDispatcher).drain();
    };
    await dispatch();
    const own = { authorization: await engine.authorization({ subject: `applicant:${caseNo}`, role: 'applicant', caseNo }) };
    const openId = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    expect((await engine.request('PUT', `/api/cases/${caseNo}/notifications`, { optedOut: false, wechatOpenId: openId }, own)).body.wechat).toBe(true);
    expect(JSON.stringify(await engine.store.readStream(`case-${caseNo}`))).not.toContain(openId);
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, asClerk)).status).toBe(200);
    await dispatch();
    expect(sms.received.map((request) => request.body.TemplateCode)).toEqual(['SMS_GOV_RECEIPT']);
    const sends = wechat.received.filter((request) => request.url.startsWith('/cgi-bin/message/template/send'));
    expect(sends).toHaveLength(1);
    expect(sends[0].body).toEqual(expect.objectContaining({ touser: openId, template_id: 'GOV_CASE_PROGRESS' }));
    expect(sends[0].body.data.first.value).toBe('办结通知');
    const rows = (await engine.request('GET', `/api/cases/${caseNo}/notifications`, undefined, asClerk)).body;
    expect(rows.map((row: { channel: string }) => row.channel)).toEqual(['sms', 'wechat']);
  });
});
