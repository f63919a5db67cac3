import * as path from 'node:path';
import { Logger, Provider } from '@nestjs/common';
import { AppendOnlySealFile, SealAnchor } from '@gov/event-store';
import { createKafka, KafkaSealAnchor, loadKafkaSettings } from '@gov/messaging';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';

export const SEAL_ANCHORS = Symbol('SEAL_ANCHORS');

/** AUDIT_ANCHOR_FILE, or DATA_DIR/audit/seal-anchor.jsonl. */
export function anchorFileOf(config: Pick<EngineConfig, 'auditAnchorFile' | 'dataDir'>): string {
  return config.auditAnchorFile ?? path.join(config.dataDir, 'audit', 'seal-anchor.jsonl');
}

/** Where this deployment publishes its seals: the anchor file always, the `audit-seals` topic where Kafka runs. */
export function sealAnchorsOf(config: EngineConfig): SealAnchor[] {
  const anchors: SealAnchor[] = [new AppendOnlySealFile(anchorFileOf(config))];
  if (config.messaging === 'kafka') {
    const settings = loadKafkaSettings({ ...process.env, KAFKA_BROKERS: (config.kafkaBrokers ?? []).join(',') }, 'gov-engine-seals');
    const logger = new Logger('kafka');
    anchors.push(new KafkaSealAnchor(createKafka(settings, {
      debug: (m) => logger.debug(m), info: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m),
    }), settings));
  }
  return anchors;
}

export const SEAL_ANCHOR_PROVIDER: Provider = { provide: SEAL_ANCHORS, inject: [ENGINE_CONFIG], useFactory: sealAnchorsOf };
