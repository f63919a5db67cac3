/**
 * How the applicant wants to hear about their case: not at all (opted out), or by WeChat
 * (their service-account openid, sealed under their person key like any personal field), else
 * by SMS to the phone on the receipt. The notifier reads the latest choice before each message.
 */
export interface NotificationPreferences {
  readonly optedOut: boolean;
  /** The openid sealed by the vault for the purpose `wechat-openid`; null for none. */
  readonly wechatOpenId: string | null;
}

export type SetNotificationPreferences = { readonly type: 'SetNotificationPreferences'; readonly data: NotificationPreferences };

/** Any case, in any state, takes the applicant's choice: a completed case still sends the overdue apology or the collection notice. */
export function setNotificationPreferences(command: SetNotificationPreferences, at: string) {
  return [{ type: 'NotificationPreferencesSet' as const, data: { at, ...command.data } }];
}
