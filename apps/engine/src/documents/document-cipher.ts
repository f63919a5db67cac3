import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A document is encrypted under a key of its own (AES-256-GCM, bound to the document's id), as
 * it streams to the store; the key, with the IV and the tag, is what the vault seals under the
 * applicant's person key. Erasing the person leaves ciphertext no one can open (crypto-shredding).
 */
export interface Encryption {
  readonly chunks: AsyncIterable<Buffer>;
  /** key ‖ iv ‖ tag, once `chunks` is consumed. */
  secret(): Buffer;
}

export function encrypting(source: AsyncIterable<Buffer>, documentId: string): Encryption {
  const key = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  let tag: Buffer | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(documentId));
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
  const decipher = createDecipheriv('aes-256-gcm', secret.subarray(0, KEY_BYTES), secret.subarray(KEY_BYTES, KEY_BYTES + IV_BYTES))
    .setAAD(Buffer.from(documentId));
  decipher.setAuthTag(secret.subarray(KEY_BYTES + IV_BYTES, KEY_BYTES + IV_BYTES + TAG_BYTES));
  let held: Buffer | undefined;
  for await (const chunk of chunks) {
    const clear = decipher.update(chunk);
    if (held) yield held;
    held = clear;
  }
  const last = decipher.final();
  yield Buffer.concat([held ?? Buffer.alloc(0), last]);
}
