import type { TicketDrawn, TicketEvent } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { TicketEventTypes, TicketRefV1 } from '../contracts/queue-events.v1';
import type { IntegrationEvent } from '../integration-event';
import { envelopeOf } from './envelope';

/** A queue's tickets of a day: `queue-<queueId>-<yyyymmdd>` (the queues' setup, `queue-setup`, has no ticket events). */
export const TICKET_STREAM_PREFIX = 'queue-';

/** What a ticket's drawing recorded: every public ticket event repeats it. */
export type TicketFacts = TicketRefV1;

export const PUBLISHED_TICKET_EVENT_TYPES: ReadonlySet<string> = new Set<TicketEvent['type']>([
  'TicketDrawn', 'TicketCalled', 'TicketRecalled', 'TicketNoShow', 'TicketTransferred',
]);

/** Named fields only (a ticket names no one in the store either). */
export function ticketFactsOf(drawn: TicketDrawn['data']): TicketFacts {
  return {
    ticketId: drawn.ticketId, ticketNo: drawn.ticketNo, queueId: drawn.queueId, day: drawn.day, departmentId: drawn.departmentId,
    itemCode: drawn.itemCode, channel: drawn.channel, drawnAt: drawn.at, appointmentFrom: drawn.appointment?.from ?? null,
    appointmentTo: drawn.appointment?.to ?? null,
  };
}

const DEFAULT_CAPACITY = 10_000;

/**
 * A ticket's facts for its later events. A queue's stream holds many tickets, so the facts are
 * per ticket, not per stream: the drawings the relay sees fill a bounded cache; a miss reads the
 * queue's day (a few hundred events) for the ticket's drawing.
 */
export class TicketFactsLookup {
  private readonly cache = new Map<string, TicketFacts>();

  constructor(private readonly store: Pick<EventStore, 'readStream'>, private readonly capacity = DEFAULT_CAPACITY) {}

  async factsFor(event: StoredEvent): Promise<TicketFacts> {
    const data = event.data as TicketEvent['data'];
    if (event.type === 'TicketDrawn') return this.remember(ticketFactsOf(data as TicketDrawn['data']));
    const cached = this.cache.get(data.ticketId);
    if (cached) return cached;
    const drawn = (await this.store.readStream(event.streamId))
      .find((stored) => stored.type === 'TicketDrawn' && (stored.data as TicketDrawn['data']).ticketId === data.ticketId);
    // A ticket event without its drawing is corruption: the relay stops rather than publish it without its facts.
    if (!drawn) throw new Error(`stream ${event.streamId} has no TicketDrawn for ${data.ticketId}`);
    return this.remember(ticketFactsOf(drawn.data as TicketDrawn['data']));
  }

  private remember(facts: TicketFacts): TicketFacts {
    this.cache.delete(facts.ticketId);
    this.cache.set(facts.ticketId, facts);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return facts;
  }
}

/** A ticket event → its public v1 form on the `queue` channel, keyed by the queue's day (its tickets arrive in order). */
export function toTicketIntegrationEvent(event: StoredEvent, facts: TicketFacts): IntegrationEvent | null {
  const envelope = (type: string, data: object): IntegrationEvent => envelopeOf(event, 'queue', facts.ticketId, type, data);
  const stored = { type: event.type, data: event.data } as TicketEvent;
  switch (stored.type) {
    case 'TicketDrawn':
      return envelope(TicketEventTypes.drawn, facts);
    case 'TicketCalled':
      return envelope(TicketEventTypes.called, { ...facts, windowId: stored.data.windowId, calledAt: stored.data.at, appointment: stored.data.appointment });
    case 'TicketRecalled':
      return envelope(TicketEventTypes.recalled, { ...facts, windowId: stored.data.windowId, recalledAt: stored.data.at, times: stored.data.times });
    case 'TicketNoShow':
      return envelope(TicketEventTypes.noShow, { ...facts, windowId: stored.data.windowId, noShowAt: stored.data.at });
    case 'TicketTransferred':
      return envelope(TicketEventTypes.transferred, {
        ...facts, fromWindowId: stored.data.fromWindowId, toWindowId: stored.data.toWindowId, transferredAt: stored.data.at,
      });
    default:
      return null;
  }
}
