import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSealSigningKey, type SealSigningKey, sealSigningKeyOf, sm2PublicKeyPem } from '@gov/event-store';
import type { EngineConfig } from '../config/engine.config';
import { writeFileOnce } from '../files/write-file-once';

/** SEAL_SIGNING_KEY_FILE, or DATA_DIR/audit/seal-signing.key. */
export function sealSigningKeyFileOf(config: Pick<EngineConfig, 'sealSigningKeyFile' | 'dataDir'>): string {
  return config.sealSigningKeyFile ?? path.join(config.dataDir, 'audit', 'seal-signing.key');
}

/** Beside the key: its public half as PEM, for anyone verifying the seals with openssl (docs/security.md). */
export const publicKeyFileOf = (keyFile: string) => keyFile.replace(/(\.key)?$/, '.pub.pem');

/**
 * The engine's SM2 key for signing seals in the gm suite: created on first use (mode 0600,
 * written once, like the token secret), its public key written beside it. The seals carry the
 * public key too; an operator keeps a copy of it away from the machine to tell the engine's
 * signatures from anyone else's.
 */
export function loadSealSigningKey(file: string): SealSigningKey {
  if (!fs.existsSync(file)) writeFileOnce(file, `${generateSealSigningKey().privateKey}\n`);
  const key = sealSigningKeyOf(fs.readFileSync(file, 'utf8').trim());
  const publicFile = publicKeyFileOf(file);
  if (!fs.existsSync(publicFile)) fs.writeFileSync(publicFile, sm2PublicKeyPem(key.publicKey));
  return key;
}

/** The engine's public key when its key file exists (audit:verify checks the gm seals against it), without creating one. */
export function existingSealSigner(file: string): string | undefined {
  return fs.existsSync(file) ? sealSigningKeyOf(fs.readFileSync(file, 'utf8').trim()).publicKey : undefined;
}
