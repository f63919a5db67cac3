import type { StoredEvent } from '@gov/event-store';

/** One event of a test's log: its stream, its type, its data, and when it happened (default: `data.at`). */
export type LoggedEvent = readonly [streamId: string, type: string, data: Record<string, unknown>, at?: string];

/** The events as the store would hand them to a projection: positions 1, 2, … in the given order. */
export function storedLog(events: readonly LoggedEvent[]): StoredEvent[] {
  return events.map(([streamId, type, data, at = String(data.at)], index) => ({
    id: `e-${index + 1}`, type, schemaVersion: 1, data, streamId, revision: 0, position: index + 1, recordedAt: at,
    metadata: { occurredAt: at, correlationId: 'c', causationId: null, actor: { id: 'a', role: 'r' } },
  }));
}
