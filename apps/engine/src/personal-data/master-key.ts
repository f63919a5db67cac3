import { type CipherGCM, createCipheriv, createDecipheriv, createHmac, type DecipherGCM, hkdfSync, randomBytes } from 'node:crypto';
import type { CryptoSuite } from '@gov/event-store';
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
  /** The same identity's index as computed before a change of suite: persons stored then are found by it. */
  formerBlindIndexes?(identity: string): string[];
}

/**
 * The embedded default's master key: 32 random bytes in a file created on first start (mode
 * 0600). Losing it loses every person's data; copying it with the key store defeats the
 * separation, so production keeps it out of DATA_DIR (PERSONAL_DATA_MASTER_KEY_FILE) or uses a KMS.
 */
export class LocalMasterKey implements KeyWrapper {
  private constructor(
    private readonly wrapKey: Buffer,
    private readonly indexKey: Buffer,
    private readonly sm4WrapKey: Buffer,
    /** gm: new data keys are wrapped with SM4-GCM. */
    private readonly wrapInSm4: boolean,
  ) {}

  /**
   * `suite` says how new data keys are wrapped (AES-256-GCM, or SM4-GCM in gm); either kind
   * is unwrapped whatever the suite, so a key table holds both after CRYPTO_SUITE changes. The
   * blind index of a new person is HMAC-SM3 in gm (`sm3:`…), HMAC-SHA256 otherwise; in gm a
   * person stored before is still found by the HMAC-SHA256 index (docs/decisions/0061).
   */
  static open(file: string, suite: CryptoSuite = 'international'): LocalMasterKey {
    if (!fs.existsSync(file)) writeFileOnce(file, randomBytes(32).toString('base64'));
    const master = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (master.length !== 32) throw new Error(`${file} must hold a 32-byte key, base64`);
    // One secret, two purposes kept apart: wrapping data keys, and the blind index.
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
    const sm4 = Buffer.from(hkdfSync('sm3', master, Buffer.alloc(0), 'gov-engine personal-data key wrapping sm4', SM4_KEY_BYTES));
    return new LocalMasterKey(derive('gov-engine personal-data key wrapping'), derive('gov-engine personal-data blind index'), sm4, suite === 'gm');
  }

  wrap(dataKey: Buffer): Buffer {
    if (this.wrapInSm4) return Buffer.concat([SM4_WRAPPED, sealSm4(this.sm4WrapKey, dataKey, Buffer.from('data-key'))]);
    return seal(this.wrapKey, dataKey, Buffer.from('data-key'));
  }

  unwrap(wrapped: Buffer): Buffer {
    if (isSm4Wrapped(wrapped)) return openSm4(this.sm4WrapKey, wrapped.subarray(SM4_WRAPPED.length), Buffer.from('data-key'));
    return open(this.wrapKey, wrapped, Buffer.from('data-key'));
  }

  blindIndex(identity: string): string {
    if (this.wrapInSm4) return `sm3:${createHmac('sm3', this.indexKey).update(normalized(identity)).digest('base64url')}`;
    return createHmac('sha256', this.indexKey).update(normalized(identity)).digest('base64url');
  }

  formerBlindIndexes(identity: string): string[] {
    return this.wrapInSm4 ? [createHmac('sha256', this.indexKey).update(normalized(identity)).digest('base64url')] : [];
  }
}

const normalized = (identity: string) => identity.trim().toUpperCase();

const SM4_KEY_BYTES = 16;
/**
 * What marks a data key wrapped with SM4-GCM: 4 bytes before iv ‖ tag ‖ ciphertext, 64 bytes in
 * all. A key wrapped with AES-256-GCM (written before suites) is 60 bytes and has no mark.
 */
const SM4_WRAPPED = Buffer.from('SM4\u0001', 'latin1');
const AES_WRAPPED_BYTES = IV_BYTES + TAG_BYTES + 32;

function isSm4Wrapped(wrapped: Buffer): boolean {
  return wrapped.length !== AES_WRAPPED_BYTES && wrapped.subarray(0, SM4_WRAPPED.length).equals(SM4_WRAPPED);
}

/** The SM4 key of a person's data key: HKDF-SM3 to SM4's 128 bits, so one stored key serves both suites. */
export function sm4KeyOf(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sm3', dataKey, Buffer.alloc(0), 'gov-engine personal data sm4-gcm', SM4_KEY_BYTES));
}

/** SM4-GCM (GB/T 32907, GCM as RFC 8998): iv ‖ tag ‖ ciphertext, as seal() does with AES. */
export function sealSm4(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = (createCipheriv('sm4-gcm', key, iv) as CipherGCM).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

export function openSm4(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = (createDecipheriv('sm4-gcm', key, sealed.subarray(0, IV_BYTES)) as DecipherGCM).setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
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
