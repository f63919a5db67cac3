import { createHash, type Hash, randomBytes } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * The cryptographic suite of the tamper-evident record, store-neutral (any store that keeps
 * event hashes and seals as text uses it: SQLite here, PostgreSQL alike).
 *
 * - `international`: SHA-256 hashes, seals unsigned (the record as it was before suites).
 * - `gm` (商用密码, GB/T 39786-2021): SM3 hashes (GB/T 32905) and seals signed with SM2
 *   (GB/T 32918) under the engine's own key, the default distinguishing identifier.
 *
 * The suite is recorded with every hash, so one store can hold both and a verifier needs no
 * setting: an SM3 hash is stored as `sm3:<hex>`, a SHA-256 hash as bare hex (as every hash
 * written before suites existed, which therefore stays valid unchanged).
 */
export type CryptoSuite = 'international' | 'gm';

export const CRYPTO_SUITES: readonly CryptoSuite[] = ['international', 'gm'];

const SM3_TAG = 'sm3:';

export function isCryptoSuite(value: unknown): value is CryptoSuite {
  return value === 'international' || value === 'gm';
}

/** The suite a stored hash was made in. */
export function suiteOfHash(hash: string): CryptoSuite {
  return hash.startsWith(SM3_TAG) ? 'gm' : 'international';
}

/** Whether `hash` is a well-formed stored hash of either suite. */
export function isRecordHash(hash: string): boolean {
  return /^(sm3:)?[0-9a-f]{64}$/.test(hash);
}

/** A digest of the suite, fed in pieces; `digest()` gives the stored, tagged form. */
export class RecordDigest {
  private readonly hash: Hash;

  constructor(readonly suite: CryptoSuite) {
    this.hash = createHash(suite === 'gm' ? 'sm3' : 'sha256');
  }

  update(text: string): this {
    this.hash.update(text);
    return this;
  }

  digest(): string {
    const hex = this.hash.digest('hex');
    return this.suite === 'gm' ? SM3_TAG + hex : hex;
  }
}

/** The stored, tagged hash of `text` in `suite`. */
export function recordHash(suite: CryptoSuite, text: string): string {
  return new RecordDigest(suite).update(text).digest();
}

/**
 * SM2's default distinguishing identifier (GM/T 0009-2012, GB/T 35276): what a verifier
 * assumes when none is named. OpenSSL's own default is the empty identifier, and Node's
 * crypto.sign cannot set one, hence the library (docs/decisions/0060).
 */
export const SM2_DEFAULT_ID = '1234567812345678';

/** The engine's SM2 key pair, as plain data (it crosses to the writer thread): hex, the public key uncompressed (04‖x‖y). */
export interface SealSigningKey {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A seal's signature and the public key it verifies under, as the seal row and its published copies carry them. */
export interface SealSignature {
  /** SM2 signature (DER, hex) of the seal's stored hash, as UTF-8 text, with the default identifier. */
  readonly signature: string;
  /** The signer's public key, uncompressed point in hex (04‖x‖y). */
  readonly signer: string;
}

// n - 1 of the SM2 curve (GB/T 32918.5): a private key lies in [1, n - 2].
const SM2_N_MINUS_1 = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122n;

export function generateSealSigningKey(): SealSigningKey {
  for (;;) {
    const d = BigInt(`0x${randomBytes(32).toString('hex')}`);
    if (d >= 1n && d < SM2_N_MINUS_1) {
      const privateKey = d.toString(16).padStart(64, '0');
      return { privateKey, publicKey: sm2.getPublicKeyFromPrivateKey(privateKey) };
    }
  }
}

export function signSeal(key: SealSigningKey, sealHash: string): SealSignature {
  const signature = sm2.doSignature(sealHash, key.privateKey, { hash: true, der: true, publicKey: key.publicKey, userId: SM2_DEFAULT_ID });
  return { signature, signer: key.publicKey };
}

/** Signers' public keys with their multiples precomputed: a verify then costs about a tenth (docs/decisions/0060). */
const precomputed = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();

function signerPoint(signer: string) {
  let point = precomputed.get(signer);
  if (!point) {
    if (precomputed.size >= 16) precomputed.clear();
    point = sm2.precomputePublicKey(signer);
    precomputed.set(signer, point);
  }
  return point;
}

export function verifySealSignature(sealHash: string, { signature, signer }: SealSignature): boolean {
  try {
    return sm2.doVerifySignature(sealHash, signature, signerPoint(signer), { hash: true, der: true, userId: SM2_DEFAULT_ID });
  } catch {
    return false;
  }
}

// SubjectPublicKeyInfo header for an uncompressed point on the SM2 curve (id-ecPublicKey, OID 1.2.156.10197.1.301).
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

/** The public key as a PEM SubjectPublicKeyInfo: what `openssl pkeyutl -verify` reads. */
export function sm2PublicKeyPem(publicKeyHex: string): string {
  const der = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** The key pair of a stored private key (hex). */
export function sealSigningKeyOf(privateKey: string): SealSigningKey {
  if (!/^[0-9a-f]{64}$/.test(privateKey)) throw new Error('an SM2 private key is 32 bytes in hex');
  return { privateKey, publicKey: sm2.getPublicKeyFromPrivateKey(privateKey) };
}
