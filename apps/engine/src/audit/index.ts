export { AUDIT } from './audit.module';
export { sealAnchorsOf } from './seal-anchors';
export { SealPublishingPolicy } from './seal-publishing.policy';
export { anchorFileOf } from './seal-anchors';
export { AccessLog, accessLogFile } from './access-log';
export type { AccessEntry, AccessLogCheck, LoggedAccess } from './access-log';
