import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { DOCUMENT_MEDIA_TYPES, DocumentMediaType } from '@gov/domain';

/** The first bytes of each type taken. An OFD file is a ZIP container (GB/T 33190): its magic is the ZIP's. */
const MAGIC: Readonly<Record<DocumentMediaType, Buffer>> = {
  'application/pdf': Buffer.from('%PDF-', 'latin1'),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/ofd': Buffer.from([0x50, 0x4b, 0x03, 0x04]),
};
const HEAD_BYTES = 8;

export function isDocumentMediaType(value: unknown): value is DocumentMediaType {
  return typeof value === 'string' && (DOCUMENT_MEDIA_TYPES as readonly string[]).includes(value);
}

/** The type the first bytes say, if it is one taken. */
export function mediaTypeOf(head: Buffer): DocumentMediaType | null {
  return (DOCUMENT_MEDIA_TYPES.find((type) => head.subarray(0, MAGIC[type].length).equals(MAGIC[type])) ?? null);
}

export function tooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException({ code: 'DOCUMENT.TOO_LARGE', message: `a document may be at most ${maxBytes} bytes` });
}

export function unsupportedType(declared: string, found: DocumentMediaType | null): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException({
    code: 'DOCUMENT.UNSUPPORTED_TYPE',
    message: `a document is PDF, JPEG, PNG or OFD, its first bytes saying so; declared ${declared || 'nothing'}, the bytes are ${found ?? 'none of them'}`,
  });
}

/**
 * The document's bytes as they pass, refused before the first byte goes on when they do not
 * start as the declared type says (415), and refused as soon as they pass `maxBytes` (413): the
 * store drops what it had, so a refusal leaves nothing behind.
 */
export async function* admitted(source: AsyncIterable<Uint8Array>, declared: DocumentMediaType, maxBytes: number): AsyncGenerator<Buffer> {
  let head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  for await (const piece of source) {
    const chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    if (head.length === 0 && headBytes >= HEAD_BYTES) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < HEAD_BYTES) continue;
    yield checkedHead(Buffer.concat(head), declared);
    head = [];
  }
  if (head.length > 0) yield checkedHead(Buffer.concat(head), declared);
  else if (size === 0) throw unsupportedType(declared, null);
}

function checkedHead(head: Buffer, declared: DocumentMediaType): Buffer {
  const found = mediaTypeOf(head);
  if (found !== declared) throw unsupportedType(declared, found);
  return head;
}
