import type * as Esdb from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient, JSONType, Position, ResolvedEvent } from '@eventstore/db-client';
import { CatchUpSubscription, type ReadAfterResult } from '../catch-up-subscription';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendOptions, AppendResult, EventStore, IdempotencyRecord, NewEvent, ReadAllOptions, StoredEvent, SubscribeOptions, Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import {
  classifyAppend, fromEsdbCurrentRevision, fromEsdbRecord, fromPositionAfter, toEsdbEvent, toEsdbExpectedRevision, toPosition, toSafeNumber,
  type EsdbRecord,
} from './esdb-mapping';
import { IdempotencyClaims, type ClaimEntry, type ClaimLog, type HeldClaim, type StoredClaimEntry } from './idempotency-claims';

/**
 * The client library, loaded when a store connects: its gRPC stubs are a quarter of a second of
 * every engine start, and only a deployment on EventStoreDB uses it.
 */
let library: typeof Esdb | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esdb = (): typeof Esdb => (library ??= require('@eventstore/db-client') as typeof Esdb);

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or `esdb+discover://` for a cluster. */
  readonly connectionString: string;
  /** How often an idle subscription reads $all even without a live notification (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** A pending Idempotency-Key claim whose events have not appeared after this long is abandoned (default 30 s). */
  readonly claimTimeoutMs?: number;
  /** Deadline of an events append; must stay well below claimTimeoutMs (default 10 s). */
  readonly appendDeadlineMs?: number;
}

/** The part of the gRPC client the adapter uses (tests hand it an in-memory imitation). */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

const READ_PAGE = 500;
const CLAIM_TYPES: Record<ClaimEntry['type'], string> = { claimed: 'IdempotencyKeyClaimed', released: 'IdempotencyKeyReleased' };
const CLAIM_METADATA = { internal: 'idempotency-claim' };

/**
 * The event-store port on EventStoreDB (or KurrentDB) through its gRPC client.
 *
 * - Streams and expected revisions map one to one; positions are commit positions in $all
 *   (see esdb-mapping.ts).
 * - Idempotent appends by event id: the target stream is read first and a retried append
 *   (its ids already there) is answered as a duplicate with its original revision and
 *   position, whatever the server's id cache remembers.
 * - Idempotency-Key records: claims in a stream per key (idempotency-claims.ts).
 * - Subscriptions: catch-up by pages of $all from the checkpoint, then live: a live
 *   EventStoreDB subscription to $all wakes them when something is written, and they read
 *   the new events the same way, so a failing handler gets the same batch again.
 * - $all holds EventStoreDB's system events and the claims too: readAll, headPosition and
 *   subscriptions skip them (they count as looked at).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly claims: IdempotencyClaims;
  private readonly pollIntervalMs: number;
  private readonly appendDeadlineMs: number;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private live: AllStreamSubscription | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly client: EsdbClient,
    options: Omit<EventStoreDbEventStoreOptions, 'connectionString'> = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.appendDeadlineMs = options.appendDeadlineMs ?? 10_000;
    const claimTimeoutMs = options.claimTimeoutMs ?? 30_000;
    if (this.appendDeadlineMs * 2 > claimTimeoutMs) throw new RangeError('claimTimeoutMs must be at least twice appendDeadlineMs');
    this.claims = new IdempotencyClaims(this.claimLog(), { claimTimeoutMs });
  }

  static connect(options: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(esdb().EventStoreDBClient.connectionString(options.connectionString), options);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) throw new Error('EventStoreDbEventStore is closed');
    assertValidAppend(streamId, events, options);
    const proposed = events.map(toEsdbEvent);
    // A retried append is acknowledged before the revision check: its expected revision
    // was right the first time and is necessarily stale now.
    const retried = await this.storedAppend(streamId, events);
    if (retried) return retried;

    const claim = options.idempotency ? await this.claims.claim(options.idempotency, streamId, events[0].id) : undefined;
    try {
      const result = await this.client.appendToStream(
        streamId,
        proposed.map((event) => esdb().jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata as unknown as JSONType })),
        { expectedRevision: toEsdbExpectedRevision(options.expectedRevision), deadline: this.appendDeadlineMs },
      );
      if (!result.position) throw new Error('EventStoreDB did not return the position of the append');
      this.notifySubscriptions();
      return { duplicate: false, nextExpectedRevision: toSafeNumber(result.nextExpectedRevision, 'stream revision'), lastPosition: toPosition(result.position.commit) };
    } catch (error) {
      return await this.afterFailedAppend(streamId, events, options, error, claim);
    }
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const stored: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: esdb().START, direction: esdb().FORWARDS })) {
        const event = resolved.event && fromEsdbRecord(resolved.event as EsdbRecord);
        if (event) stored.push(event);
      }
    } catch (error) {
      if (error instanceof esdb().StreamNotFoundError) return [];
      throw error;
    }
    return stored;
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError(`invalid limit ${options.limit}`);
    return (await this.readAfter(options.after, options.limit, Number.MAX_SAFE_INTEGER)).events;
  }

  async headPosition(): Promise<number> {
    // Backwards from the end, past system events and claims, to the newest domain event.
    let from: 'end' | Position = esdb().END;
    for (;;) {
      let seen = 0;
      let last: AllStreamResolvedEvent | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: esdb().BACKWARDS, maxCount: READ_PAGE })) {
        seen += 1;
        last = resolved;
        const event = resolved.event && fromEsdbRecord(resolved.event as EsdbRecord);
        if (event) return event.position;
      }
      if (seen < READ_PAGE || !last?.event) return 0;
      // Reading backwards excludes the event at the position given.
      from = last.event.position;
    }
  }

  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    return this.claims.find(key);
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (this.closing) throw new Error('EventStoreDbEventStore is closed');
    if (options.types?.length === 0) throw new RangeError('types must not be empty');
    const types = options.types && new Set(options.types);
    const subscription = new CatchUpSubscription(
      {
        readAfter: async (after, limit) => {
          // The head first: the page read after it sees at least every event up to it.
          const head = await this.headPosition();
          if (head <= after) return { events: [], upTo: after };
          return this.readAfter(after, limit, head, types);
        },
        pollIntervalMs: this.pollIntervalMs,
        detach: (finished) => this.subscriptions.delete(finished),
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    this.startLiveNotifications();
    return subscription;
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.live?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }

  /**
   * Domain events after `after` and up to `upTo`, at most `limit` (of `types` when given),
   * with the position up to which $all was looked at: the last event returned when the limit
   * was reached, else `upTo` or the end of the log, whichever comes first.
   */
  private async readAfter(after: number, limit: number, upTo: number, types?: ReadonlySet<string>): Promise<ReadAfterResult> {
    const events: StoredEvent[] = [];
    let from: 'start' | Position = fromPositionAfter(after);
    let lookedAt = after;
    for (;;) {
      let seen = 0;
      let lastRaw: Position | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: esdb().FORWARDS, maxCount: READ_PAGE })) {
        seen += 1;
        const record = resolved.event;
        if (!record) continue;
        lastRaw = record.position;
        const position = toPosition(record.position.commit);
        if (position <= lookedAt) continue;
        if (position > upTo) return { events, upTo };
        lookedAt = position;
        const event = fromEsdbRecord(record as EsdbRecord);
        if (!event || (types && !types.has(event.type))) continue;
        events.push(event);
        if (events.length === limit) return { events, upTo: position };
      }
      if (seen < READ_PAGE || !lastRaw) return { events, upTo: Math.min(upTo, lookedAt) };
      // Forwards from a position includes the event at it: skipped above as looked at.
      from = lastRaw;
    }
  }

  /** The answer to an append whose events are all stored already, or undefined for a fresh one. */
  private async storedAppend(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const classification = classifyAppend(streamId, await this.readStream(streamId), events);
    if (classification.kind === 'fresh') return undefined;
    return { duplicate: true, nextExpectedRevision: classification.lastRevision, lastPosition: classification.lastPosition };
  }

  private async afterFailedAppend(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    error: unknown,
    claim: HeldClaim | undefined,
  ): Promise<AppendResult> {
    if (!(error instanceof esdb().WrongExpectedVersionError)) {
      // Unknown outcome (a timeout may still commit): the claim is left pending, never released
      // while the events might exist; `find` answers from it only once they do.
      throw error;
    }
    // The same events may have landed meanwhile (a concurrent retry of this append).
    const retried = await this.storedAppend(streamId, events);
    if (retried) return retried;
    await claim?.release('the append was refused: wrong expected revision');
    throw new WrongExpectedRevisionError(streamId, options.expectedRevision, fromEsdbCurrentRevision(error.actualVersion));
  }

  private notifySubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.notifyCommitted();
  }

  /** One live subscription to $all per store, only to wake the catch-up subscriptions when anything is written. */
  private startLiveNotifications(): void {
    if (this.live || this.closing) return;
    const live = this.client.subscribeToAll({ fromPosition: esdb().END, filter: esdb().excludeSystemEvents() });
    this.live = live;
    live.on('data', () => this.notifySubscriptions());
    live.on('error', () => {
      // The catch-up subscriptions still poll; a new live subscription is tried a little later.
      if (this.live === live) this.live = undefined;
      setTimeout(() => {
        if (this.subscriptions.size > 0) this.startLiveNotifications();
      }, 1000).unref();
    });
  }

  private claimLog(): ClaimLog {
    return {
      read: async (keyStream) => {
        const entries: StoredClaimEntry[] = [];
        try {
          for await (const resolved of this.client.readStream(keyStream, { fromRevision: esdb().START, direction: esdb().FORWARDS })) {
            const record = (resolved as ResolvedEvent).event;
            if (!record) continue;
            entries.push({ revision: toSafeNumber(record.revision, 'stream revision'), recordedAt: record.created, entry: record.data as unknown as ClaimEntry });
          }
        } catch (error) {
          if (error instanceof esdb().StreamNotFoundError) return [];
          throw error;
        }
        return entries;
      },
      append: async (keyStream, entries, expected) => {
        try {
          await this.client.appendToStream(
            keyStream,
            entries.map((entry) => esdb().jsonEvent({ type: CLAIM_TYPES[entry.type], data: entry as unknown as JSONType, metadata: CLAIM_METADATA })),
            { expectedRevision: expected === 'no_stream' ? 'no_stream' : BigInt(expected) },
          );
        } catch (error) {
          if (error instanceof esdb().WrongExpectedVersionError) {
            throw new WrongExpectedRevisionError(keyStream, expected, fromEsdbCurrentRevision(error.actualVersion));
          }
          throw error;
        }
      },
      hasEvent: async (streamId, eventId) => (await this.readStream(streamId)).some((event) => event.id === eventId),
    };
  }
}

function assertValidAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): void {
  if (streamId.length === 0) throw new TypeError('streamId must not be empty');
  if (streamId.startsWith('$')) throw new TypeError(`append to ${streamId}: $-streams are EventStoreDB's own`);
  if (events.length === 0) throw new TypeError(`append to ${streamId}: no events`);
  const expected = options.expectedRevision;
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new RangeError(`append to ${streamId}: invalid expected revision ${expected}`);
  }
}
