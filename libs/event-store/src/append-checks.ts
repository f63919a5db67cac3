import type { AppendOptions, NewEvent } from './event-store.port';
import { type SerializedEvent, toJson } from './sqlite/batch-writer';

/** What every store refuses before it writes anything: an empty stream id or batch, a revision that is no revision. */
export function assertValidAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): void {
  if (streamId.length === 0) throw new TypeError('streamId must not be empty');
  if (events.length === 0) throw new TypeError(`append to ${streamId}: no events`);
  const expected = options.expectedRevision;
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new RangeError(`append to ${streamId}: invalid expected revision ${expected}`);
  }
}

/** An event as the stores keep it: its data and metadata as JSON text, checked to round-trip. */
export function serializeEvent(event: NewEvent): SerializedEvent {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: toJson(event.data, `data of event ${event.id}`),
    metadata: toJson(event.metadata, `metadata of event ${event.id}`),
    occurredAt: event.metadata.occurredAt,
  };
}

export function assertValidRead(after: number, limit: number): void {
  if (!Number.isInteger(after) || after < 0) throw new RangeError(`invalid checkpoint ${after}`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`invalid limit ${limit}`);
}
