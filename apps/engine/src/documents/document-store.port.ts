export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

/** Bytes as a store keeps them: addressed by their SHA-256 (hex), which the case's event records. */
export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Where documents' bytes live, apart from the events: the events name a document by the hash of
 * its stored bytes, the store keeps the bytes under it. Adapters: a directory under DATA_DIR (the
 * embedded default) and PostgreSQL (several API instances); both pass the same contract
 * (`document-store.contract.ts`). Neither ever holds a whole document in memory.
 */
export interface DocumentStore {
  /**
   * Stores the bytes `source` yields, durable before it resolves (the event naming them is
   * appended after). The same bytes stored twice are kept once. When `source` throws (a refusal
   * midway: too large, a wrong type), nothing is kept and the error is rethrown.
   */
  put(source: AsyncIterable<Uint8Array>): Promise<StoredBlob>;
  /** The bytes stored under `sha256`, chunk by chunk, or null when there are none. */
  read(sha256: string): Promise<AsyncIterable<Buffer> | null>;
  /**
   * Deletes the bytes stored under `sha256`, durably before it resolves; false when there were
   * none (deleting twice is harmless). Each document's bytes are its own (a key and IV of its
   * own make every ciphertext unique), so no other document loses its bytes.
   */
  delete(sha256: string): Promise<boolean>;
  close(): Promise<void>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
