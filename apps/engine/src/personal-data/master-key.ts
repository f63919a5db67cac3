import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { writeFileOnce } from '../files/write-file-once';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What wraps the persons' data keys and keys the blind index: a KMS master key in production
 * (README "Personal data": the data keys are wrapped by the KMS, the blind-index key is a KMS
 * HMAC key), a local master key file in the embedded default.
 */
export interface KeyWrapper {
  wrap(dataKey: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
  /** A keyed hash of an identity: equal identities match, and without the key the hash says nothing. */
  blindIndex(identity: string): string;
}

/**
 * The embedded default's master key: 32 random bytes in a file created on first start (mode
 * 0600). Losing it loses every person's data; copying it with the key store defeats the
 * separation, so production keeps it out of DATA_DIR (PERSONAL_DATA_MASTER_KEY_FILE) or uses a KMS.
 */
export class LocalMasterKey implements KeyWrapper {
  private constructor(private readonly wrapKey: Buffer, private readonly indexKey: Buffer) {}

  static open(file: string): LocalMasterKey {
    if (!fs.existsSync(file)) writeFileOnce(file, randomBytes(32).toString('base64'));
    const master = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (master.length !== 32) throw new Error(`${file} must hold a 32-byte key, base64`);
    // One secret, two purposes kept apart: wrapping data keys, and the blind index.
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
    return new LocalMasterKey(derive('gov-engine personal-data key wrapping'), derive('gov-engine personal-data blind index'));
  }

  wrap(dataKey: Buffer): Buffer {
    return seal(this.wrapKey, dataKey, Buffer.from('data-key'));
  }

  unwrap(wrapped: Buffer): Buffer {
    return open(this.wrapKey, wrapped, Buffer.from('data-key'));
  }

  blindIndex(identity: string): string {
    return createHmac('sha256', this.indexKey).update(identity.trim().toUpperCase()).digest('base64url');
  }
}

/** AES-256-GCM: iv ‖ tag ‖ ciphertext. `aad` binds the ciphertext to its context (a person's id), so it cannot be moved to another. */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}
