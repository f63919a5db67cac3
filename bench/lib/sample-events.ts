import { randomUUID } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import type { NewEvent } from '@gov/event-store';

/**
 * The events every store workload appends: FeeAssessed events of a real case with the
 * metadata the engine writes (≈300 bytes as JSON). Each has a fresh id, time-ordered (UUID
 * v7) as the engine mints them (or random v4, to show what that costs); the events of one
 * append share their time and correlation id, as the events of one command do.
 */
export function sampleEvents(count: number, ids: 'time-ordered' | 'random' = 'time-ordered'): NewEvent[] {
  const at = new Date().toISOString();
  const data = { at, fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }], totalFen: 9000 };
  const metadata = { occurredAt: at, correlationId: randomUUID(), causationId: null, actor: { id: 'staff-0042', role: 'window-staff' } };
  const id = ids === 'random' ? randomUUID : timeOrderedUuid;
  return Array.from({ length: count }, () => ({ id: id(), type: 'FeeAssessed', schemaVersion: 1, data, metadata }));
}

export function sampleEvent(): NewEvent {
  return sampleEvents(1)[0];
}

/** Bytes of one sample event's data and metadata as stored (JSON). */
export function sampleEventBytes(): number {
  const event = sampleEvent();
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}

/** Each caller appends EVENTS_PER_STREAM events to a stream, then starts its next one. */
export const EVENTS_PER_STREAM = 20;
