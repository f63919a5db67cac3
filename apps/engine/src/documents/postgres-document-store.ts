import { createHash, randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { DocumentStore, SHA256_HEX, StoredBlob } from './document-store.port';

/** Rows of at most 256 KiB: what one insert holds in memory, and one read. */
export const CHUNK_BYTES = 256 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS document_chunks (
  upload_id UUID NOT NULL,
  seq INTEGER NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (upload_id, seq)
);
CREATE TABLE IF NOT EXISTS document_blobs (
  sha256 TEXT PRIMARY KEY,
  upload_id UUID NOT NULL,
  size BIGINT NOT NULL,
  stored_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/**
 * Documents in the PostgreSQL the distributed setup already runs, for several API instances: a
 * document received at one is read at another. The bytes go in as rows of CHUNK_BYTES, inserted
 * as they arrive within one transaction, and the blob's row (its hash, known only at the end)
 * commits with them; the same bytes stored twice keep the first upload and roll the second back.
 * Reads fetch one chunk at a time. Commits wait for the WAL flush (synchronous_commit), so the
 * document is durable before the event naming it is appended.
 */
export class PostgresDocumentStore implements DocumentStore {
  private constructor(private readonly pool: Pool) {}

  static async open(connectionString: string, schema?: string): Promise<PostgresDocumentStore> {
    const pool = new Pool({ connectionString, max: 4, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    pool.on('error', () => undefined);
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(() => undefined);
    await pool.query(SCHEMA).catch((error: { code?: string }) => {
      // Two instances creating the tables at once: the loser finds them made.
      if (error.code !== '23505' && error.code !== '42P07') throw error;
    });
    return new PostgresDocumentStore(pool);
  }

  async put(source: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const uploadId = randomUUID();
      const { sha256, size } = await this.insertChunks(client, uploadId, source);
      const kept = await client.query('INSERT INTO document_blobs (sha256, upload_id, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
        [sha256, uploadId, size]);
      await client.query(kept.rowCount === 0 ? 'ROLLBACK' : 'COMMIT');
      return { sha256, size };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async read(sha256: string): Promise<AsyncIterable<Buffer> | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const { rows } = await this.pool.query<{ upload_id: string }>('SELECT upload_id FROM document_blobs WHERE sha256 = $1', [sha256]);
    return rows[0] ? this.chunksOf(rows[0].upload_id) : null;
  }

  /** The blob's row and its chunks in one transaction. PostgreSQL has no secure delete: the bytes stay in free pages until vacuumed over, and in WAL archives. */
  async delete(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ upload_id: string }>('DELETE FROM document_blobs WHERE sha256 = $1 RETURNING upload_id', [sha256]);
      if (rows[0]) await client.query('DELETE FROM document_chunks WHERE upload_id = $1', [rows[0].upload_id]);
      await client.query('COMMIT');
      return rows.length > 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async insertChunks(client: PoolClient, uploadId: string, source: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (bytes: Buffer) => {
      await client.query('INSERT INTO document_chunks (upload_id, seq, bytes) VALUES ($1, $2, $3)', [uploadId, seq, bytes]);
      seq += 1;
    };
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.byteLength;
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.byteLength;
      while (pendingBytes >= CHUNK_BYTES) {
        const joined = Buffer.concat(pending);
        await flush(joined.subarray(0, CHUNK_BYTES));
        pending = [joined.subarray(CHUNK_BYTES)];
        pendingBytes -= CHUNK_BYTES;
      }
    }
    if (pendingBytes > 0) await flush(Buffer.concat(pending));
    return { sha256: hash.digest('hex'), size };
  }

  private async *chunksOf(uploadId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq += 1) {
      const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM document_chunks WHERE upload_id = $1 AND seq = $2', [uploadId, seq]);
      if (!rows[0]) return;
      yield rows[0].bytes;
    }
  }
}
