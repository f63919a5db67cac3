import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationPolicy } from './notification.policy';
import { NotificationsHttpController } from './notifications.http.controller';
import { NOTIFICATION_PROVIDERS } from './notifications.providers';

/** Notifications (告知): the applicant told of each step of their case, by SMS, WeChat or the embedded log. */
@Module({})
export class NotificationsModule {}

export const NOTIFICATIONS: Feature = {
  module: NotificationsModule,
  controllers: [NotificationsHttpController],
  providers: [...NOTIFICATION_PROVIDERS],
  policies: [NotificationPolicy, NotificationDispatcher],
};
