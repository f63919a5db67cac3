import { Logger } from '@nestjs/common';
import { maskPhone } from '@gov/domain';
import type { Delivery, NotificationGateway, OutgoingNotification, Recipient } from './notification-gateway.port';

/**
 * The embedded default, when no SMS gateway or WeChat account is configured: the notification
 * is recorded in the outbox table as sent on the `log` channel, and a log line says what went to
 * whom, the phone masked and the text left out (it carries the query code, which opens the case).
 */
export class LogGateway implements NotificationGateway {
  readonly channel = 'log' as const;
  private readonly logger = new Logger('notifications');

  canReach(): boolean {
    return true;
  }

  async send(notification: OutgoingNotification, recipient: Recipient): Promise<Delivery> {
    const to = recipient.phone ? maskPhone(recipient.phone) : 'no phone';
    this.logger.log(`${notification.kind} for case ${notification.caseNo} to ${to}: template ${notification.template.smsTemplateCode}`);
    return { outcome: 'sent', reference: null };
  }
}
