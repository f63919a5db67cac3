import type { Seal } from './sqlite/audit/seals';

/**
 * The event-store port. Every adapter (embedded SQLite, EventStoreDB) implements it and
 * passes the same contract suite (`testing/event-store.contract.ts`).
 *
 * Revisions are 0-based per stream (the first event of a stream is revision 0, as in
 * EventStoreDB). Global positions are strictly increasing integers starting at 1; a
 * checkpoint of 0 means "from the beginning".
 */

export interface Actor {
  /** Who issued the command: a user id, a service id or `system`. */
  readonly id: string;
  readonly role: string;
}

export interface EventMetadata {
  /** When the fact happened in the world (may be in the past for imported histories). */
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor;
}

export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  /** When the store made it durable. */
  readonly recordedAt: string;
}

/**
 * The event as a plain object, every property its own: a page worker running where the log is
 * read gets events whose metadata is read lazily (a getter), and a structured clone copies only
 * an object's own properties.
 */
export function plainEvent(event: StoredEvent): StoredEvent {
  const { id, type, schemaVersion, data, metadata, streamId, revision, position, recordedAt } = event;
  return { id, type, schemaVersion, data, metadata, streamId, revision, position, recordedAt };
}

/** `no_stream`: the stream must not exist; a number: the revision of its last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/**
 * A command's answer stored with its events in the same transaction, so that a retried
 * command (same Idempotency-Key) returns the first answer, across restarts and crashes.
 */
export interface IdempotencyRecord {
  readonly key: string;
  /** Hash of the request that used the key; the same key with another request is refused. */
  readonly requestHash: string;
  readonly response: unknown;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  readonly idempotency?: IdempotencyRecord;
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly lastPosition: number;
  /** True when every event id was already stored: nothing was written again. */
  readonly duplicate: boolean;
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this checkpoint. */
  readonly after: number;
  readonly limit: number;
}

export interface ReadRangeOptions {
  /** Events with a position strictly greater than this checkpoint… */
  readonly after: number;
  /** …and at most this one. */
  readonly until: number;
  /** Events per page, at most. */
  readonly pageSize: number;
}

/**
 * Work a store may run on each page of a range where it reads the log (SQLite: on its reading
 * thread), named by where it lives, as another thread can load a module but not be handed a
 * function: `require(module)[exportName](options)` starts it, once per range, and returns its
 * PageWork. `options`, and what the work makes of a page, must be plain data (copied between
 * threads by structured clone). The events it gets may read their id, metadata and time of
 * recording only when asked: an event it returns must be `plainEvent(event)`. Its module must
 * depend on nothing of the caller's but its imports.
 */
export interface PageWorker {
  /** The module's absolute path (its `.ts` source under the tests, its `.js` when built). */
  readonly module: string;
  readonly exportName: string;
  readonly options?: unknown;
}

/** A page worker started for one range: given each page of it in order, then `end`, if it has one, once after the last. */
export interface PageWork<T> {
  page(events: readonly StoredEvent[]): T;
  /** After the range's last page (when it had any): what the work has yet to give, having held some back. */
  end?(): T;
}

/** What the work made of one page of the log: the events after `after`, up to and including `last`. */
export interface WorkedPage<T> {
  readonly after: number;
  readonly last: number;
  /** Events in the page: 0 on the ending page. */
  readonly count: number;
  readonly value: T;
  /** What the work's `end` gave, after the last page: no events. */
  readonly ending?: true;
}

export type SubscriptionHandler = (events: readonly StoredEvent[]) => Promise<void>;

export interface Subscription {
  /** Resolves once the handler has finished its current batch and no other will start. */
  stop(): Promise<void>;
  /** Resolves when the subscription has processed every event up to `position`. */
  caughtUpTo(position: number): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events after this checkpoint: catch up, then live. */
  readonly after: number;
  readonly batchSize?: number;
  /**
   * Deliver only events of these types (all when absent). The others are skipped by the
   * store without being read into memory; `caughtUpTo` still counts them as processed.
   */
  readonly types?: readonly string[];
  /** Called when the handler throws; the subscription then retries the same batch. */
  readonly onError?: (error: unknown) => void;
  /**
   * Called after each batch, with or without events, with the position up to which the log was
   * looked at: a reader of rare types stores it, or its next start reads again every event it
   * skipped since its last one. A throw is handled as the handler's.
   */
  readonly onProgress?: (position: number) => void | Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string): Promise<StoredEvent[]>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * The log from `after` to `until` in pages, read ahead of the caller: the next page is read
   * while the caller works on this one (SQLite: on a thread of its own). Optional: stores
   * without it are read page by page (`readLogRange`). Stopping early (a `break`, a throw)
   * stops the reading.
   */
  readRange?(options: ReadRangeOptions): AsyncIterable<StoredEvent[]>;
  /**
   * The same range, each page handed to the work `worker` starts where the page is read (SQLite:
   * on the reading thread), and only what the work makes of it delivered: the caller's thread is
   * spared the events' parsing and whatever the work does. Optional: a store without it has no
   * such place.
   */
  readRangeWith?<T>(worker: PageWorker, options: ReadRangeOptions): AsyncIterable<WorkedPage<T>>;
  /** Position of the newest stored event, 0 when the store is empty. */
  headPosition(): Promise<number>;
  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** A store that keeps the tamper-evident record (SQLite, PostgreSQL): its seals, made on request or read. */
export interface SealingEventStore extends EventStore {
  sealNow(): Promise<Seal>;
  latestSeal(): Seal | undefined | Promise<Seal | undefined>;
}

export function keepsSeals(store: EventStore): store is SealingEventStore {
  const candidate = store as Partial<SealingEventStore>;
  return typeof candidate.sealNow === 'function' && typeof candidate.latestSeal === 'function';
}

/**
 * The log from `after` to `until` in pages: read ahead where the store can, else through
 * readAll. For long reads: starting the read-ahead thread costs milliseconds.
 */
export function readLogRange(store: EventStore, options: ReadRangeOptions): AsyncIterable<StoredEvent[]> {
  return store.readRange ? store.readRange(options) : readLogPages(store, options);
}

/** The same, read page by page through readAll on the caller's turn: for short reads. */
export async function* readLogPages(store: EventStore, { after, until, pageSize }: ReadRangeOptions): AsyncGenerator<StoredEvent[]> {
  let last = after;
  while (last < until) {
    const events = (await store.readAll({ after: last, limit: pageSize })).filter((event) => event.position <= until);
    if (events.length === 0) return;
    yield events;
    last = events[events.length - 1].position;
  }
}
