import { randomBytes } from 'node:crypto';
import { admitted, mediaTypeOf } from './document-admission';
import { decrypting, encrypting } from './document-cipher';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1000)]);
async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
async function all(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('admitting a document', () => {
  it('knows PDF, JPEG, PNG and OFD (a ZIP container) by their first bytes, nothing by its name', () => {
    expect(mediaTypeOf(PDF)).toBe('application/pdf');
    expect(mediaTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]))).toBe('image/jpeg');
    expect(mediaTypeOf(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe('image/png');
    expect(mediaTypeOf(Buffer.from('504b030414000000', 'hex'))).toBe('application/ofd');
    expect(mediaTypeOf(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
  });

  it('passes the bytes on unchanged, however they are cut, the head held until it can be judged', async () => {
    expect((await all(admitted(pieces(PDF, 3), 'application/pdf', 10_000))).equals(PDF)).toBe(true);
  });

  it('refuses before passing anything on when the bytes are not the declared type (415)', async () => {
    const passed: Buffer[] = [];
    await expect((async () => {
      for await (const chunk of admitted(pieces(PDF, 3), 'image/png', 10_000)) passed.push(chunk);
    })()).rejects.toMatchObject({ status: 415, response: { code: 'DOCUMENT.UNSUPPORTED_TYPE' } });
    expect(passed).toEqual([]);
    await expect(all(admitted(pieces(Buffer.alloc(0), 1), 'application/pdf', 10))).rejects.toMatchObject({ status: 415 });
  });

  it('refuses as soon as the bytes pass the limit (413)', async () => {
    await expect(all(admitted(pieces(PDF, 100), 'application/pdf', 500))).rejects.toMatchObject({ status: 413, response: { code: 'DOCUMENT.TOO_LARGE' } });
  });
});

describe('a document\'s own encryption', () => {
  it.each(['international', 'gm'] as const)('opens with its secret and its id only, and finds a changed byte (%s)', async (suite) => {
    const encryption = encrypting(pieces(PDF, 100), 'd-1', suite);
    expect(encryption).toBeDefined();
    const sealed = await all(encryption.chunks);
    expect(sealed.includes(PDF.subarray(0, 200))).toBe(false);
    expect((await all(decrypting(pieces(sealed, 77), encryption.secret(), 'd-1'))).equals(PDF)).toBe(true);
    await expect(all(decrypting(pieces(sealed, 77), encryption.secret(), 'd-2'))).rejects.toThrow();
    const tampered = Buffer.from(sealed);
    tampered[500] ^= 1;
    await expect(all(decrypting(pieces(tampered, 77), encryption.secret(), 'd-1'))).rejects.toThrow();
    // SM4-GCM in the gm suite: a 16-byte key (GB/T 32907), so the secret is 44 bytes, not AES's 60.
    expect(encryption.secret()).toHaveLength(suite === 'gm' ? 44 : 60);
  });
});
