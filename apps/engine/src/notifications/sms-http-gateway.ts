import type { Delivery, NotificationGateway, OutgoingNotification, Recipient } from './notification-gateway.port';

/** Provider codes that say "later" rather than "never": throttled (流控), the provider's own failure. */
const RETRYABLE_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'isv.OUT_OF_SERVICE', 'SYSTEM_BUSY', 'THROTTLED']);

export interface SmsGatewaySettings {
  readonly url: string;
  /** Sent as `Authorization: Bearer …` when set: the county's SMS platform's key. */
  readonly token?: string;
  readonly timeoutMs?: number;
}

/**
 * SMS through an HTTP gateway, in the request and answer shape the Chinese SMS providers share
 * (Aliyun dysms SendSms and the county SMS platforms modelled on it): the phone number, the
 * approved sign name (签名), the template code (模板编号) and its parameters as a JSON string,
 * and our reference (OutId); the answer's `Code` is `OK` or says why not.
 */
export class SmsHttpGateway implements NotificationGateway {
  readonly channel = 'sms' as const;

  constructor(private readonly settings: SmsGatewaySettings) {}

  canReach(recipient: Recipient): boolean {
    return Boolean(recipient.phone);
  }

  async send(notification: OutgoingNotification, recipient: Recipient): Promise<Delivery> {
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.settings.token ? { authorization: `Bearer ${this.settings.token}` } : {}) },
        body: JSON.stringify({
          PhoneNumbers: recipient.phone, SignName: notification.signName, TemplateCode: notification.template.smsTemplateCode,
          TemplateParam: JSON.stringify(notification.params), OutId: notification.notificationId,
        }),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (error) {
      return { outcome: 'retry', reason: `SMS gateway unreachable: ${(error as Error).message}` };
    }
    const body = (await response.json().catch(() => ({}))) as { Code?: string; Message?: string; BizId?: string };
    if (response.status >= 500 || response.status === 429) return { outcome: 'retry', reason: `SMS gateway answered ${response.status}` };
    if (!response.ok) return { outcome: 'refused', reason: `SMS gateway answered ${response.status}: ${body.Message ?? ''}`.trim() };
    if (body.Code === 'OK') return { outcome: 'sent', reference: body.BizId ?? null };
    const reason = `SMS gateway: ${body.Code ?? 'no Code'} ${body.Message ?? ''}`.trim();
    return RETRYABLE_CODES.has(body.Code ?? '') ? { outcome: 'retry', reason } : { outcome: 'refused', reason };
  }
}
