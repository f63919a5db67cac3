import Database from 'better-sqlite3';
import { type CryptoSuite, suiteOfHash, verifySealSignature } from '../../audit/crypto-suite';
import { EVENT_ROW_COLUMNS, type EventRow as PlainEventRow, hashOfRow } from '../event-row';
import { SealHasher } from './record-hash';
import { type Seal, SEAL_ROW_COLUMNS, sealHasherOf, type SealRow, toSeal, UNSIGNED_SEAL_ROW_COLUMNS } from './seals';

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
 *   seals and bookkeeping included, up to that seal;
 * - each hash in the suite it names (crypto-suite.ts), so a store holding both suites
 *   verifies; after a gm seal nothing is hashed or sealed in international any more; each gm
 *   seal's SM2 signature, under the engine's public key when it is given.
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
  | 'exported-seal'
  | 'suite-downgrade'
  | 'seal-signature';

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
  /** How many events and seals of each suite the store holds (optional: other stores' verifiers may not say). */
  readonly suites?: Readonly<Record<CryptoSuite, { readonly events: number; readonly seals: number }>>;
  /** The store's suite now: its latest seal's. */
  readonly storeSuite?: CryptoSuite;
}

export interface VerifyOptions {
  /** A seal exported earlier (`audit:seal`) and kept elsewhere; the file must still hold it, unchanged. */
  readonly exportedSeal?: Pick<Seal, 'seq' | 'position' | 'hash'>;
  /** Seals published outside the file as they were made (seal-anchor.ts); the file must hold each, unchanged. */
  readonly anchoredSeals?: readonly Pick<Seal, 'seq' | 'position' | 'hash'>[];
  /** The engine's SM2 public keys (hex, 04‖x‖y): a gm seal signed by any other key is a finding. Unset: any key whose signature verifies. */
  readonly sealSigners?: readonly string[];
  /** Told `checked` of `total` events now and then (every PROGRESS_EVERY events) and at the end: for a progress bar. */
  readonly onProgress?: (checked: number, total: number) => void;
}

const PROGRESS_EVERY = 10_000;

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
const SIGNED_SEALS_SCHEMA_VERSION = 3;

export function verifyEventLog(file: string, options: VerifyOptions = {}): AuditReport {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version < RECORD_SCHEMA_VERSION) {
      throw new Error(`${file} is at schema v${version}, before the tamper-evident record: open it once with the engine to hash it`);
    }
    // A v2 file (not opened by the engine since) has no signature columns, and no gm seal either.
    const sealColumns = version < SIGNED_SEALS_SCHEMA_VERSION ? UNSIGNED_SEAL_ROW_COLUMNS : SEAL_ROW_COLUMNS;
    const audit = new LogAudit(db.prepare<[], SealRow>(`SELECT ${sealColumns} FROM seals ORDER BY seq`).all(), options);
    const total = db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get() ?? 0;
    const progress = options.onProgress;
    let checked = 0;
    for (const row of db.prepare<[], EventRow>(`SELECT ${EVENT_ROW_COLUMNS}, hash FROM events ORDER BY position`).iterate()) {
      audit.event(row);
      checked += 1;
      if (progress && checked % PROGRESS_EVERY === 0) progress(checked, total);
    }
    progress?.(checked, total);
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
  private readonly suites = { international: { events: 0, seals: 0 }, gm: { events: 0, seals: 0 } };
  /** The position up to which the first gm seal sealed: every hash after it must be gm. */
  private readonly gmFrom: number | undefined;
  private readonly latestSealPosition: number;
  private previous: EventRow | undefined;

  /** `seals` in seq order, with NULL signature and signer where the store has no such columns. */
  constructor(
    private readonly seals: readonly SealRow[],
    private readonly options: VerifyOptions,
  ) {
    this.gmFrom = this.seals.find((seal) => suiteOfHash(seal.hash) === 'gm')?.position;
    this.checkSealOrder();
    this.checkSealSuites();
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
      latestSeal: last && toSeal(last),
      unsealedEvents: this.unsealedEvents,
      findings: this.findings,
      findingsOmitted: this.omitted,
      suites: this.suites,
      storeSuite: last ? suiteOfHash(last.hash) : 'international',
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
      const suite = suiteOfHash(row.hash);
      this.suites[suite].events += 1;
      if (suite === 'international' && this.gmFrom !== undefined && row.position > this.gmFrom) {
        this.report({
          kind: 'suite-downgrade',
          ...ofEvent(row),
          message: `${label(row)}: hashed in the international suite after the store was sealed onward in gm (position ${this.gmFrom}): rewritten outside the engine`,
        });
      }
      const recomputed = hashOfRow(row, before?.hash ?? null, suite);
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

  /** Seals in gm follow no international seal, and each carries a signature that verifies, by an expected key. */
  private checkSealSuites(): void {
    let gmSeen = false;
    for (const seal of this.seals) {
      const suite = suiteOfHash(seal.hash);
      this.suites[suite].seals += 1;
      if (suite === 'international') {
        if (gmSeen) {
          this.report({ kind: 'suite-downgrade', sealSeq: seal.seq, position: seal.position, message: `seal #${seal.seq} (position ${seal.position}) is in the international suite after a gm seal: seals were rewritten` });
        }
        continue;
      }
      gmSeen = true;
      this.checkSignature(seal);
    }
  }

  private checkSignature(seal: SealRow): void {
    const where = `seal #${seal.seq} (position ${seal.position}, gm)`;
    if (seal.signature == null || seal.signer == null) {
      this.report({ kind: 'seal-signature', sealSeq: seal.seq, position: seal.position, message: `${where} has no SM2 signature: its signature was removed` });
    } else if (!verifySealSignature(seal.hash, { signature: seal.signature, signer: seal.signer })) {
      this.report({ kind: 'seal-signature', sealSeq: seal.seq, position: seal.position, message: `${where}: its SM2 signature does not verify under the key it names: the seal or its signature was edited` });
    } else if (this.options.sealSigners && !this.options.sealSigners.includes(seal.signer)) {
      this.report({
        kind: 'seal-signature',
        sealSeq: seal.seq,
        position: seal.position,
        message: `${where} is signed by ${seal.signer.slice(0, 18)}…, not by the engine's key: the seals were re-signed by someone else`,
      });
    }
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
