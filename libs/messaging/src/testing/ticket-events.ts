import type { IntegrationEvent } from '../integration-event';

/** A ticket event as the relay publishes it (libs/messaging/src/contracts/queue-events.v1.ts). */
export function ticketEvent(type: string, extra: Record<string, unknown>, ticket: Record<string, unknown> = {}): IntegrationEvent {
  const data = {
    ticketId: '20260407-A001', ticketNo: 'A001', queueId: 'q-zrzy', day: '2026-04-07', departmentId: 'zrzy', itemCode: 'ZRZY-001', channel: 'kiosk',
    drawnAt: '2026-04-07T01:00:00.000Z', appointmentFrom: null, appointmentTo: null, ...ticket, ...extra,
  };
  return { id: `${type}-${String(data.ticketId)}`, type, source: 'test', subject: String(data.ticketId), time: '2026-04-07T01:00:00.000Z', channel: 'queue', key: 'queue-q-zrzy-2026-04-07', data };
}
