import { type CryptoSuite, RecordDigest, recordHash } from '../../audit/crypto-suite';

/**
 * The hashes of the tamper-evident record, shared by the store (which writes them in the
 * transaction that writes the events) and the verifier (which recomputes them).
 *
 * Canonical form of an event: a format tag, then every field in the fixed order below, each
 * as its UTF-8 byte length, a colon, the value and a newline (numbers in decimal; a missing
 * previous hash as the empty value, which no hash is). Length prefixes make it unambiguous
 * without escaping anything, so it is cheap (docs/decisions/0016) and any
 * language can recompute it. `data` and `metadata` enter as the JSON text stored in their
 * columns, byte for byte: the hash vouches for exactly what is on disk and costs no
 * re-serialisation; personal fields enter as the ciphertext that is stored, so shredding a
 * person's key (which deletes the key, not the event) breaks no hash.
 */
export const EVENT_HASH_FORMAT = 'gov-event/1';
export const SEAL_HASH_FORMAT = 'gov-seal/1';

/** Every column of an event row; `previous` is the hash of the event before it in its stream. */
export interface HashedEventFields {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** null for a stream's first event (revision 0): the chain's genesis. */
  readonly previous: string | null;
}

const field = (value: string | number): string => {
  const text = String(value);
  return `${Buffer.byteLength(text)}:${text}\n`;
};

/** The canonical form's hash in `suite` (SHA-256 in hex, or `sm3:` and SM3 in hex: crypto-suite.ts). */
export function eventHash(event: HashedEventFields, suite: CryptoSuite = 'international'): string {
  const canonical =
    field(EVENT_HASH_FORMAT) +
    field(event.position) +
    field(event.streamId) +
    field(event.revision) +
    field(event.eventId) +
    field(event.type) +
    field(event.schemaVersion) +
    field(event.data) +
    field(event.metadata) +
    field(event.occurredAt) +
    field(event.recordedAt) +
    field(event.previous ?? '');
  return recordHash(suite, canonical);
}

/** Why a seal was written: the genesis marker, hashing an older file, policy, an operator's request, or a change of the store's crypto suite. */
export type SealReason = 'genesis' | 'migration' | 'count' | 'time' | 'request' | 'suite';

export interface SealHeader {
  /** 1 for the genesis seal, then consecutive. */
  readonly seq: number;
  /** Last global position covered; the seal covers the positions after the previous seal's, up to this. */
  readonly position: number;
  readonly previousPosition: number;
  readonly reason: SealReason;
  readonly sealedAt: string;
  /** The previous seal's hash; null for the genesis seal. */
  readonly previousHash: string | null;
}

/**
 * seal hash = H(header with the previous seal's hash, then the stored hash of every event
 * since the previous seal, in position order), H of the seal's suite: a seal in the gm suite
 * chains to an international one before it as to any other. Fed one event at a time, so sealing or
 * verifying a million events (a migrated file) holds no list of them in memory.
 */
export class SealHasher {
  private readonly hash: RecordDigest;

  constructor(header: SealHeader, suite: CryptoSuite = 'international') {
    this.hash = new RecordDigest(suite).update(
      JSON.stringify([
        SEAL_HASH_FORMAT,
        header.seq,
        header.previousPosition,
        header.position,
        header.reason,
        header.sealedAt,
        header.previousHash,
      ]),
    );
  }

  /** A missing hash (a row the store did not write) enters as an empty line, so it cannot match. */
  add(eventHashHex: string | null): this {
    this.hash.update(`\n${eventHashHex ?? ''}`);
    return this;
  }

  /** The same as add() for each, in one update: a page of the log at a time. */
  addAll(eventHashesHex: readonly (string | null)[]): this {
    if (eventHashesHex.length > 0) this.hash.update(`\n${eventHashesHex.map((hex) => hex ?? '').join('\n')}`);
    return this;
  }

  digest(): string {
    return this.hash.digest();
  }
}
