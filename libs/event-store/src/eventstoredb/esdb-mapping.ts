import type { EventMetadata, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port';

/**
 * Pure translations between the port's plain numbers and EventStoreDB's records, kept apart
 * from the gRPC client so they can be tested without a server.
 *
 * Positions: the port's position is the event's commit position in EventStoreDB's log. Every
 * event written by an ordinary append (the only kind the gRPC API offers, no explicit
 * transactions) has its own commit position, equal to its prepare position; so a number is
 * enough to resume from: `{ commit: n, prepare: n }`. Reading $all forwards from a position
 * includes the event at it, which the port's `after` excludes.
 */

/** What this adapter writes as an event's EventStoreDB metadata. */
export interface EsdbEnvelope {
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  /** EventStoreDB's own conventions, read by its system projections ($by_correlation_id). */
  readonly $correlationId: string;
  readonly $causationId?: string;
}

export interface EsdbProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EsdbEnvelope;
}

/** The fields of an EventStoreDB recorded event this adapter reads (a subset of the client's type). */
export interface EsdbRecord {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: bigint;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

export type EsdbExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toEsdbExpectedRevision(expected: ExpectedRevision): EsdbExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** The client reports a missing stream as `no_stream`, an existing one by its last revision. */
export function fromEsdbCurrentRevision(actual: 'no_stream' | bigint | string): number | 'no_stream' {
  if (typeof actual === 'bigint') return toSafeNumber(actual, 'stream revision');
  return 'no_stream';
}

/** Event ids are UUIDs in EventStoreDB; data and metadata are JSON. */
export function toEsdbEvent(event: NewEvent): EsdbProposedEvent {
  if (!UUID.test(event.id)) throw new TypeError(`event id ${event.id} is not a UUID (EventStoreDB needs one)`);
  if (JSON.stringify(event.data) === undefined) throw new TypeError(`data of event ${event.id} has no JSON representation`);
  if (JSON.stringify(event.metadata) === undefined) throw new TypeError(`metadata of event ${event.id} has no JSON representation`);
  // A deep copy through JSON: the caller may change its objects while the append is in flight.
  const metadata = JSON.parse(JSON.stringify(event.metadata)) as EventMetadata;
  const envelope: EsdbEnvelope = {
    schemaVersion: event.schemaVersion,
    metadata,
    $correlationId: metadata.correlationId,
    ...(metadata.causationId === null ? {} : { $causationId: metadata.causationId }),
  };
  return { id: event.id, type: event.type, data: JSON.parse(JSON.stringify(event.data)) as unknown, metadata: envelope };
}

/**
 * The stored event, or undefined for a record this adapter did not write as a domain event:
 * EventStoreDB's system events (`$`-types, `$`-streams) and the adapter's own idempotency
 * claims. They still occupy positions, which subscriptions count as looked at.
 */
export function fromEsdbRecord(record: EsdbRecord): StoredEvent | undefined {
  if (record.type.startsWith('$') || record.streamId.startsWith('$')) return undefined;
  const envelope = asEnvelope(record.metadata);
  if (!envelope) return undefined;
  if (!record.position) throw new Error('EventStoreDB sent an event without its position: the server must be 22.6 or newer');
  return {
    id: record.id,
    type: record.type,
    schemaVersion: envelope.schemaVersion,
    data: record.data,
    metadata: envelope.metadata,
    streamId: record.streamId,
    revision: toSafeNumber(record.revision, 'stream revision'),
    position: toPosition(record.position.commit),
    recordedAt: record.created.toISOString(),
  };
}

export function toPosition(commit: bigint): number {
  return toSafeNumber(commit, 'commit position');
}

/** The position to read $all forwards from to see what follows `after` (the event at `after` comes back too). */
export function fromPositionAfter(after: number): 'start' | { commit: bigint; prepare: bigint } {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`invalid checkpoint ${after}`);
  return after === 0 ? 'start' : { commit: BigInt(after), prepare: BigInt(after) };
}

/** A server-side filter matching exactly these event types (EventStoreDB's filters are .NET regexes). */
export function exactTypesRegex(types: readonly string[]): string {
  if (types.length === 0) throw new RangeError('types must not be empty');
  return `^(?:${types.map(escapeRegex).join('|')})$`;
}

export function toSafeNumber(value: bigint, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${what} ${value} does not fit a JavaScript number`);
  return number;
}

function asEnvelope(metadata: unknown): EsdbEnvelope | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { schemaVersion, metadata: inner } = metadata as Partial<EsdbEnvelope>;
  if (typeof schemaVersion !== 'number' || typeof inner !== 'object' || inner === null) return undefined;
  return metadata as EsdbEnvelope;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the events of an append are, measured against the ids already in the target stream. */
export type AppendClassification =
  | { readonly kind: 'fresh' }
  | { readonly kind: 'duplicate'; readonly lastRevision: number; readonly lastPosition: number };

/**
 * The port's idempotent append, decided from the target stream's events: every id already
 * stored, consecutively and in the same order, is a retried append (a duplicate); none stored
 * is a fresh one; anything in between is a caller bug, refused. EventStoreDB has no index by
 * event id across streams, so ids reused in another stream are not detected here (the SQLite
 * adapter does detect them).
 */
export function classifyAppend(
  streamId: string,
  stored: readonly Pick<StoredEvent, 'id' | 'revision' | 'position'>[],
  events: readonly Pick<NewEvent, 'id'>[],
): AppendClassification {
  const ids = new Set<string>();
  for (const event of events) {
    if (ids.has(event.id)) throw new Error(`append to ${streamId}: event id ${event.id} appears twice (ids must be unique)`);
    ids.add(event.id);
  }
  const index = new Map(stored.map((event, at) => [event.id, at]));
  const found = events.map((event) => index.get(event.id));
  if (found.every((at) => at === undefined)) return { kind: 'fresh' };
  const first = found[0];
  const consecutive = first !== undefined && found.every((at, offset) => at === first + offset);
  if (!consecutive) {
    throw new Error(
      `append to ${streamId}: some of the event ids are already stored in it and some are not, or not in this order; ` +
        'a retried append must carry exactly the same events',
    );
  }
  const last = stored[first + events.length - 1];
  return { kind: 'duplicate', lastRevision: last.revision, lastPosition: last.position };
}
