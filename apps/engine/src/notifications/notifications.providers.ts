import type { Provider } from '@nestjs/common';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { NOTIFICATION_TEMPLATES } from './notification-dispatcher';
import { NOTIFICATION_GATEWAYS, NotificationGateway } from './notification-gateway.port';
import { loadTemplates } from './notification-templates';
import { LogGateway } from './log-gateway';
import { SmsHttpGateway } from './sms-http-gateway';
import { WechatTemplateGateway } from './wechat-template-gateway';

/** The gateways in the order they are tried: WeChat, then SMS; the log only when neither is configured (the embedded default). */
export function gatewaysFor(config: EngineConfig): NotificationGateway[] {
  const { sms, wechat } = config.notifications ?? {};
  const gateways: NotificationGateway[] = [...(wechat ? [new WechatTemplateGateway(wechat)] : []), ...(sms ? [new SmsHttpGateway(sms)] : [])];
  return gateways.length > 0 ? gateways : [new LogGateway()];
}

export const NOTIFICATION_PROVIDERS: Provider[] = [
  { provide: NOTIFICATION_GATEWAYS, inject: [ENGINE_CONFIG], useFactory: gatewaysFor },
  { provide: NOTIFICATION_TEMPLATES, inject: [ENGINE_CONFIG], useFactory: (config: EngineConfig) => loadTemplates(config.notifications?.templatesFile) },
];
