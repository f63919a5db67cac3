import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Feature } from '../infrastructure/feature';
import { ACCESS_LOG_PROVIDERS, AccessAuditHttpController, AccessAuditInterceptor } from './access-audit';
import { SEAL_ANCHOR_PROVIDER } from './seal-anchors';
import { SealPublishingPolicy } from './seal-publishing.policy';

/**
 * The tamper-evident record's anchors outside the store: its seals published as they are made;
 * and the access log (who read whose data), where the API answers.
 */
@Module({})
export class AuditModule {}

export const AUDIT: Feature = {
  module: AuditModule,
  controllers: [AccessAuditHttpController],
  providers: [SEAL_ANCHOR_PROVIDER],
  apiProviders: [...ACCESS_LOG_PROVIDERS, { provide: APP_INTERCEPTOR, useClass: AccessAuditInterceptor }],
  policies: [SealPublishingPolicy],
};
