import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import type { DocumentStore } from './document-store.port';
import { FileDocumentStore } from './file-document-store';
import { CHUNK_BYTES, PostgresDocumentStore } from './postgres-document-store';

interface StoreUnderTest {
  readonly name: string;
  /** The store of one test: the same one each call (a restart opens it again). */
  open(dir: string, id: string): Promise<DocumentStore>;
  /** How many pieces of stored bytes there are (files, or chunk rows), drafts included. */
  pieces(dir: string, id: string): Promise<number>;
  /** The largest piece of bytes the store wrote in one go. */
  largestPiece(dir: string, id: string): Promise<number>;
  cleanUp(id: string): Promise<void>;
}

const POSTGRES_URL = process.env.POSTGRES_URL;
const filesUnder = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
const stores: StoreUnderTest[] = [{
  name: 'files under DATA_DIR',
  open: async (dir) => new FileDocumentStore(dir),
  pieces: async (dir) => filesUnder(dir).length,
  largestPiece: async () => 0,
  cleanUp: async () => undefined,
}];
// The read-model stores under test say whether PostgreSQL runs here (and fail when CI requires it).
if (readModelStoresUnderTest().some((store) => store.name === 'postgres')) {
  const query = async <T extends object>(id: string, sql: string) => {
    const pool = new Pool({ connectionString: POSTGRES_URL, max: 1, options: `-c search_path=${id}` });
    return (await pool.query<T>(sql).finally(() => pool.end())).rows;
  };
  stores.push({
    name: 'PostgreSQL',
    open: (_dir, id) => PostgresDocumentStore.open(POSTGRES_URL as string, id),
    pieces: async (_dir, id) => Number((await query<{ n: string }>(id, 'SELECT count(*) AS n FROM document_chunks'))[0].n),
    largestPiece: async (_dir, id) => Number((await query<{ n: string | null }>(id, 'SELECT max(length(bytes)) AS n FROM document_chunks'))[0].n ?? 0),
    cleanUp: async (id) => {
      const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${id} CASCADE`).finally(() => admin.end());
    },
  });
}

/** `bytes` in pieces of odd sizes, as a network delivers them. */
async function* inPieces(bytes: Buffer, size = 70_001): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function readAll(chunks: AsyncIterable<Buffer> | null): Promise<Buffer | null> {
  if (!chunks) return null;
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe.each(stores)('the document store on $name', (store) => {
  let dir: string;
  let id: string;
  let documents: DocumentStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'documents-'));
    id = `d_${randomBytes(6).toString('hex')}`;
    documents = await store.open(dir, id);
  });
  afterEach(async () => {
    await documents.close();
    await store.cleanUp(id);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps streamed bytes under their SHA-256 and gives them back whole after a restart', async () => {
    const bytes = randomBytes(CHUNK_BYTES * 3 + 12_345);
    const stored = await documents.put(inPieces(bytes));
    expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    await documents.close();
    documents = await store.open(dir, id);
    expect((await readAll(await documents.read(stored.sha256)))?.equals(bytes)).toBe(true);
  });

  it('never writes more than one chunk at a time', async () => {
    await documents.put(inPieces(randomBytes(CHUNK_BYTES * 2 + 1), 1_000_000));
    expect(await store.largestPiece(dir, id)).toBeLessThanOrEqual(CHUNK_BYTES);
  });

  it('keeps the same bytes once however often they are stored', async () => {
    const bytes = randomBytes(50_000);
    const [a, b] = await Promise.all([documents.put(inPieces(bytes, 999)), documents.put(inPieces(bytes, 4_096))]);
    expect(b).toEqual(a);
    const again = await documents.put(inPieces(bytes));
    expect(again).toEqual(a);
    expect(await store.pieces(dir, id)).toBe(1);
    expect((await readAll(await documents.read(a.sha256)))?.equals(bytes)).toBe(true);
  });

  it('keeps nothing of a source that fails midway, nor of one refused before its first byte', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield randomBytes(CHUNK_BYTES + 10);
      yield randomBytes(10);
      throw new Error('too large');
    }
    // eslint-disable-next-line require-yield
    async function* refused(): AsyncGenerator<Buffer> {
      throw new Error('not a PDF');
    }
    await expect(documents.put(failing())).rejects.toThrow('too large');
    await expect(documents.put(refused())).rejects.toThrow('not a PDF');
    expect(await store.pieces(dir, id)).toBe(0);
  });

  it('deletes bytes for good, across a restart, and a second delete is harmless', async () => {
    const kept = await documents.put(inPieces(randomBytes(CHUNK_BYTES + 7)));
    const deleted = await documents.put(inPieces(randomBytes(CHUNK_BYTES + 9)));
    expect(await documents.delete(deleted.sha256)).toBe(true);
    expect(await documents.delete(deleted.sha256)).toBe(false);
    expect(await documents.delete('../../etc/passwd')).toBe(false);
    await documents.close();
    documents = await store.open(dir, id);
    expect(await documents.read(deleted.sha256)).toBeNull();
    expect(await readAll(await documents.read(kept.sha256))).toHaveLength(CHUNK_BYTES + 7);
    expect(await store.pieces(dir, id)).toBe(store.name === 'PostgreSQL' ? 2 : 1);
  });

  it('answers null for bytes it does not hold, and for a name that is not a hash', async () => {
    expect(await documents.read('0'.repeat(64))).toBeNull();
    expect(await documents.read('../../etc/passwd')).toBeNull();
  });
});
