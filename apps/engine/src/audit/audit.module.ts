import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { SEAL_ANCHOR_PROVIDER } from './seal-anchors';
import { SealPublishingPolicy } from './seal-publishing.policy';

/** The tamper-evident record's anchors outside the store: its seals published as they are made. */
@Module({})
export class AuditModule {}

export const AUDIT: Feature = { module: AuditModule, providers: [SEAL_ANCHOR_PROVIDER], policies: [SealPublishingPolicy] };
