import Database from 'better-sqlite3';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  IdempotencyRecord,
  NewEvent,
  ReadAllOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { addTamperEvidentRecord } from './audit/record-migration';
import { DEFAULT_SEAL_POLICY, type Seal, Sealer, type SealPolicy } from './audit/seals';
import { CatchUpSubscription } from '../catch-up-subscription';
import { EVENT_ROW_COLUMNS, type EventRow as FullEventRow, hashOfRow } from './event-row';

export interface SqliteEventStoreOptions {
  /** Path of the database file; created when missing. */
  readonly file: string;
  /**
   * FULL (default): an acknowledged append survives a power loss. NORMAL: in WAL mode the
   * last commits may be lost on power loss (never on a process crash), for more throughput.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Batch concurrent appends into one transaction (default true). */
  readonly groupCommit?: boolean;
  /** How often an idle subscription looks for events written by other processes (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** When a commit also seals the log (default: 1000 unsealed events or a seal older than 60 s). */
  readonly sealPolicy?: Partial<SealPolicy>;
}

export interface SqliteEventStoreStats {
  /** Write transactions begun; with group commit, one per batch of appends. */
  readonly transactions: number;
}

/** A full queue is flushed at once: bounds both the transaction size and the queued memory. */
const MAX_BATCH = 512;
const BUSY_TIMEOUT_MS = 5000;
const DEFAULT_POLL_INTERVAL_MS = 250;

/** SQL, or a step that needs code (hashing existing rows); runs inside the migration's transaction. */
type Migration = string | ((db: Database.Database) => void);

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran. Never edit
 * a released entry: append a new one.
 */
const MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id       TEXT    NOT NULL UNIQUE,
     stream_id      TEXT    NOT NULL,
     revision       INTEGER NOT NULL,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT    NOT NULL,
     occurred_at    TEXT    NOT NULL,
     recorded_at    TEXT    NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE TABLE streams (
     stream_id TEXT    PRIMARY KEY,
     revision  INTEGER NOT NULL
   );
   CREATE TABLE idempotency (
     key          TEXT PRIMARY KEY,
     request_hash TEXT NOT NULL,
     response     TEXT NOT NULL,
     position     INTEGER
   );`,
  // v2: the tamper-evident record (events.hash, streams.hash, seals); see audit/.
  (db) => addTamperEvidentRecord(db, new Date()),
];

/** What the store reads back: every column but `occurred_at` (the metadata holds it too). */
type EventRow = Omit<FullEventRow, 'occurred_at'>;

type StoredIdRow = Pick<EventRow, 'stream_id' | 'revision' | 'position'>;

interface IdempotencyRow {
  readonly key: string;
  readonly request_hash: string;
  readonly response: string;
}

interface EventInsert extends FullEventRow {
  readonly hash: string;
}

interface StreamHeadRow {
  readonly revision: number;
  readonly hash: string | null;
}

/**
 * Where a batch's appends stand inside its transaction. Positions are assigned here, not by
 * SQLite, because each event's hash covers its position and is written with the row.
 */
interface BatchCursor {
  readonly recordedAt: string;
  lastPosition: number;
}

interface IdempotencyInsert {
  readonly key: string;
  readonly request_hash: string;
  readonly response: string;
  readonly position: number;
}

/** An event serialised when `append` is called, so later mutations by the caller cannot leak in. */
interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly occurredAt: string;
}

interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expectedRevision: ExpectedRevision;
  readonly idempotency: IdempotencyRecord | undefined;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at';

function prepareStatements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
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
    insertEvent: db.prepare<EventInsert>(
      `INSERT INTO events (${EVENT_ROW_COLUMNS}, hash)
       VALUES (@position, @event_id, @stream_id, @revision, @type, @schema_version, @data, @metadata, @occurred_at, @recorded_at, @hash)`,
    ),
    insertIdempotency: db.prepare<IdempotencyInsert>(
      `INSERT INTO idempotency (key, request_hash, response, position)
       VALUES (@key, @request_hash, @response, @position)
       ON CONFLICT (key) DO NOTHING`,
    ),
    findIdempotency: db.prepare<[string], IdempotencyRow>(
      'SELECT key, request_hash, response FROM idempotency WHERE key = ?',
    ),
    readStream: db.prepare<[string], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
    ),
    readAll: db.prepare<[number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    headPosition: db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Embedded event store on one SQLite file (WAL mode). Appends are group-committed: the
 * appends queued during one turn of the event loop share one transaction, each in its own
 * savepoint, so the fsync cost is paid once per batch instead of once per append.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: Statements;
  private readonly groupCommit: boolean;
  private readonly pollIntervalMs: number;
  private readonly sealPolicy: SealPolicy;
  private readonly sealer: Sealer;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private queue: AppendRequest[] = [];
  private scheduledFlush: NodeJS.Immediate | undefined;
  private transactions = 0;
  private head: number | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
  ) {
    this.groupCommit = options.groupCommit ?? true;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.sealPolicy = { ...DEFAULT_SEAL_POLICY, ...options.sealPolicy };
    this.statements = prepareStatements(db);
    this.sealer = new Sealer(db);
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const db = new Database(options.file, { timeout: BUSY_TIMEOUT_MS });
    try {
      // busy_timeout first: switching to WAL and migrating may wait for another process.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      migrate(db);
      return new SqliteEventStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get stats(): SqliteEventStoreStats {
    return { transactions: this.transactions };
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) throw new Error('SqliteEventStore is closed');
    assertValidAppend(streamId, events, options);
    const serialized = events.map(serializeEvent);
    // The executor runs synchronously, so the request is queued during the caller's turn.
    return new Promise<AppendResult>((resolve, reject) => {
      this.enqueue({
        streamId,
        events: serialized,
        expectedRevision: options.expectedRevision,
        idempotency: options.idempotency,
        resolve,
        reject,
      });
    });
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    return this.statements.readStream.all(streamId).map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return this.readAfter(options.after, options.limit);
  }

  async headPosition(): Promise<number> {
    return this.currentHead();
  }

  /**
   * The head, read once per turn of the event loop: every command and subscription asks for
   * it, and within one turn nothing can have changed but this process's own commits, which
   * forget it. The next turn reads it again (another process may have appended meanwhile).
   */
  private currentHead(): number {
    if (this.head === undefined) {
      this.head = this.statements.headPosition.get() ?? 0;
      setImmediate(() => (this.head = undefined));
    }
    return this.head;
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.statements.findIdempotency.get(key);
    if (!row) return undefined;
    return { key: row.key, requestHash: row.request_hash, response: JSON.parse(row.response) as unknown };
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (this.closing) throw new Error('SqliteEventStore is closed');
    const read = options.types ? this.filteredReader(options.types) : (after: number, limit: number) => {
      const events = this.readAfter(after, limit);
      return { events, upTo: events.length > 0 ? events[events.length - 1].position : after };
    };
    const subscription = new CatchUpSubscription(
      {
        readAfter: read,
        pollIntervalMs: this.pollIntervalMs,
        detach: (finished) => this.subscriptions.delete(finished),
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Seals every event not sealed yet, in a transaction of its own (after committing what is
   * queued), and returns the latest seal: what an operator exports to keep elsewhere.
   */
  sealNow(): Seal {
    if (this.closing) throw new Error('SqliteEventStore is closed');
    this.flush();
    this.statements.begin.run();
    this.transactions++;
    try {
      const seal = this.sealer.sealUpTo(this.statements.lastAssignedPosition.get() ?? 0, 'request', new Date());
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

  /** Commits the queued appends, stops the subscriptions, then closes the file. Idempotent. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private readAfter(after: number, limit: number): StoredEvent[] {
    if (!Number.isInteger(after) || after < 0) throw new RangeError(`invalid checkpoint ${after}`);
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`invalid limit ${limit}`);
    return this.statements.readAll.all(after, limit).map(toStoredEvent);
  }

  /**
   * Reads the events of some types only, by a scan of positions that never builds the others:
   * returns them and the position up to which everything was looked at.
   */
  private filteredReader(types: readonly string[]): (after: number, limit: number) => { events: StoredEvent[]; upTo: number } {
    if (types.length === 0) throw new RangeError('types must not be empty');
    const select = this.db.prepare<unknown[], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position <= ? AND type IN (${types.map(() => '?').join(', ')})
       ORDER BY position LIMIT ?`,
    );
    return (after, limit) => {
      if (!Number.isInteger(after) || after < 0) throw new RangeError(`invalid checkpoint ${after}`);
      // The head first: a later statement sees at least every event up to it.
      const head = this.currentHead();
      if (head <= after) return { events: [], upTo: after };
      const events = select.all(after, head, ...types, limit).map(toStoredEvent);
      return { events, upTo: events.length === limit ? events[events.length - 1].position : head };
    };
  }

  private enqueue(request: AppendRequest): void {
    this.queue.push(request);
    if (!this.groupCommit || this.queue.length >= MAX_BATCH) {
      this.flush();
      return;
    }
    // setImmediate runs after the current turn's microtasks, so every append issued by
    // concurrently running handlers (e.g. a Promise.all) joins the same batch.
    this.scheduledFlush ??= setImmediate(() => {
      this.scheduledFlush = undefined;
      this.flush();
    });
  }

  /** Runs synchronously from start to end: no other flush or read can interleave with it. */
  private flush(): void {
    if (this.scheduledFlush) {
      clearImmediate(this.scheduledFlush);
      this.scheduledFlush = undefined;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const outcomes = this.commitBatch(batch);
    this.head = undefined;
    // Settled only now, after COMMIT returned: an acknowledged append is durable.
    batch.forEach((request, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) request.resolve(outcome.result);
      else request.reject(outcome.error);
    });
    if (outcomes.some((outcome) => outcome.ok && !outcome.result.duplicate)) {
      for (const subscription of this.subscriptions) subscription.notifyCommitted();
    }
  }

  /** One transaction for the whole batch; if it cannot commit, every request fails. */
  private commitBatch(batch: readonly AppendRequest[]): Outcome[] {
    const now = new Date();
    try {
      this.statements.begin.run();
      this.transactions++;
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

  /** Must not throw: the batch's requests are about to be rejected with the original error. */
  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.statements.rollback.run();
    } catch {
      // SQLite already rolled back, or the connection is unusable: either way nothing committed.
    }
  }

  /** A failing request is rolled back alone; the batch's other requests still commit. */
  private applyInSavepoint(request: AppendRequest, cursor: BatchCursor): Outcome {
    const positionBefore = cursor.lastPosition;
    this.statements.savepoint.run();
    try {
      const result = this.applyAppend(request, cursor);
      this.statements.release.run();
      return { ok: true, result };
    } catch (error) {
      // Some failures (disk full, I/O error) make SQLite roll back the whole transaction:
      // then nothing of the batch can commit, and commitBatch fails all of it.
      if (!this.db.inTransaction) throw error;
      this.statements.rollbackToSavepoint.run();
      this.statements.release.run();
      // The rolled-back rows' positions are free again (SQLite's counter rolled back too).
      cursor.lastPosition = positionBefore;
      return { ok: false, error };
    }
  }

  private applyAppend(request: AppendRequest, cursor: BatchCursor): AppendResult {
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
    const row: FullEventRow = {
      position, event_id: event.id, stream_id: streamId, revision, type: event.type, schema_version: event.schemaVersion,
      data: event.data, metadata: event.metadata, occurred_at: event.occurredAt, recorded_at: recordedAt,
    };
    const hash = hashOfRow(row, previous);
    try {
      this.statements.insertEvent.run({ ...row, hash });
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

function migrate(db: Database.Database): void {
  // IMMEDIATE: two processes opening a new file at once must not both run a migration.
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > MIGRATIONS.length) {
      throw new Error(`event store schema v${version} is newer than this code (v${MIGRATIONS.length})`);
    }
    for (const migration of MIGRATIONS.slice(version)) {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function assertValidAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): void {
  if (streamId.length === 0) throw new TypeError('streamId must not be empty');
  if (events.length === 0) throw new TypeError(`append to ${streamId}: no events`);
  const expected = options.expectedRevision;
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new RangeError(`append to ${streamId}: invalid expected revision ${expected}`);
  }
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

function serializeEvent(event: NewEvent): SerializedEvent {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: toJson(event.data, `data of event ${event.id}`),
    metadata: toJson(event.metadata, `metadata of event ${event.id}`),
    occurredAt: event.metadata.occurredAt,
  };
}

function toJson(value: unknown, what: string): string {
  const json: string | undefined = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} has no JSON representation`);
  return json;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
  };
}

// By shape, not `instanceof`: the native addon keeps the SqliteError class (and the Error it
// extends) of whichever context loaded it first, so under jest's per-file sandboxes neither
// class seen here need be the one that threw.
function isUniqueViolation(error: unknown, column: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes(column);
}
