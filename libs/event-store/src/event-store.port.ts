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
 * The event as a plain object, every property its own: a fold running on the reading thread
 * gets events whose metadata is read lazily (a getter), and a structured clone copies only an
 * object's own properties.
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
 * A pure function of a page of events (and, for a carrying fold, of what it kept from the pages
 * before), named by where it lives so that another thread can load it:
 * `require(module)[exportName](events, argument, run)`. What it returns, and `argument`, must be
 * plain data (copied between threads by structured clone); an event it returns must be
 * `plainEvent(event)`, as the events it gets may read their metadata lazily. Its module must
 * depend on nothing of the caller's but its imports.
 */
export interface PageFold {
  /** The module's absolute path (its `.ts` source under the tests, its `.js` when built). */
  readonly module: string;
  readonly exportName: string;
  readonly argument?: unknown;
  /**
   * The fold keeps state from one page of a range to the next (`FoldRun.state`) and may give
   * what a page did with a later page: a range that had pages then ends with one more, of no
   * events (`FoldRun.ending`, `FoldedPage.ending`), on which it gives out the rest.
   */
  readonly carries?: boolean;
}

/** What a fold is handed with each page besides its events. */
export interface FoldRun {
  /** Kept from page to page of one range (every range starts with an empty one): only a carrying fold uses it. */
  readonly state: Record<string, unknown>;
  /** The carrying fold's last call, with no events: nothing may stay kept. */
  readonly ending: boolean;
}

/** What a fold made of one page of the log: the events after `after`, up to and including `last`. */
export interface FoldedPage<T> {
  readonly after: number;
  readonly last: number;
  /** Events in the page: 0 on a carrying fold's ending page. */
  readonly count: number;
  readonly value: T;
  /** A carrying fold's last page (PageFold.carries): what it still kept, and no events. */
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
   * The same range, each page handed to `fold` where it is read (SQLite: on the reading thread)
   * and only what the fold makes of it delivered: the caller's thread is spared the events'
   * parsing and whatever the fold does. Optional: `foldLogRange` folds on the caller's thread
   * for stores without it.
   */
  foldRange?<T>(options: ReadRangeOptions, fold: PageFold): AsyncIterable<FoldedPage<T>>;
  /** Position of the newest stored event, 0 when the store is empty. */
  headPosition(): Promise<number>;
  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * The log from `after` to `until` in pages: read ahead where the store can, else through
 * readAll. For long reads: starting the read-ahead thread costs milliseconds.
 */
export function readLogRange(store: EventStore, options: ReadRangeOptions): AsyncIterable<StoredEvent[]> {
  return store.readRange ? store.readRange(options) : readLogPages(store, options);
}

/** The log from `after` to `until`, each page folded: where it is read if the store can, else on the caller's thread. */
export function foldLogRange<T>(store: EventStore, options: ReadRangeOptions, fold: PageFold): AsyncIterable<FoldedPage<T>> {
  return store.foldRange ? store.foldRange<T>(options, fold) : foldPages<T>(readLogPages(store, options), options.after, fold);
}

/** Folds pages as they come, on this thread. */
export async function* foldPages<T>(pages: AsyncIterable<StoredEvent[]>, after: number, fold: PageFold): AsyncGenerator<FoldedPage<T>> {
  const apply = loadPageFold<T>(fold);
  let last = after;
  for await (const events of pages) {
    const page = { after: last, last: events[events.length - 1].position, count: events.length, value: foldAt(last, () => apply(events)) };
    last = page.last;
    yield page;
  }
  if (fold.carries && last > after) yield { after: last, last, count: 0, value: foldAt(last, () => apply([], true)), ending: true };
}

/** The fold of a page, a failure saying where (as the reading thread's does). */
function foldAt<T>(after: number, apply: () => T): T {
  try {
    return apply();
  } catch (error) {
    throw new Error(`the page after position ${after}: ${(error as Error).stack ?? String(error)}`, { cause: error });
  }
}

/** The fold's function for one range, loaded from its module; bound to its argument and to the range's state. */
export function loadPageFold<T>(fold: PageFold): (events: readonly StoredEvent[], ending?: boolean) => T {
  const exported = (require(fold.module) as Record<string, unknown>)[fold.exportName];
  if (typeof exported !== 'function') throw new Error(`${fold.module} exports no function ${fold.exportName}`);
  const state: Record<string, unknown> = {};
  return (events, ending = false) =>
    (exported as (events: readonly StoredEvent[], argument: unknown, run: FoldRun) => T)(events, fold.argument, { state, ending });
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
