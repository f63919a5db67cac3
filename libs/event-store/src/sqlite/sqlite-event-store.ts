import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  IdempotencyRecord,
  NewEvent,
  PageWorker,
  ReadAllOptions,
  ReadRangeOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  WorkedPage,
} from '../event-store.port';
import { readLogPages } from '../event-store.port';
import type { CryptoSuite, SealSigningKey } from '../audit/crypto-suite';
import { ADD_SEAL_SIGNATURES, addTamperEvidentRecord } from './audit/record-migration';
import { DEFAULT_SEAL_POLICY, type RecordCrypto, type Seal, type SealPolicy } from './audit/seals';
import { resolveStoreSuite } from './audit/suite-migration';
import { CatchUpSubscription } from '../catch-up-subscription';
import { BatchWriter, type WriteOutcome, type WriteRequest } from './batch-writer';
import { workHere } from './page-worker';
import { readAhead, workAhead } from './read-ahead';
import { READ_COLUMNS, type ReadRow, toStoredEvent } from './read-row';
import { ensureSparseTypesIndex, type SparseTypesIndex } from './sparse-types';
import { ThreadedWriter } from './threaded-writer';
import { assertValidAppend, assertValidRead, serializeEvent } from '../append-checks';

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
  /**
   * Where the batches' transactions run. `inline` (default): on this thread's connection; a
   * commit's fsync blocks the thread for as long as the disk takes. `thread`: on a writer
   * thread with its own connection, so this thread goes on serving while a batch commits and
   * the appends that arrive meanwhile form the next batch: for disks whose fsync is slow
   * (network volumes) and machines with cores to spare. On the 2-core build machine, with its
   * fast disk, it was no faster (docs/decisions/0020), hence not the default.
   */
  readonly writer?: 'thread' | 'inline';
  /** How often an idle subscription looks for events written by other processes (default 250 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Event types rare in the log that a reader reads from its start (the engine's reference data,
   * at every start): kept in a partial index, so that such a reader skips the rest (sparse-types.ts).
   */
  readonly sparseTypes?: readonly string[];
  /** When a commit also seals the log (default: 1000 unsealed events or a seal older than 60 s). */
  readonly sealPolicy?: Partial<SealPolicy>;
  /** How long an append waits for the write lock while another process writes, before it fails (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * The crypto suite the deployment requires (CRYPTO_SUITE). Unset: the store's own (a reader,
   * the relay). A new store starts in it; a store with events in the other suite is refused
   * (StoreSuiteMismatchError) until `audit:migrate-suite` has sealed it onward.
   */
  readonly cryptoSuite?: CryptoSuite;
  /** The engine's SM2 key: a store in the gm suite signs its seals with it. */
  readonly sealSigningKey?: SealSigningKey;
}

export interface SqliteEventStoreStats {
  /** Write transactions begun; with group commit, one per batch of appends. */
  readonly transactions: number;
}

/** A full queue is flushed at once: bounds both the transaction size and the queued memory. */
const MAX_BATCH = 512;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/** How often the inline writer tries again for the write lock another process holds. */
const LOCK_RETRY_MS = 1;
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
  // v3: the crypto suites: a gm seal's SM2 signature and signer (audit/crypto-suite.ts).
  ADD_SEAL_SIGNATURES,
];


interface IdempotencyRow {
  readonly key: string;
  readonly request_hash: string;
  readonly response: string;
}

interface AppendRequest extends WriteRequest {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  /** Date.now() when append() queued it: its wait for another process's write lock counts from here. */
  readonly queuedAt: number;
}

/** The store's own connection only reads; the writes are BatchWriter's. */
function prepareStatements(db: Database.Database) {
  return {
    findIdempotency: db.prepare<[string], IdempotencyRow>(
      'SELECT key, request_hash, response FROM idempotency WHERE key = ?',
    ),
    readStream: db.prepare<[string], ReadRow>(
      `SELECT ${READ_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
    ).raw(),
    readAll: db.prepare<[number, number], ReadRow>(
      `SELECT ${READ_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ).raw(),
    headPosition: db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Embedded event store on one SQLite file (WAL mode). Appends are group-committed: the
 * appends queued during one turn of the event loop share one transaction, each in its own
 * savepoint, so the fsync cost is paid once per batch instead of once per append. With
 * `writer: 'thread'` the transactions run on a writer thread: while one batch commits there,
 * this thread goes on deciding commands and the appends they make wait as the next batch.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: Statements;
  private readonly groupCommit: boolean;
  private readonly pollIntervalMs: number;
  private readonly file: string;
  private readonly busyTimeoutMs: number;
  /** On this thread's connection: the inline writer's commits, and seals on request. */
  private readonly writer: BatchWriter;
  private readonly thread: ThreadedWriter | undefined;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly readAheadThreads = new Set<Worker>();
  private readonly sparse: SparseTypesIndex | undefined;
  private queue: AppendRequest[] = [];
  private scheduledFlush: NodeJS.Immediate | undefined;
  /**
   * The batch on the writer thread, or the inline writer's wait for the write lock, if any:
   * one at a time, so batches commit in order; appends queue behind it.
   */
  private inFlight: Promise<void> | undefined;
  private transactions = 0;
  private head: number | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
    /** The suite this store writes in, resolved on open (resolveStoreSuite). */
    readonly cryptoSuite: CryptoSuite,
  ) {
    this.groupCommit = options.groupCommit ?? true;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.file = options.file;
    this.busyTimeoutMs = busyTimeoutOf(options);
    const sealPolicy = { ...DEFAULT_SEAL_POLICY, ...options.sealPolicy };
    this.statements = prepareStatements(db);
    this.sparse = options.sparseTypes?.length ? ensureSparseTypesIndex(db, options.sparseTypes) : undefined;
    const crypto: RecordCrypto = { suite: cryptoSuite, signingKey: options.sealSigningKey };
    this.writer = new BatchWriter(db, sealPolicy, crypto);
    this.thread = options.writer === 'thread'
      ? new ThreadedWriter({ file: options.file, synchronous: options.synchronous ?? 'FULL', busyTimeoutMs: this.busyTimeoutMs, sealPolicy, crypto })
      : undefined;
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const db = new Database(options.file, { timeout: busyTimeoutOf(options) });
    try {
      // busy_timeout first: switching to WAL and migrating may wait for another process.
      db.pragma(`busy_timeout = ${busyTimeoutOf(options)}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      migrate(db);
      const wanted = options.cryptoSuite && { suite: options.cryptoSuite, signingKey: options.sealSigningKey };
      return new SqliteEventStore(db, options, resolveStoreSuite(db, options.file, wanted, new Date()));
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
        queuedAt: Date.now(),
      });
    });
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    return this.statements.readStream.all(streamId).map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return this.readAfter(options.after, options.limit);
  }

  /** Read on a thread of its own (read-ahead.ts), from the file as committed; an in-memory store, which no other connection sees, on this one. */
  readRange(options: ReadRangeOptions): AsyncIterable<StoredEvent[]> {
    this.assertRange(options);
    return this.db.memory ? readLogPages(this, options) : readAhead(this.file, options, this.readAheadThreads);
  }

  /** Read, and each page worked on, on a thread of its own (read-ahead.ts); an in-memory store on this one (page-worker.ts). */
  readRangeWith<T>(worker: PageWorker, options: ReadRangeOptions): AsyncIterable<WorkedPage<T>> {
    this.assertRange(options);
    return this.db.memory ? workHere<T>(readLogPages(this, options), options.after, worker) : workAhead<T>(this.file, options, worker, this.readAheadThreads);
  }

  private assertRange(options: ReadRangeOptions): void {
    if (this.closing) throw new Error('SqliteEventStore is closed');
    assertValidRead(options.after, options.pageSize);
    if (!Number.isInteger(options.until)) throw new RangeError(`invalid end of range ${options.until}`);
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
  async sealNow(): Promise<Seal> {
    if (this.closing) throw new Error('SqliteEventStore is closed');
    this.flush();
    await this.drained();
    this.transactions++;
    return this.writer.sealNow();
  }

  latestSeal(): Seal | undefined {
    return this.writer.latestSeal();
  }

  /** Commits the queued appends, stops the subscriptions, then closes the file. Idempotent. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    this.flush();
    await this.drained();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.thread?.close();
    await Promise.all([...this.readAheadThreads].map((thread) => thread.terminate()));
    this.db.close();
  }

  /** Resolves when nothing is queued or on the writer thread. */
  private async drained(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private readAfter(after: number, limit: number): StoredEvent[] {
    assertValidRead(after, limit);
    return this.statements.readAll.all(after, limit).map(toStoredEvent);
  }

  /**
   * Reads the events of some types only, by a scan of positions that never builds the others —
   * or, when they are all sparse types, by a seek of each in the sparse types' index: returns
   * them and the position up to which everything was looked at.
   */
  private filteredReader(types: readonly string[]): (after: number, limit: number) => { events: StoredEvent[]; upTo: number } {
    if (types.length === 0) throw new RangeError('types must not be empty');
    const sparse = this.sparse && types.every((type) => this.sparse?.types.has(type)) ? this.sparse : undefined;
    const select = this.db.prepare<unknown[], ReadRow>(
      `SELECT ${READ_COLUMNS} FROM events
       WHERE position > ? AND position <= ? AND type IN (${types.map(() => '?').join(', ')})${sparse ? ` AND ${sparse.condition}` : ''}
       ORDER BY position LIMIT ?`,
    ).raw();
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

  /**
   * Inline: commits the queue synchronously, so no other flush or read interleaves with it.
   * Threaded: posts the queue to the writer thread unless a batch is there already; the
   * appends queued meanwhile go as soon as it returns.
   */
  private flush(): void {
    if (this.scheduledFlush) {
      clearImmediate(this.scheduledFlush);
      this.scheduledFlush = undefined;
    }
    if (!this.thread) {
      this.flushInline();
      return;
    }
    if (this.queue.length === 0 || this.inFlight) return;
    const batch = this.queue.splice(0, this.groupCommit ? MAX_BATCH : 1);
    const requests = batch.map(toWriteRequest);
    this.transactions++;
    this.inFlight = this.thread.commit(requests).then(
      (outcomes) => this.settle(batch, outcomes),
      (error: unknown) => this.settle(batch, batch.map(() => ({ ok: false, error }))),
    ).finally(() => {
      this.inFlight = undefined;
      this.flush();
    });
  }

  /**
   * Commits the queue, a batch at a time. When another process holds the write lock, the
   * batch goes back to the head of the queue and this thread goes on serving (appends made
   * meanwhile join it) until the next try; an append that has waited the busy timeout fails,
   * as SQLite's own wait would have failed it, and the others wait on.
   */
  private flushInline(): void {
    while (this.queue.length > 0 && !this.inFlight) {
      const batch = this.queue.splice(0, this.groupCommit ? MAX_BATCH : 1);
      let outcomes: WriteOutcome[] | undefined;
      try {
        outcomes = this.writer.tryCommit(batch.map(toWriteRequest));
      } catch (error) {
        // Not the transaction (tryCommit answers its failures): the connection itself. Nothing was acknowledged.
        this.settle(batch, batch.map(() => ({ ok: false, error })));
        continue;
      }
      if (!outcomes) {
        const now = Date.now();
        const waitedTooLong = batch.filter((request) => now - request.queuedAt >= this.busyTimeoutMs);
        if (waitedTooLong.length > 0) {
          const error = new LockTimeoutError(this.busyTimeoutMs);
          this.settle(waitedTooLong, waitedTooLong.map(() => ({ ok: false, error })));
        }
        this.queue.unshift(...batch.filter((request) => now - request.queuedAt < this.busyTimeoutMs));
        if (this.queue.length === 0) return;
        this.inFlight = new Promise<void>((resolve) => setTimeout(resolve, LOCK_RETRY_MS)).then(() => {
          this.inFlight = undefined;
          this.flush();
        });
        return;
      }
      this.transactions++;
      this.settle(batch, outcomes);
    }
  }

  /** Called only after COMMIT returned: an acknowledged append is durable. */
  private settle(batch: readonly AppendRequest[], outcomes: readonly WriteOutcome[]): void {
    this.head = undefined;
    batch.forEach((request, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) request.resolve(outcome.result);
      else request.reject(outcome.error);
    });
    if (outcomes.some((outcome) => outcome.ok && !outcome.result.duplicate)) {
      for (const subscription of this.subscriptions) subscription.notifyCommitted();
    }
  }
}

/** Shaped like SQLite's own error for the same case (code SQLITE_BUSY), which callers may already handle. */
export class LockTimeoutError extends Error {
  readonly code = 'SQLITE_BUSY';

  constructor(waitedMs: number) {
    super(`database is locked: another connection held the event store's write lock for ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

function busyTimeoutOf(options: SqliteEventStoreOptions): number {
  const ms = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`invalid busy timeout ${ms}`);
  return ms;
}

function toWriteRequest({ streamId, events, expectedRevision, idempotency }: AppendRequest): WriteRequest {
  return { streamId, events, expectedRevision, idempotency };
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



