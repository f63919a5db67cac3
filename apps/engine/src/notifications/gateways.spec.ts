import { FakeHttpServer } from '../../../../test/support/fake-http-server';
import type { OutgoingNotification } from './notification-gateway.port';
import { loadTemplates, render } from './notification-templates';
import { SmsHttpGateway } from './sms-http-gateway';
import { WechatTemplateGateway } from './wechat-template-gateway';

const templates = loadTemplates();
const params = { caseNo: 'ZRZY-20260407-00001', item: '不动产转移登记', queryCode: '7KQ2M9XD', dueDate: '2026-04-14' };
const notification: OutgoingNotification = {
  notificationId: 'n-1', kind: 'receipt', caseNo: params.caseNo, signName: templates.signName, template: templates.kinds.receipt, params,
  text: render(templates.kinds.receipt.text, params),
};

describe('the notification templates', () => {
  it('are Chinese text with parameters, one for every kind, read from data', () => {
    expect(notification.text).toBe('您申请的不动产转移登记已受理，办件号ZRZY-20260407-00001，查询码7KQ2M9XD，承诺于2026-04-14前办结。凭办件号和查询码可查询办理进度。');
    expect(() => loadTemplates('/nonexistent/templates.json')).toThrow();
  });
});

describe('the WeChat template-message gateway', () => {
  let wechat: FakeHttpServer;
  let tokens = 0;
  let sendAnswers: { errcode: number; errmsg: string; msgid?: number }[] = [];
  beforeAll(async () => {
    wechat = await FakeHttpServer.start(({ url }) => {
      if (url.startsWith('/cgi-bin/token')) return { status: 200, body: { access_token: `token-${(tokens += 1)}`, expires_in: 7200 } };
      return { status: 200, body: sendAnswers.shift() ?? { errcode: 0, errmsg: 'ok', msgid: 200228332 } };
    });
  });
  afterAll(() => wechat.close());

  it('fetches a token once, sends the template with the openid, and refetches a stale token', async () => {
    const gateway = new WechatTemplateGateway({ baseUrl: wechat.url, appId: 'wx-app', appSecret: 'secret' });
    const recipient = { wechatOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' };
    expect(gateway.canReach({ phone: '13900001111' })).toBe(false);
    expect(await gateway.send(notification, recipient)).toEqual({ outcome: 'sent', reference: '200228332' });
    expect(await gateway.send(notification, recipient)).toEqual(expect.objectContaining({ outcome: 'sent' }));
    const sends = wechat.received.filter((request) => request.url.startsWith('/cgi-bin/message/template/send'));
    expect(wechat.received.filter((request) => request.url.startsWith('/cgi-bin/token'))).toHaveLength(1);
    expect(wechat.received[0].url).toBe('/cgi-bin/token?grant_type=client_credential&appid=wx-app&secret=secret');
    expect(sends[0].url).toBe('/cgi-bin/message/template/send?access_token=token-1');
    expect(sends[0].body).toEqual({
      touser: recipient.wechatOpenId, template_id: 'GOV_CASE_PROGRESS',
      data: { first: { value: '办件受理通知' }, keyword1: { value: params.caseNo }, keyword2: { value: '不动产转移登记' }, keyword3: { value: notification.text }, remark: { value: '县政务服务中心' } },
    });
    sendAnswers = [{ errcode: 42001, errmsg: 'access_token expired' }];
    expect(await gateway.send(notification, recipient)).toEqual({ outcome: 'retry', reason: 'WeChat: 42001 access_token expired' });
    await gateway.send(notification, recipient);
    expect(wechat.received.at(-1)?.url).toBe('/cgi-bin/message/template/send?access_token=token-2');
    sendAnswers = [{ errcode: 43004, errmsg: 'require subscribe' }];
    expect(await gateway.send(notification, recipient)).toEqual({ outcome: 'refused', reason: 'WeChat: 43004 require subscribe' });
  });
});

describe('the SMS gateway', () => {
  it('retries when the gateway cannot be reached, and refuses what the gateway refuses as a client error', async () => {
    const unreachable = new SmsHttpGateway({ url: 'http://127.0.0.1:9/sms', timeoutMs: 2_000 });
    expect(await unreachable.send(notification, { phone: '13900001111' })).toEqual(expect.objectContaining({ outcome: 'retry' }));
    const gateway = await FakeHttpServer.start(() => ({ status: 400, body: { Code: 'isv.INVALID_PARAMETERS', Message: '参数异常' } }));
    try {
      expect(await new SmsHttpGateway({ url: gateway.url }).send(notification, { phone: '13900001111' }))
        .toEqual({ outcome: 'refused', reason: 'SMS gateway answered 400: 参数异常' });
    } finally {
      await gateway.close();
    }
  });
});
