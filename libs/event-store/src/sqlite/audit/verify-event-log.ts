import Database from 'better-sqlite3';
import { EVENT_ROW_COLUMNS, type EventRow as PlainEventRow, hashOfRow } from '../event-row';
import { SealHasher, type SealReason } from './record-hash';
import { type Seal, SEAL_ROW_COLUMNS, sealHasherOf, type SealRow } from './seals';

/**
 * Recomputes the tamper-evident record of an event-store file, read-only (safe while the
 * engine runs), in one pass in position order:
 * - each event's hash over its columns and the stored hash of the event before it in its
 *   stream: an edited row fails here, by name;
 * - positions and revisions without gaps or inversions: a deleted or moved row fails here;
 * - each seal over the stored event hashes since the previous seal: rows edited *and*
 *   rehashed (the chain recomputed by someone with the file) fail here, per sealed range;
 * - the store's own bookkeeping (stream heads, AUTOINCREMENT counter) against the rows: a
 *   deleted tail fails here unless that was rewritten too;
 * - an exported seal kept elsewhere, when given: catches a rewrite of the whole file,
 *   seals and bookkeeping included, up to that seal.
 */
export type AuditFindingKind =
  | 'altered'
  | 'unhashed'
  | 'missing-positions'
  | 'stream-order'
  | 'seal-mismatch'
  | 'seal-order'
  | 'stream-head'
  | 'tail-missing'
  | 'exported-seal';

export interface AuditFinding {
  readonly kind: AuditFindingKind;
  readonly message: string;
  readonly position?: number;
  readonly eventId?: string;
  readonly streamId?: string;
  readonly revision?: number;
  readonly sealSeq?: number;
}

export interface AuditReport {
  readonly intact: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  readonly sealsChecked: number;
  readonly latestSeal: Seal | undefined;
  /** Events after the latest seal: covered by their stream chains only until the next seal. */
  readonly unsealedEvents: number;
  /** In log order: the first is the first thing that does not match. */
  readonly findings: readonly AuditFinding[];
  /** Findings past MAX_FINDINGS, counted but not listed (one edit early in a stream can break many links). */
  readonly findingsOmitted: number;
}

export interface VerifyOptions {
  /** A seal exported earlier (`audit:seal`) and kept elsewhere; the file must still hold it, unchanged. */
  readonly exportedSeal?: Pick<Seal, 'seq' | 'position' | 'hash'>;
  /** Seals published outside the file as they were made (seal-anchor.ts); the file must hold each, unchanged. */
  readonly anchoredSeals?: readonly Pick<Seal, 'seq' | 'position' | 'hash'>[];
}

const MAX_FINDINGS = 100;

/** A row with the hash the store wrote (null: not written by the store). */
export interface EventRow extends PlainEventRow {
  readonly hash: string | null;
}

/** A row of the streams table: the head the store recorded for a stream. */
export interface StreamHeadRow {
  readonly stream_id: string;
  readonly revision: number;
  readonly hash: string | null;
}

interface StreamSeen {
  readonly revision: number;
  readonly hash: string | null;
}

const RECORD_SCHEMA_VERSION = 2;

export function verifyEventLog(file: string, options: VerifyOptions = {}): AuditReport {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version < RECORD_SCHEMA_VERSION) {
      throw new Error(`${file} is at schema v${version}, before the tamper-evident record: open it once with the engine to hash it`);
    }
    const audit = new LogAudit(db.prepare<[], SealRow>(`SELECT ${SEAL_ROW_COLUMNS} FROM seals ORDER BY seq`).all(), options);
    for (const row of db.prepare<[], EventRow>(`SELECT ${EVENT_ROW_COLUMNS}, hash FROM events ORDER BY position`).iterate()) audit.event(row);
    const heads = db.prepare<[], StreamHeadRow>('SELECT stream_id, revision, hash FROM streams').iterate();
    // AUTOINCREMENT's counter: never goes back.
    const counter = db.prepare<[], number>("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)").pluck().get() ?? 0;
    return audit.finish(heads, counter);
  } finally {
    db.close();
  }
}

const label = (row: EventRow) => `position ${row.position}, ${row.stream_id}@${row.revision} (${row.type}, event ${row.event_id})`;
const ofEvent = (row: EventRow) => ({ position: row.position, eventId: row.event_id, streamId: row.stream_id, revision: row.revision });

/**
 * The checks, whatever holds the rows (this file's SQLite, or PostgreSQL: verify-postgres-event-log.ts):
 * fed the seals, then every event in position order, then the stream heads and the store's counter.
 */
export class LogAudit {
  private readonly findings: AuditFinding[] = [];
  private omitted = 0;
  private readonly streams = new Map<string, StreamSeen>();
  private sealIndex = 0;
  private sealHasher: SealHasher | undefined;
  private lastPosition = 0;
  private eventsChecked = 0;
  private unsealedEvents = 0;
  private readonly latestSealPosition: number;
  private previous: EventRow | undefined;

  constructor(
    private readonly seals: readonly SealRow[],
    private readonly options: VerifyOptions,
  ) {
    this.checkSealOrder();
    this.startSeal();
    this.latestSealPosition = this.seals.at(-1)?.position ?? 0;
  }

  /** The next event of the log, in position order. */
  event(row: EventRow): void {
    this.checkPosition(this.previous, row);
    this.finishSealsBefore(row.position);
    this.sealHasher?.add(row.hash);
    this.checkEvent(row);
    this.eventsChecked += 1;
    if (row.position > this.latestSealPosition) this.unsealedEvents += 1;
    this.lastPosition = row.position;
    this.previous = row;
  }

  /** After the last event: the heads the store recorded for its streams, and the last position it numbered. */
  finish(streamHeads: Iterable<StreamHeadRow>, counter: number): AuditReport {
    this.finishSealsBefore(Number.POSITIVE_INFINITY);
    this.checkStreamHeads(streamHeads);
    this.checkCounter(counter);
    this.checkExportedSeal();
    const last = this.seals.at(-1);
    return {
      intact: this.findings.length === 0,
      eventsChecked: this.eventsChecked,
      streamsChecked: this.streams.size,
      sealsChecked: this.seals.length,
      latestSeal: last && { seq: last.seq, position: last.position, reason: last.reason, sealedAt: last.sealed_at, hash: last.hash },
      unsealedEvents: this.unsealedEvents,
      findings: this.findings,
      findingsOmitted: this.omitted,
    };
  }

  private report(finding: AuditFinding): void {
    if (this.findings.length < MAX_FINDINGS) this.findings.push(finding);
    else this.omitted += 1;
  }

  /** Positions are consecutive: the store assigns them in its write transaction and a rollback frees them. */
  private checkPosition(previous: EventRow | undefined, row: EventRow): void {
    const expected = this.lastPosition + 1;
    if (row.position === expected) return;
    const range = row.position - 1 === expected ? `position ${expected} is` : `positions ${expected}–${row.position - 1} are`;
    const after = previous ? `after ${label(previous)}` : 'at the start of the log';
    this.report({ kind: 'missing-positions', position: expected, message: `${range} missing ${after}, before ${label(row)}: deleted or moved` });
  }

  private checkEvent(row: EventRow): void {
    const before = this.streams.get(row.stream_id);
    const expectedRevision = before ? before.revision + 1 : 0;
    if (row.revision !== expectedRevision) {
      const what = row.revision > expectedRevision
        ? `revision ${expectedRevision} of ${row.stream_id} is missing before it: deleted or moved`
        : `it comes after revision ${before?.revision} of ${row.stream_id} in the log: reordered`;
      this.report({ kind: 'stream-order', ...ofEvent(row), message: `${label(row)}: ${what}` });
    }
    if (row.hash === null) {
      this.report({ kind: 'unhashed', ...ofEvent(row), message: `${label(row)}: has no hash (not written by the store)` });
    } else {
      const recomputed = hashOfRow(row, before?.hash ?? null);
      if (recomputed !== row.hash) {
        this.report({
          kind: 'altered',
          ...ofEvent(row),
          message: `${label(row)}: does not match its hash: its content, place or link to the event before it in ${row.stream_id} was changed`,
        });
      }
    }
    this.streams.set(row.stream_id, { revision: row.revision, hash: row.hash });
  }

  private checkSealOrder(): void {
    this.seals.forEach((seal, index) => {
      const previous = this.seals[index - 1];
      if (seal.seq !== index + 1 || (previous && seal.position < previous.position)) {
        this.report({ kind: 'seal-order', sealSeq: seal.seq, message: `seal #${seal.seq} (position ${seal.position}) is out of sequence: seals were deleted or edited` });
      }
    });
    if (this.seals.length === 0) this.report({ kind: 'seal-order', message: 'the file holds no seal, not even the genesis seal: seals were deleted' });
  }

  private startSeal(): void {
    const seal = this.seals[this.sealIndex];
    if (!seal) {
      this.sealHasher = undefined;
      return;
    }
    const previous = this.seals[this.sealIndex - 1];
    this.sealHasher = sealHasherOf(seal, previous);
  }

  /** Completes every seal that ends before `position`: all its events have been fed. */
  private finishSealsBefore(position: number): void {
    for (let seal = this.seals[this.sealIndex]; seal && seal.position < position; seal = this.seals[this.sealIndex]) {
      const previousPosition = this.seals[this.sealIndex - 1]?.position ?? 0;
      if (this.sealHasher?.digest() !== seal.hash) {
        const atEnd = position === Number.POSITIVE_INFINITY && seal.position > this.lastPosition;
        const beyond = atEnd ? `; the log ends at position ${this.lastPosition}: its tail was deleted` : '';
        this.report({
          kind: 'seal-mismatch',
          sealSeq: seal.seq,
          position: seal.position,
          message:
            `seal #${seal.seq} (positions ${previousPosition + 1}–${seal.position}, ${seal.reason}, sealed ${seal.sealed_at}) does not match` +
            `: an event in that range was deleted, moved, or altered and rehashed, or the seal was edited${beyond}`,
        });
      }
      this.sealIndex += 1;
      this.startSeal();
    }
  }

  /** The streams table is written with the events: a stream's head must be its last event. */
  private checkStreamHeads(heads: Iterable<StreamHeadRow>): void {
    const listed = new Set<string>();
    for (const head of heads) {
      listed.add(head.stream_id);
      const seen = this.streams.get(head.stream_id);
      if (!seen || seen.revision !== head.revision || seen.hash !== head.hash) {
        const found = seen ? `its last event is revision ${seen.revision}${seen.revision === head.revision ? ' with another hash' : ''}` : 'it has no events';
        this.report({
          kind: 'stream-head',
          streamId: head.stream_id,
          revision: head.revision,
          message: `${head.stream_id}: the store recorded revision ${head.revision} as its head, but ${found}: events at its end were deleted or replaced`,
        });
      }
    }
    for (const streamId of this.streams.keys()) {
      if (!listed.has(streamId)) this.report({ kind: 'stream-head', streamId, message: `${streamId}: has events but no head in the streams table: inserted behind the store` });
    }
  }

  /** The store's counter never goes back: a counter past the last event means the tail was deleted. */
  private checkCounter(counter: number): void {
    if (counter > this.lastPosition) {
      this.report({
        kind: 'tail-missing',
        position: this.lastPosition + 1,
        message: `positions ${this.lastPosition + 1}–${counter} are missing: the store numbered events up to ${counter}, the log ends at ${this.lastPosition}: its tail was deleted`,
      });
    }
  }

  private checkExportedSeal(): void {
    if (this.options.exportedSeal) this.checkSealKeptElsewhere(this.options.exportedSeal, 'exported');
    for (const anchored of this.options.anchoredSeals ?? []) this.checkSealKeptElsewhere(anchored, 'published');
  }

  private checkSealKeptElsewhere(exported: Pick<Seal, 'seq' | 'position' | 'hash'>, how: 'exported' | 'published'): void {
    const held = this.seals.find((seal) => seal.seq === exported.seq);
    if (!held) {
      this.report({
        kind: 'exported-seal',
        sealSeq: exported.seq,
        position: exported.position,
        message: `${how} seal #${exported.seq} (position ${exported.position}) is not in the file: the log was truncated or its seals rewritten`,
      });
    } else if (held.position !== exported.position || held.hash !== exported.hash) {
      this.report({
        kind: 'exported-seal',
        sealSeq: exported.seq,
        position: exported.position,
        message: `${how} seal #${exported.seq} (position ${exported.position}, ${exported.hash}) differs from the file's (position ${held.position}, ${held.hash}): the log up to it was rewritten`,
      });
    }
  }
}
