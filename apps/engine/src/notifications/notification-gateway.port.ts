import type { KindTemplate, NotificationKind } from './notification-templates';

/** One notification, ready to go: what it is, and its wording for each channel. */
export interface OutgoingNotification {
  /** The id of the event it tells of: one notification per event, and the provider's reference back to it (OutId). */
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly caseNo: string;
  readonly signName: string;
  readonly template: KindTemplate;
  /** The template's parameters, strings only (the SMS providers' TemplateParam). */
  readonly params: Readonly<Record<string, string>>;
  /** The text rendered from the template. */
  readonly text: string;
}

/** Whom to reach, in clear: only ever in memory, unsealed from the vault just before sending. */
export interface Recipient {
  readonly phone?: string;
  readonly wechatOpenId?: string;
}

/**
 * What a gateway made of it: sent (with the provider's reference), worth another try later (the
 * provider down, throttling, a timeout), or refused for good (a bad number, an unsubscribed
 * openid, a template the provider does not know): dead-lettered with the reason.
 */
export type Delivery =
  | { readonly outcome: 'sent'; readonly reference: string | null }
  | { readonly outcome: 'retry'; readonly reason: string }
  | { readonly outcome: 'refused'; readonly reason: string };

export const NOTIFICATION_GATEWAYS = Symbol('NOTIFICATION_GATEWAYS');

/** A way to reach an applicant: SMS through an HTTP gateway, WeChat template messages, or the embedded log. */
export interface NotificationGateway {
  readonly channel: 'sms' | 'wechat' | 'log';
  canReach(recipient: Recipient): boolean;
  send(notification: OutgoingNotification, recipient: Recipient): Promise<Delivery>;
}
