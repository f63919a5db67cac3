import { Client, Pool, type PoolClient, types } from 'pg';
import { CatchUpSubscription } from '../catch-up-subscription';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendOptions, AppendResult, EventStore, ExpectedRevision, IdempotencyRecord, NewEvent, PageWorker, ReadAllOptions, ReadRangeOptions,
  StoredEvent, SubscribeOptions, Subscription, SubscriptionHandler, WorkedPage,
} from '../event-store.port';
import { type SerializedEvent, toJson } from '../sqlite/batch-writer';
import { type EventRow, hashOfRow } from '../sqlite/event-row';
import { DEFAULT_SEAL_POLICY, type Seal, type SealPolicy, type SealRow, UNSIGNED_SEAL_ROW_COLUMNS } from '../sqlite/audit/seals';
import { workHere } from '../sqlite/page-worker';
import { READ_COLUMNS, type ReadRow, toStoredEvent } from '../sqlite/read-row';
import { migrateEventStore } from './postgres-schema';
import { latestSeal, sealIfDue, sealUpTo, toSealOf } from './postgres-seals';
import { assertValidAppend, assertValidRead, serializeEvent } from '../append-checks';

export interface PostgresEventStoreOptions {
  /** postgres://user:password@host:port/database */
  readonly connectionString: string;
  /** The schema the events live in (default: the server's search_path, normally `public`). */
  readonly schema?: string;
  /** Connections in this process's pool (default 6): one writes a batch at a time, the others read. */
  readonly poolSize?: number;
  /** Batch concurrent appends into one transaction (default true). */
  readonly groupCommit?: boolean;
  /** How often an idle subscription reads the log when no commit was announced (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** When a commit also seals the log (default: 1000 unsealed events or a seal older than 60 s). */
  readonly sealPolicy?: Partial<SealPolicy>;
  /** Listen for the commits of other processes (LISTEN/NOTIFY) to wake subscriptions at once (default true). */
  readonly listen?: boolean;
}

export interface PostgresEventStoreStats {
  /** Write transactions committed or tried; with group commit, one per batch of appends. */
  readonly transactions: number;
}

/** A full queue is flushed at once: bounds both the transaction size and the queued memory. */
const MAX_BATCH = 512;
const DEFAULT_POLL_INTERVAL_MS = 250;

/** BIGINT positions as JavaScript numbers (exact up to 2^53), per pool: nothing else in the process is affected. */
const NUMBERS_AS_NUMBERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  },
};

interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expectedRevision: ExpectedRevision;
  readonly idempotency: IdempotencyRecord | undefined;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

interface StoredId {
  readonly stream_id: string;
  readonly revision: number;
  readonly position: number;
}

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** The rows a batch writes, column by column, for one INSERT … SELECT FROM unnest(…) each. */
class BatchRows {
  readonly events = { position: [] as number[], eventId: [] as string[], streamId: [] as string[], revision: [] as number[], type: [] as string[],
    schemaVersion: [] as number[], data: [] as string[], metadata: [] as string[], occurredAt: [] as string[], recordedAt: [] as string[], hash: [] as string[] };
  readonly streams = new Map<string, StreamHead>();
  readonly idempotency = { key: [] as string[], requestHash: [] as string[], response: [] as string[], position: [] as number[] };

  addEvent(row: EventRow, hash: string): void {
    const e = this.events;
    e.position.push(row.position); e.eventId.push(row.event_id); e.streamId.push(row.stream_id); e.revision.push(row.revision); e.type.push(row.type);
    e.schemaVersion.push(row.schema_version); e.data.push(row.data); e.metadata.push(row.metadata); e.occurredAt.push(row.occurred_at);
    e.recordedAt.push(row.recorded_at); e.hash.push(hash);
  }
}

/**
 * The event store on PostgreSQL, shared by every process of a deployment on any number of
 * machines. Appends are group-committed as on SQLite: the appends queued during one turn of the
 * event loop (and while the previous batch commits) share one transaction and one WAL flush.
 *
 * No reader ever skips an event that commits late (docs/decisions/0070): each batch's transaction
 * first locks the log's single head row (`log_head`, FOR UPDATE) and holds it to its commit, so
 * across all processes one transaction at a time assigns positions, and it commits (and is
 * visible) before the next one can assign any. A reader that has seen position n has seen every
 * position below it. Under the lock the state of the log cannot change, so a batch is decided in
 * memory after three reads (ids, stream heads, idempotency keys) and written by three INSERTs,
 * whatever its size.
 */
export class PostgresEventStore implements EventStore {
  private readonly groupCommit: boolean;
  private readonly pollIntervalMs: number;
  private readonly sealPolicy: SealPolicy;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private queue: AppendRequest[] = [];
  private scheduledFlush: NodeJS.Immediate | undefined;
  /** The batch being committed, if any: one at a time per process, so this process's batches commit in order. */
  private inFlight: Promise<void> | undefined;
  private transactions = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  private listener: Client | undefined;
  private head: Promise<number> | undefined;

  private constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    options: PostgresEventStoreOptions,
  ) {
    this.groupCommit = options.groupCommit ?? true;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.sealPolicy = { ...DEFAULT_SEAL_POLICY, ...options.sealPolicy };
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`event-store schema "${schema}": lower-case letters, digits and _ only`);
    // synchronous_commit on whatever the server's default: an acknowledged append has reached the WAL on disk.
    const settings = `-c synchronous_commit=on${schema ? ` -c search_path=${schema}` : ''}`;
    const connection = { connectionString: options.connectionString, options: settings, types: NUMBERS_AS_NUMBERS };
    const pool = new Pool({ ...connection, max: options.poolSize ?? 6 });
    // An idle connection the server dropped must not take the process down; the next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, `gov_events_${schema ?? 'public'}`, options);
    try {
      const client = await pool.connect();
      try {
        if (await migrateEventStore(client, schema)) await store.inTransaction(client, () => sealUpTo(client, 0, 'genesis', new Date()));
      } finally {
        client.release();
      }
      if (options.listen ?? true) await store.listen(connection);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  get stats(): PostgresEventStoreStats {
    return { transactions: this.transactions };
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) throw new Error('PostgresEventStore is closed');
    assertValidAppend(streamId, events, options);
    const serialized = events.map(serializeEvent);
    return new Promise<AppendResult>((resolve, reject) => {
      this.enqueue({ streamId, events: serialized, expectedRevision: options.expectedRevision, idempotency: options.idempotency, resolve, reject });
    });
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    return this.readRows(`SELECT ${READ_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY revision`, [streamId]);
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    assertValidRead(options.after, options.limit);
    return this.readRows(`SELECT ${READ_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [options.after, options.limit]);
  }

  /** Pages of the log, the next one read while the caller works on this one. */
  async *readRange(options: ReadRangeOptions): AsyncGenerator<StoredEvent[]> {
    this.assertRange(options);
    const { until, pageSize } = options;
    const page = (after: number) => this.readRows(
      `SELECT ${READ_COLUMNS} FROM events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`, [after, until, pageSize]);
    let next: Promise<StoredEvent[]> | undefined = options.after < until ? page(options.after) : undefined;
    try {
      while (next) {
        const events = await next;
        if (events.length === 0) return;
        const last = events[events.length - 1].position;
        next = events.length === pageSize && last < until ? page(last) : undefined;
        yield events;
      }
    } finally {
      // Stopped early: the page read ahead is not wanted; its failure must not go unhandled.
      next?.catch(() => undefined);
    }
  }

  /** The work runs on the caller's thread, page by page as they are read (ahead): PostgreSQL reads on its own processes. */
  readRangeWith<T>(worker: PageWorker, options: ReadRangeOptions): AsyncIterable<WorkedPage<T>> {
    this.assertRange(options);
    return workHere<T>(this.readRange(options), options.after, worker);
  }

  /**
   * The head, read once per turn of the event loop (as the SQLite store does): every command and
   * subscription asks for it, and within one turn nothing can have changed but this process's own
   * commits, which forget it. The next turn reads it again (another process may have appended).
   */
  headPosition(): Promise<number> {
    if (!this.head) {
      const head = this.pool.query<{ position: number }>('SELECT position FROM log_head').then(({ rows }) => rows[0]?.position ?? 0);
      this.head = head;
      setImmediate(() => {
        if (this.head === head) this.head = undefined;
      });
      head.catch(() => {
        if (this.head === head) this.head = undefined;
      });
    }
    return this.head;
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.pool.query<{ key: string; request_hash: string; response: string }>(
      'SELECT key, request_hash, response FROM idempotency WHERE key = $1', [key]);
    const row = rows[0];
    return row && { key: row.key, requestHash: row.request_hash, response: JSON.parse(row.response) as unknown };
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (this.closing) throw new Error('PostgresEventStore is closed');
    const types = options.types;
    if (types && types.length === 0) throw new RangeError('types must not be empty');
    const subscription = new CatchUpSubscription(
      {
        readAfter: types ? (after, limit) => this.readTypesAfter(types, after, limit) : async (after, limit) => {
          const events = await this.readAll({ after, limit });
          return { events, upTo: events.length > 0 ? events[events.length - 1].position : after };
        },
        pollIntervalMs: this.pollIntervalMs,
        detach: (finished) => this.subscriptions.delete(finished),
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Seals every event not sealed yet, in a transaction of its own that holds the log's head, and returns the latest seal. */
  async sealNow(): Promise<Seal> {
    if (this.closing) throw new Error('PostgresEventStore is closed');
    const client = await this.pool.connect();
    try {
      return await this.inTransaction(client, async () => {
        const head = await lockLogHead(client);
        return sealUpTo(client, head, 'request', new Date());
      });
    } finally {
      client.release();
    }
  }

  async latestSeal(): Promise<Seal | undefined> {
    const client = await this.pool.connect();
    try {
      return await latestSeal(client);
    } finally {
      client.release();
    }
  }

  /** Commits the queued appends, stops the subscriptions, then closes the connections. Idempotent. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    this.flush();
    while (this.inFlight) await this.inFlight;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private assertRange(options: ReadRangeOptions): void {
    if (this.closing) throw new Error('PostgresEventStore is closed');
    assertValidRead(options.after, options.pageSize);
    if (!Number.isInteger(options.until)) throw new RangeError(`invalid end of range ${options.until}`);
  }

  private async readRows(text: string, values: unknown[]): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<ReadRow>({ text, values, rowMode: 'array' });
    return rows.map(toStoredEvent);
  }

  /**
   * The events of some types only, and the position up to which everything was looked at: the
   * head read in the same statement (one snapshot), so nothing up to it is still to commit.
   */
  private async readTypesAfter(types: readonly string[], after: number, limit: number): Promise<{ events: StoredEvent[]; upTo: number }> {
    assertValidRead(after, limit);
    // One row at least (the head, with no event when none matches); the head first in each row.
    const { rows } = await this.pool.query<[number, ...ReadRow]>({
      text: `SELECT head.position, e.* FROM log_head head LEFT JOIN LATERAL (
               SELECT ${READ_COLUMNS} FROM events WHERE position > $1 AND position <= head.position AND type = ANY($2) ORDER BY position LIMIT $3
             ) e ON TRUE`,
      values: [after, types, limit],
      rowMode: 'array',
    });
    const head = rows[0]?.[0] ?? 0;
    const events = rows.filter((row) => row[1] !== null).map((row) => toStoredEvent(row.slice(1) as ReadRow));
    if (events.length === limit) return { events, upTo: events[events.length - 1].position };
    return { events, upTo: Math.max(head, after) };
  }

  /** Other processes' commits wake this process's subscriptions at once, instead of at their next poll. */
  private async listen(connection: ConstructorParameters<typeof Client>[0] & object): Promise<void> {
    const listener = new Client(connection);
    listener.on('error', () => {
      // Lost: the subscriptions still poll.
      this.listener = undefined;
    });
    listener.on('notification', () => {
      for (const subscription of this.subscriptions) subscription.notifyCommitted();
    });
    await listener.connect();
    await listener.query(`LISTEN ${this.channel}`);
    this.listener = listener;
  }

  private enqueue(request: AppendRequest): void {
    this.queue.push(request);
    if (!this.groupCommit || this.queue.length >= MAX_BATCH) {
      this.flush();
      return;
    }
    this.scheduledFlush ??= setImmediate(() => {
      this.scheduledFlush = undefined;
      this.flush();
    });
  }

  /** Sends the queue as one batch unless one is committing: the appends queued meanwhile go as soon as it returns. */
  private flush(): void {
    if (this.scheduledFlush) {
      clearImmediate(this.scheduledFlush);
      this.scheduledFlush = undefined;
    }
    if (this.queue.length === 0 || this.inFlight) return;
    const batch = this.queue.splice(0, this.groupCommit ? MAX_BATCH : 1);
    this.inFlight = this.commitBatch(batch).finally(() => {
      this.inFlight = undefined;
      this.flush();
    });
  }

  /**
   * One transaction for the batch. If it fails as a whole (not one request's refusal, which is
   * decided before anything is written), nothing of it committed: a batch of several is tried
   * again one request at a time, so that one request the server refuses fails alone.
   */
  private async commitBatch(batch: readonly AppendRequest[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.writeBatch(batch);
    } catch (error) {
      if (batch.length > 1 && !isConnectionError(error)) {
        for (const request of batch) await this.commitBatch([request]);
        return;
      }
      outcomes = batch.map(() => ({ ok: false, error }));
    }
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

  /**
   * Returns only after COMMIT returned: an acknowledged append is durable. Four round trips
   * whatever the batch's size: BEGIN with the lock on the log's head and the latest seal; the
   * state the batch is decided against; every write in one statement; COMMIT (and the seal's
   * statements in between, when one is due).
   */
  private async writeBatch(batch: readonly AppendRequest[]): Promise<Outcome[]> {
    const client = await this.pool.connect();
    let broken = false;
    this.transactions++;
    try {
      const [, headResult, sealResult] = await client.query(
        `BEGIN; SELECT position FROM log_head FOR UPDATE; SELECT ${UNSIGNED_SEAL_ROW_COLUMNS} FROM seals ORDER BY seq DESC LIMIT 1`,
      ) as unknown as [unknown, { rows: { position: number }[] }, { rows: SealRow[] }];
      try {
        if (headResult.rows.length === 0) throw new Error('the event store has no log_head row: its schema was altered');
        const head = headResult.rows[0].position;
        const now = new Date();
        const decided = await decideBatch(client, batch, head, now.toISOString());
        const { rows, lastPosition } = decided;
        if (lastPosition > head) await writeRows(client, rows, lastPosition, this.channel);
        await sealIfDue(client, toSealOf(sealResult.rows[0]), lastPosition, now, this.sealPolicy);
        await client.query('COMMIT');
        return decided.outcomes;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      broken = isConnectionError(error);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** Locks the log's head row to the end of the transaction (every appender waits here, in turn) and returns the last position: for a seal on request. */
async function lockLogHead(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ position: number }>('SELECT position FROM log_head FOR UPDATE');
  if (rows.length === 0) throw new Error('the event store has no log_head row: its schema was altered');
  return rows[0].position;
}

/**
 * Decides every request of the batch in order, in memory, against the state read under the
 * lock: the stored ids the batch mentions, its streams' heads and its idempotency keys. The same
 * rules as the SQLite writer (batch-writer.ts), request by request: a refused request writes
 * nothing and the others go on.
 */
async function decideBatch(client: PoolClient, batch: readonly AppendRequest[], head: number, recordedAt: string):
  Promise<{ outcomes: Outcome[]; rows: BatchRows; lastPosition: number }> {
  const ids = [...new Set(batch.flatMap((request) => request.events.map((event) => event.id)))];
  const streamIds = [...new Set(batch.map((request) => request.streamId))];
  const keys = [...new Set(batch.flatMap((request) => (request.idempotency ? [request.idempotency.key] : [])))];
  // One statement: the stored events among the batch's ids, its streams' heads, its keys already taken.
  const { rows: found } = await client.query<{ kind: 'e' | 's' | 'k'; id: string; stream_id: string | null; revision: number | null;
    position: number | null; hash: string | null }>(
    `SELECT 'e' AS kind, event_id AS id, stream_id, revision, position, NULL AS hash FROM events WHERE event_id = ANY($1)
     UNION ALL SELECT 's', stream_id, NULL, revision, NULL, hash FROM streams WHERE stream_id = ANY($2)
     UNION ALL SELECT 'k', key, NULL, NULL, NULL, NULL FROM idempotency WHERE key = ANY($3)`,
    [ids, streamIds, keys],
  );
  const stored = new Map<string, StoredId>();
  const streams = new Map<string, StreamHead>();
  const taken = new Set<string>();
  for (const row of found) {
    if (row.kind === 'e') stored.set(row.id, { stream_id: row.stream_id as string, revision: row.revision as number, position: row.position as number });
    else if (row.kind === 's') streams.set(row.id, { revision: row.revision as number, hash: row.hash as string });
    else taken.add(row.id);
  }
  const rows = new BatchRows();
  let lastPosition = head;
  const outcomes = batch.map((request): Outcome => {
    try {
      const duplicate = findStoredAppend(request, stored);
      if (duplicate) return { ok: true, result: duplicate };
      const current = streams.get(request.streamId);
      assertExpectedRevision(request.streamId, request.expectedRevision, current?.revision);
      if (request.idempotency && taken.has(request.idempotency.key)) throw new IdempotencyKeyTakenError(request.idempotency.key);
      const seen = new Set<string>();
      for (const event of request.events) {
        if (stored.has(event.id) || seen.has(event.id)) {
          throw new Error(`append to ${request.streamId}: event id ${event.id} is already stored (ids must be unique)`);
        }
        seen.add(event.id);
      }
      let revision = current?.revision ?? -1;
      let previous = current?.hash ?? null;
      for (const event of request.events) {
        revision += 1;
        lastPosition += 1;
        const row: EventRow = { position: lastPosition, event_id: event.id, stream_id: request.streamId, revision, type: event.type,
          schema_version: event.schemaVersion, data: event.data, metadata: event.metadata, occurred_at: event.occurredAt, recorded_at: recordedAt };
        previous = hashOfRow(row, previous);
        rows.addEvent(row, previous);
        stored.set(event.id, { stream_id: request.streamId, revision, position: lastPosition });
      }
      const headAfter = { revision, hash: previous as string };
      streams.set(request.streamId, headAfter);
      rows.streams.set(request.streamId, headAfter);
      if (request.idempotency) {
        const record = request.idempotency;
        taken.add(record.key);
        rows.idempotency.key.push(record.key);
        rows.idempotency.requestHash.push(record.requestHash);
        // `undefined` has no JSON form; it is stored, and read back, as null.
        rows.idempotency.response.push(record.response === undefined ? 'null' : toJson(record.response, `response of ${record.key}`));
        rows.idempotency.position.push(lastPosition);
      }
      return { ok: true, result: { nextExpectedRevision: revision, lastPosition, duplicate: false } };
    } catch (error) {
      return { ok: false, error };
    }
  });
  return { outcomes, rows, lastPosition };
}

/**
 * Every write of a batch in one statement: the events, the streams' new heads, the idempotency
 * records, the log's head, and the notification (delivered to the listeners on commit only).
 */
async function writeRows(client: PoolClient, rows: BatchRows, lastPosition: number, channel: string): Promise<void> {
  const e = rows.events;
  const i = rows.idempotency;
  const streamIds = [...rows.streams.keys()];
  const heads = [...rows.streams.values()];
  await client.query(
    `WITH new_events AS (
       INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
     ), new_heads AS (
       INSERT INTO streams (stream_id, revision, hash) SELECT * FROM unnest($12::text[], $13::int[], $14::text[])
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash
     ), new_records AS (
       INSERT INTO idempotency (key, request_hash, response, position) SELECT * FROM unnest($15::text[], $16::text[], $17::text[], $18::bigint[])
     ), new_head AS (
       UPDATE log_head SET position = $19
     )
     SELECT pg_notify($20, $19::text)`,
    [e.position, e.eventId, e.streamId, e.revision, e.type, e.schemaVersion, e.data, e.metadata, e.occurredAt, e.recordedAt, e.hash,
      streamIds, heads.map((head) => head.revision), heads.map((head) => head.hash),
      i.key, i.requestHash, i.response, i.position, lastPosition, channel],
  );
}

/**
 * When the first event id is already stored, the whole append must be stored, unchanged: then it
 * is answered as a duplicate. Anything else is a caller bug (ids reused).
 */
function findStoredAppend(request: AppendRequest, stored: ReadonlyMap<string, StoredId>): AppendResult | undefined {
  const { streamId, events } = request;
  const first = stored.get(events[0].id);
  if (!first) return undefined;
  let last = first;
  events.forEach((event, index) => {
    const found = stored.get(event.id);
    if (!found) {
      throw new Error(`append to ${streamId}: event ${events[0].id} is already stored but ${event.id} is not; a retried append must carry exactly the same events`);
    }
    if (found.stream_id !== streamId || found.revision !== first.revision + index) {
      throw new Error(`append to ${streamId}: event ${event.id} is already stored as ${found.stream_id}@${found.revision}, not as part of the same append`);
    }
    last = found;
  });
  return { duplicate: true, nextExpectedRevision: last.revision, lastPosition: last.position };
}

function assertExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | undefined): void {
  const matches = expected === 'any' || (expected === 'no_stream' ? current === undefined : expected === 'stream_exists' ? current !== undefined : current === expected);
  if (!matches) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

/** The connection itself failed (not a statement): whatever was in flight did not commit, or may not have. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57P') || code === 'ECONNRESET' || code === 'ECONNREFUSED';
}



