import type { Delivery, NotificationGateway, OutgoingNotification, Recipient } from './notification-gateway.port';

/** errcode values: an access token to fetch again, and the platform being busy. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
const BUSY = new Set([-1, 45009, 45047]);

export interface WechatSettings {
  /** https://api.weixin.qq.com by default; a test points it at its own server. */
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly timeoutMs?: number;
}

/**
 * WeChat service-account template messages (模板消息): an access token from the app id and
 * secret (cached until shortly before it expires), then `message/template/send` with the
 * applicant's openid, the template id and its data (first, keyword1-3, remark).
 */
export class WechatTemplateGateway implements NotificationGateway {
  readonly channel = 'wechat' as const;
  private token: { value: string; until: number } | null = null;

  constructor(private readonly settings: WechatSettings, private readonly now: () => number = Date.now) {}

  canReach(recipient: Recipient): boolean {
    return Boolean(recipient.wechatOpenId);
  }

  async send(notification: OutgoingNotification, recipient: Recipient): Promise<Delivery> {
    try {
      const token = await this.accessToken();
      if (typeof token !== 'string') return token;
      const answer = await this.call(`/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: recipient.wechatOpenId, template_id: notification.template.wechatTemplateId,
          data: {
            first: { value: notification.template.title }, keyword1: { value: notification.caseNo }, keyword2: { value: notification.params.item ?? '' },
            keyword3: { value: notification.text }, remark: { value: notification.signName },
          },
        }),
      });
      if (answer.errcode === 0 || answer.errcode === undefined) return { outcome: 'sent', reference: answer.msgid === undefined ? null : String(answer.msgid) };
      const reason = `WeChat: ${answer.errcode} ${answer.errmsg ?? ''}`.trim();
      if (STALE_TOKEN.has(answer.errcode)) this.token = null;
      return STALE_TOKEN.has(answer.errcode) || BUSY.has(answer.errcode) ? { outcome: 'retry', reason } : { outcome: 'refused', reason };
    } catch (error) {
      return { outcome: 'retry', reason: `WeChat unreachable: ${(error as Error).message}` };
    }
  }

  private async accessToken(): Promise<string | Delivery> {
    if (this.token && this.token.until > this.now()) return this.token.value;
    const { appId, appSecret } = this.settings;
    const answer = await this.call(`/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`, { method: 'GET' });
    if (!answer.access_token) {
      const reason = `WeChat token: ${answer.errcode} ${answer.errmsg ?? ''}`.trim();
      return BUSY.has(answer.errcode ?? 0) ? { outcome: 'retry', reason } : { outcome: 'refused', reason };
    }
    // Renewed five minutes early: a token that expires in flight fails the message.
    this.token = { value: answer.access_token, until: this.now() + Math.max(0, (answer.expires_in ?? 7200) - 300) * 1000 };
    return answer.access_token;
  }

  private async call(path: string, init: RequestInit): Promise<{ errcode?: number; errmsg?: string; msgid?: number; access_token?: string; expires_in?: number }> {
    const response = await fetch(`${this.settings.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000) });
    if (response.status >= 500) throw new Error(`answered ${response.status}`);
    return (await response.json()) as { errcode?: number };
  }
}
