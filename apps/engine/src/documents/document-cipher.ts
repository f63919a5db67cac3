import { type CipherGCM, createCipheriv, createDecipheriv, type DecipherGCM, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256-GCM (international) or SM4-GCM (gm, GB/T 32907): the secret's length says which (a 32- or 16-byte key). */
const CIPHERS = { international: { name: 'aes-256-gcm', keyBytes: 32 }, gm: { name: 'sm4-gcm', keyBytes: 16 } } as const;
type Suite = keyof typeof CIPHERS;

/**
 * A document is encrypted under a key of its own (AES-256-GCM, or SM4-GCM in the gm suite; bound to the document's id), as
 * it streams to the store; the key, with the IV and the tag, is what the vault seals under the
 * applicant's person key. Erasing the person leaves ciphertext no one can open (crypto-shredding).
 */
export interface Encryption {
  readonly chunks: AsyncIterable<Buffer>;
  /** key ‖ iv ‖ tag, once `chunks` is consumed. */
  secret(): Buffer;
}

export function encrypting(source: AsyncIterable<Buffer>, documentId: string, suite: Suite = 'international'): Encryption {
  const { name, keyBytes } = CIPHERS[suite];
  const key = randomBytes(keyBytes);
  const iv = randomBytes(IV_BYTES);
  let tag: Buffer | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    const cipher = (createCipheriv(name, key, iv) as CipherGCM).setAAD(Buffer.from(documentId));
    for await (const chunk of source) yield cipher.update(chunk);
    const last = cipher.final();
    tag = cipher.getAuthTag();
    if (last.length > 0) yield last;
  }
  return {
    chunks: chunks(),
    secret: () => {
      if (!tag) throw new Error('the document is not encrypted yet');
      return Buffer.concat([key, iv, tag]);
    },
  };
}

/** The document in clear, chunk by chunk; a tampered file throws at its end (the tag), before the last chunk is given. */
export async function* decrypting(chunks: AsyncIterable<Buffer>, secret: Buffer, documentId: string): AsyncGenerator<Buffer> {
  const { name, keyBytes } = secret.length === CIPHERS.gm.keyBytes + IV_BYTES + TAG_BYTES ? CIPHERS.gm : CIPHERS.international;
  const decipher = (createDecipheriv(name, secret.subarray(0, keyBytes), secret.subarray(keyBytes, keyBytes + IV_BYTES)) as DecipherGCM)
    .setAAD(Buffer.from(documentId));
  decipher.setAuthTag(secret.subarray(keyBytes + IV_BYTES, keyBytes + IV_BYTES + TAG_BYTES));
  let held: Buffer | undefined;
  for await (const chunk of chunks) {
    const clear = decipher.update(chunk);
    if (held) yield held;
    held = clear;
  }
  const last = decipher.final();
  yield Buffer.concat([held ?? Buffer.alloc(0), last]);
}
