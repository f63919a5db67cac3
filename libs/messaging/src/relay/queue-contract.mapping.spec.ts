import type { TicketEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { UnprocessableEventError } from '../messaging.errors';
import { parseTicketEventV1, TicketEventTypes } from '../contracts/queue-events.v1';
import { toStoredStream } from '../testing/case-stories';
import { ContractRouter } from './contract-router';

const STREAM = 'queue-q-zrzy-20261207';
const drawn = (n: number, at: string, appointment: { from: string; to: string } | null = null): TicketEvent => ({
  type: 'TicketDrawn', data: {
    ticketId: `20261207-A00${n}`, ticketNo: `A00${n}`, queueId: 'q-zrzy', at, prefix: 'A', day: '2026-12-07', channel: appointment ? 'online' : 'kiosk',
    departmentId: 'zrzy', itemCode: appointment ? 'ZRZY-001' : null, appointment,
  },
});
const ref = (n: number) => ({ ticketId: `20261207-A00${n}`, ticketNo: `A00${n}`, queueId: 'q-zrzy' });

/** Two walk-ins and an appointment: one served at once, one recalled then a no-show, one transferred. */
const tickets: TicketEvent[] = [
  drawn(1, '2026-12-07T01:00:00.000Z'),
  drawn(2, '2026-12-07T01:05:00.000Z', { from: '2026-12-07T01:30:00.000Z', to: '2026-12-07T02:00:00.000Z' }),
  drawn(3, '2026-12-07T01:10:00.000Z'),
  { type: 'TicketCalled', data: { ...ref(1), at: '2026-12-07T01:20:00.000Z', windowId: 'w-zrzy-1', appointment: false } },
  { type: 'TicketCalled', data: { ...ref(2), at: '2026-12-07T01:31:00.000Z', windowId: 'w-zrzy-2', appointment: true } },
  { type: 'TicketRecalled', data: { ...ref(2), at: '2026-12-07T01:33:00.000Z', windowId: 'w-zrzy-2', times: 1 } },
  { type: 'TicketNoShow', data: { ...ref(2), at: '2026-12-07T01:36:00.000Z', windowId: 'w-zrzy-2' } },
  { type: 'TicketCalled', data: { ...ref(3), at: '2026-12-07T01:40:00.000Z', windowId: 'w-zrzy-1', appointment: false } },
  { type: 'TicketTransferred', data: { ...ref(3), at: '2026-12-07T01:45:00.000Z', fromWindowId: 'w-zrzy-1', toWindowId: 'w-zh-1' } },
];
const events = toStoredStream(STREAM, tickets);
const store = { readStream: async (streamId: string) => (streamId === STREAM ? events : []) };

describe('queue tickets → public contract v1 (the queue channel)', () => {
  it('publishes every ticket event on the queue channel, subject the ticket, keyed by the queue\'s day', async () => {
    const router = ContractRouter.default(store);
    const published = await Promise.all(events.map((event) => router.toIntegrationEvent(event)));
    expect(published.map((event) => [event?.type, event?.subject])).toEqual([
      [TicketEventTypes.drawn, '20261207-A001'], [TicketEventTypes.drawn, '20261207-A002'], [TicketEventTypes.drawn, '20261207-A003'],
      [TicketEventTypes.called, '20261207-A001'], [TicketEventTypes.called, '20261207-A002'], [TicketEventTypes.recalled, '20261207-A002'],
      [TicketEventTypes.noShow, '20261207-A002'], [TicketEventTypes.called, '20261207-A003'], [TicketEventTypes.transferred, '20261207-A003'],
    ]);
    published.forEach((event, i) => expect(event).toMatchObject({ id: events[i]!.id, key: STREAM, channel: 'queue', time: events[i]!.metadata.occurredAt }));
    for (const event of published) expect(parseTicketEventV1(event!)).toEqual({ type: event!.type, data: event!.data });
  });

  it('gives every event the ticket\'s drawing (the start of its wait), read from the stream when the relay did not see it', async () => {
    const router = ContractRouter.default(store); // a fresh router: the drawings are not cached
    const called = await router.toIntegrationEvent(events[4]!);
    expect(called?.data).toEqual({
      ...ref(2), day: '2026-12-07', departmentId: 'zrzy', itemCode: 'ZRZY-001', channel: 'online', drawnAt: '2026-12-07T01:05:00.000Z',
      appointmentFrom: '2026-12-07T01:30:00.000Z', appointmentTo: '2026-12-07T02:00:00.000Z', windowId: 'w-zrzy-2', calledAt: '2026-12-07T01:31:00.000Z',
      appointment: true,
    });
    expect((await router.toIntegrationEvent(events[8]!))?.data).toMatchObject({
      fromWindowId: 'w-zrzy-1', toWindowId: 'w-zh-1', transferredAt: '2026-12-07T01:45:00.000Z', drawnAt: '2026-12-07T01:10:00.000Z', appointmentFrom: null,
    });
  });

  it('publishes nothing of the queues\' setup, and stops on a ticket without its drawing', async () => {
    const router = ContractRouter.default({ readStream: async () => [] });
    const setup = { ...events[0]!, streamId: 'queue-setup', type: 'QueueDefined', data: { queueId: 'q-zrzy', name: '自然资源', prefix: 'A', departmentIds: ['zrzy'] } } as StoredEvent;
    await expect(router.toIntegrationEvent(setup)).resolves.toBeNull();
    await expect(router.toIntegrationEvent(events[3]!)).rejects.toThrow(/no TicketDrawn for 20261207-A001/);
  });

  it('refuses a broken ticket payload as unprocessable, and skips an unknown type', () => {
    const data = { ...ref(1), day: '2026-12-07', departmentId: 'zrzy', itemCode: null, channel: 'kiosk', drawnAt: 'x', appointmentFrom: null, appointmentTo: null };
    const event = { type: TicketEventTypes.drawn, subject: '20261207-A001', data };
    expect(parseTicketEventV1(event)?.type).toBe(TicketEventTypes.drawn);
    expect(parseTicketEventV1({ ...event, type: 'cn.gov.servicecenter.ticket.drawn.v2' })).toBeUndefined();
    expect(() => parseTicketEventV1({ ...event, data: { ...data, channel: 'phone' } })).toThrow(UnprocessableEventError);
    expect(() => parseTicketEventV1({ ...event, subject: '20261207-A009' })).toThrow(/subject/);
  });
});
