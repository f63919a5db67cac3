import * as fs from 'node:fs';
import bundled from './notification-templates.zh-CN.json';

export const NOTIFICATION_KINDS = ['receipt', 'materials-requested', 'suspended', 'resumed', 'fee-assessed', 'completed', 'overdue-apology'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface KindTemplate {
  /** The SMS provider's template code: the provider holds the approved text, the engine sends the parameters. */
  readonly smsTemplateCode: string;
  /** The WeChat service account's template id. */
  readonly wechatTemplateId: string;
  readonly title: string;
  /** The text with {parameters}, as the embedded log channel writes it and WeChat shows it. */
  readonly text: string;
}

/** The notifications' wording: data (a JSON file, NOTIFY_TEMPLATES_FILE to replace it), never code. */
export interface NotificationTemplates {
  readonly signName: string;
  readonly kinds: Readonly<Record<NotificationKind, KindTemplate>>;
  readonly outcomes: Readonly<Record<string, string>>;
  readonly collection: Readonly<Record<string, string>>;
  readonly suspensionReasons: Readonly<Record<string, string>>;
}

export function loadTemplates(file?: string): NotificationTemplates {
  const templates = (file ? JSON.parse(fs.readFileSync(file, 'utf8')) : bundled) as NotificationTemplates;
  const missing = NOTIFICATION_KINDS.filter((kind) => !templates.kinds?.[kind]?.text);
  if (missing.length > 0) throw new Error(`the notification templates${file ? ` in ${file}` : ''} lack ${missing.join(', ')}`);
  return templates;
}

/** `{name}` replaced by the parameter; a parameter the template does not use is not sent in the text. */
export function render(text: string, params: Readonly<Record<string, string>>): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (_match, name: string) => params[name] ?? '');
}
