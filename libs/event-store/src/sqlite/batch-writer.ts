import type Database from 'better-sqlite3';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision, IdempotencyRecord } from '../event-store.port';
import { INTERNATIONAL, type RecordCrypto, type Seal, Sealer, type SealPolicy } from './audit/seals';
import { EVENT_ROW_COLUMNS, type EventRow, hashOfRow } from './event-row';

/** An event serialised when `append` is called, so later mutations by the caller cannot leak in. */
export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly occurredAt: string;
}

/** One append as the writer receives it: plain data, so it can be posted to the writer thread. */
export interface WriteRequest {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expectedRevision: ExpectedRevision;
  readonly idempotency: IdempotencyRecord | undefined;
}

export type WriteOutcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

type StoredIdRow = Pick<EventRow, 'stream_id' | 'revision' | 'position'>;

/** The events table's columns in EVENT_ROW_COLUMNS' order, then the hash. */
type EventInsert = [
  position: number, eventId: string, streamId: string, revision: number, type: string, schemaVersion: number, data: string,
  metadata: string, occurredAt: string, recordedAt: string, hash: string,
];

interface StreamHeadRow {
  readonly revision: number;
  readonly hash: string | null;
}

interface IdempotencyInsert {
  readonly key: string;
  readonly request_hash: string;
  readonly response: string;
  readonly position: number;
}

/**
 * Where a batch's appends stand inside its transaction. Positions are assigned here, not by
 * SQLite, because each event's hash covers its position and is written with the row.
 */
interface BatchCursor {
  readonly recordedAt: string;
  lastPosition: number;
}

function prepareStatements(db: Database.Database, busyTimeoutMs: number) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    dontWaitForLock: db.prepare('PRAGMA busy_timeout = 0'),
    waitForLock: db.prepare(`PRAGMA busy_timeout = ${busyTimeoutMs}`),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append_request'),
    release: db.prepare('RELEASE append_request'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO append_request'),
    streamHead: db.prepare<[string], StreamHeadRow>('SELECT revision, hash FROM streams WHERE stream_id = ?'),
    upsertStream: db.prepare<[string, number, string | null]>(
      `INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
    ),
    // AUTOINCREMENT's own counter: a position is never reused, even after the tail was deleted.
    lastAssignedPosition: db
      .prepare<[], number>("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)")
      .pluck(),
    eventById: db.prepare<[string], StoredIdRow>('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    // Positional parameters: binding a row from an object by name costs more per event (docs/decisions/0003).
    insertEvent: db.prepare<EventInsert>(
      `INSERT INTO events (${EVENT_ROW_COLUMNS}, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertIdempotency: db.prepare<IdempotencyInsert>(
      `INSERT INTO idempotency (key, request_hash, response, position)
       VALUES (@key, @request_hash, @response, @position)
       ON CONFLICT (key) DO NOTHING`,
    ),
  };
}

/**
 * Writes batches of appends to the events file, one transaction a batch, each append in its
 * own savepoint; seals the log when due. Runs wherever its connection lives: on the store's
 * own connection (inline), or in the writer thread (writer-thread.ts), where the commit's
 * fsync blocks no one but the writer.
 */
export class BatchWriter {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly sealer: Sealer;

  constructor(
    private readonly db: Database.Database,
    private readonly sealPolicy: SealPolicy,
    /** The suite the events are hashed and the log sealed in: the store's, resolved when it was opened. */
    private readonly crypto: RecordCrypto = INTERNATIONAL,
  ) {
    // The connection's own busy timeout: how long BEGIN waits for another connection's write lock.
    this.statements = prepareStatements(db, Number(db.pragma('busy_timeout', { simple: true })));
    this.sealer = new Sealer(db, crypto);
  }

  /**
   * One transaction for the whole batch; if it cannot commit, every request fails. While
   * another connection writes, BEGIN waits (SQLite sleeps, the thread with it) up to the
   * connection's busy timeout.
   */
  commit(batch: readonly WriteRequest[], now = new Date()): WriteOutcome[] {
    try {
      this.statements.begin.run();
    } catch (error) {
      return batch.map(() => ({ ok: false, error }));
    }
    return this.commitBegun(batch, now);
  }

  /**
   * The same, unless another connection (another process) holds the write lock: then nothing
   * is written and it returns undefined at once, for the caller to try again later. SQLite's
   * own wait sleeps in steps of 1 to 100 ms and blocks the thread meanwhile: an API process
   * stopped serving while the other wrote (docs/decisions/0019).
   */
  tryCommit(batch: readonly WriteRequest[], now = new Date()): WriteOutcome[] | undefined {
    this.statements.dontWaitForLock.get();
    try {
      this.statements.begin.run();
    } catch (error) {
      if (isBusy(error)) return undefined;
      return batch.map(() => ({ ok: false, error }));
    } finally {
      this.statements.waitForLock.get();
    }
    return this.commitBegun(batch, now);
  }

  private commitBegun(batch: readonly WriteRequest[], now: Date): WriteOutcome[] {
    try {
      const cursor: BatchCursor = { recordedAt: now.toISOString(), lastPosition: this.statements.lastAssignedPosition.get() ?? 0 };
      const outcomes = batch.map((request) => this.applyInSavepoint(request, cursor));
      // In the same transaction: a seal never covers an event that did not commit.
      this.sealer.sealIfDue(cursor.lastPosition, now, this.sealPolicy);
      this.statements.commit.run();
      return outcomes;
    } catch (error) {
      this.rollbackQuietly();
      return batch.map(() => ({ ok: false, error }));
    }
  }

  /** Seals every event not sealed yet, in a transaction of its own; returns the latest seal. */
  sealNow(now = new Date()): Seal {
    this.statements.begin.run();
    try {
      const seal = this.sealer.sealUpTo(this.statements.lastAssignedPosition.get() ?? 0, 'request', now);
      this.statements.commit.run();
      return seal;
    } catch (error) {
      this.rollbackQuietly();
      throw error;
    }
  }

  latestSeal(): Seal | undefined {
    return this.sealer.latestSeal();
  }

  /** Seals the log onward in this writer's suite when the store is in another (Sealer.sealInSuite), in a transaction of its own. */
  sealInSuite(now = new Date()): Seal {
    this.statements.begin.run();
    try {
      const seal = this.sealer.sealInSuite(this.statements.lastAssignedPosition.get() ?? 0, now);
      this.statements.commit.run();
      return seal;
    } catch (error) {
      this.rollbackQuietly();
      throw error;
    }
  }

  /** Must not throw: the batch's requests are about to be rejected with the original error. */
  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.statements.rollback.run();
    } catch {
      // SQLite already rolled back, or the connection is unusable: either way nothing committed.
    }
  }

  /** A failing request is rolled back alone; the batch's other requests still commit. */
  private applyInSavepoint(request: WriteRequest, cursor: BatchCursor): WriteOutcome {
    const positionBefore = cursor.lastPosition;
    this.statements.savepoint.run();
    try {
      const result = this.applyAppend(request, cursor);
      this.statements.release.run();
      return { ok: true, result };
    } catch (error) {
      // Some failures (disk full, I/O error) make SQLite roll back the whole transaction:
      // then nothing of the batch can commit, and commit() fails all of it.
      if (!this.db.inTransaction) throw error;
      this.statements.rollbackToSavepoint.run();
      this.statements.release.run();
      // The rolled-back rows' positions are free again (SQLite's counter rolled back too).
      cursor.lastPosition = positionBefore;
      return { ok: false, error };
    }
  }

  private applyAppend(request: WriteRequest, cursor: BatchCursor): AppendResult {
    const { streamId, events } = request;
    // A retried append is acknowledged before the revision check: its expected revision
    // was right the first time and is necessarily stale now.
    const stored = this.findStoredAppend(streamId, events);
    if (stored) return stored;

    const head = this.statements.streamHead.get(streamId);
    assertExpectedRevision(streamId, request.expectedRevision, head?.revision);

    let revision = head?.revision ?? -1;
    let previous = head?.hash ?? null;
    for (const event of events) {
      revision += 1;
      cursor.lastPosition += 1;
      previous = this.insertEvent(streamId, revision, cursor.lastPosition, previous, event, cursor.recordedAt);
    }
    const position = cursor.lastPosition;
    this.statements.upsertStream.run(streamId, revision, previous);
    if (request.idempotency) this.insertIdempotencyRecord(request.idempotency, position);
    return { nextExpectedRevision: revision, lastPosition: position, duplicate: false };
  }

  /**
   * When the first event id is already stored, the whole append must be stored, unchanged:
   * then it is answered as a duplicate. Anything else is a caller bug (ids reused).
   */
  private findStoredAppend(streamId: string, events: readonly SerializedEvent[]): AppendResult | undefined {
    const first = this.statements.eventById.get(events[0].id);
    if (!first) return undefined;
    let last = first;
    events.forEach((event, index) => {
      const stored = index === 0 ? first : this.statements.eventById.get(event.id);
      if (!stored) {
        throw new Error(
          `append to ${streamId}: event ${events[0].id} is already stored but ${event.id} is not; ` +
            'a retried append must carry exactly the same events',
        );
      }
      if (stored.stream_id !== streamId || stored.revision !== first.revision + index) {
        throw new Error(
          `append to ${streamId}: event ${event.id} is already stored as ${stored.stream_id}@${stored.revision}, ` +
            'not as part of the same append',
        );
      }
      last = stored;
    });
    return { duplicate: true, nextExpectedRevision: last.revision, lastPosition: last.position };
  }

  /** Returns the event's hash: the next event of the stream chains to it. */
  private insertEvent(
    streamId: string,
    revision: number,
    position: number,
    previous: string | null,
    event: SerializedEvent,
    recordedAt: string,
  ): string {
    const row: EventRow = {
      position, event_id: event.id, stream_id: streamId, revision, type: event.type, schema_version: event.schemaVersion,
      data: event.data, metadata: event.metadata, occurred_at: event.occurredAt, recorded_at: recordedAt,
    };
    const hash = hashOfRow(row, previous, this.crypto.suite);
    try {
      this.statements.insertEvent.run(row.position, row.event_id, row.stream_id, row.revision, row.type, row.schema_version, row.data,
        row.metadata, row.occurred_at, row.recorded_at, hash);
      return hash;
    } catch (error) {
      if (isUniqueViolation(error, 'events.event_id')) {
        throw new Error(`append to ${streamId}: event id ${event.id} is already stored (ids must be unique)`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  private insertIdempotencyRecord(record: IdempotencyRecord, position: number): void {
    const info = this.statements.insertIdempotency.run({
      key: record.key,
      request_hash: record.requestHash,
      // `undefined` has no JSON form; it is stored, and read back, as null.
      response: record.response === undefined ? 'null' : toJson(record.response, `response of ${record.key}`),
      position,
    });
    if (info.changes === 0) throw new IdempotencyKeyTakenError(record.key);
  }
}

export function toJson(value: unknown, what: string): string {
  const json: string | undefined = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} has no JSON representation`);
  return json;
}

function assertExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | undefined): void {
  if (matchesExpectedRevision(expected, current)) return;
  throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

function matchesExpectedRevision(expected: ExpectedRevision, current: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, ...). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

// By shape, not `instanceof`: the native addon keeps the SqliteError class (and the Error it
// extends) of whichever context loaded it first, so under jest's per-file sandboxes neither
// class seen here need be the one that threw.
function isUniqueViolation(error: unknown, column: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes(column);
}
