export { NOTIFICATIONS } from './notifications.module';
export { NOTIFICATION_TABLES } from './notification-outbox';
export { NotificationDispatcher } from './notification-dispatcher';
export { NotificationPolicy } from './notification.policy';
