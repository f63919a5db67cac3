import type { StoredEvent } from '@gov/event-store';
import { CASE_EVENT_SOURCE } from '../contracts/case-events.v1';
import type { Channel, IntegrationEvent } from '../integration-event';

/**
 * A stored event's public form: its id (consumers drop duplicates by it), when it happened, and its
 * stream as the key (one stream's events share a partition, so they arrive in order).
 */
export function envelopeOf(event: StoredEvent, channel: Channel, subject: string, type: string, data: object): IntegrationEvent {
  return { id: event.id, type, source: CASE_EVENT_SOURCE, subject, time: event.metadata.occurredAt, channel, key: event.streamId, data };
}
