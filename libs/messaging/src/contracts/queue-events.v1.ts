import type { IntegrationEvent } from '../integration-event';
import { checkPayload, PayloadSchema, TypedPayload } from './payload-check';

/**
 * The public contract of the hall's queue tickets (排队叫号), version 1 (libs/messaging/CONTRACT.md):
 * what the efficiency office (效能办) measures waiting with. A ticket names no one: the
 * applicant's identity is not in the queue's events at all. Served tickets are told by the case
 * they led to (`ticketId` on `case.received.v1`).
 */
export const TicketEventTypes = {
  drawn: 'cn.gov.servicecenter.ticket.drawn.v1',
  called: 'cn.gov.servicecenter.ticket.called.v1',
  recalled: 'cn.gov.servicecenter.ticket.recalled.v1',
  noShow: 'cn.gov.servicecenter.ticket.no-show.v1',
  transferred: 'cn.gov.servicecenter.ticket.transferred.v1',
} as const;

/** What every ticket event carries: the ticket, its queue and day, and what its drawing recorded. */
export interface TicketRefV1 {
  /** The day and number, e.g. `20261207-A001` (equals `ce_subject`). */
  readonly ticketId: string;
  readonly ticketNo: string;
  readonly queueId: string;
  /** Asia/Shanghai, YYYY-MM-DD. */
  readonly day: string;
  /** The department whose items it was drawn for. */
  readonly departmentId: string;
  readonly itemCode: string | null;
  readonly channel: 'kiosk' | 'online';
  /** When it was drawn (booked, for an appointment): the start of its wait. */
  readonly drawnAt: string;
  /** An appointment's slot (预约时段); null for a walk-in. */
  readonly appointmentFrom: string | null;
  readonly appointmentTo: string | null;
}

export type TicketDrawnV1 = TicketRefV1;

export interface TicketCalledV1 extends TicketRefV1 {
  readonly windowId: string;
  readonly calledAt: string;
  /** Called as an appointment whose slot had begun (预约优先). */
  readonly appointment: boolean;
}

export interface TicketRecalledV1 extends TicketRefV1 {
  readonly windowId: string;
  readonly recalledAt: string;
  /** How many times it has been called again at this window. */
  readonly times: number;
}

export interface TicketNoShowV1 extends TicketRefV1 {
  readonly windowId: string;
  readonly noShowAt: string;
}

/** Sent on to another window that serves its queue: it waits for that window, first. */
export interface TicketTransferredV1 extends TicketRefV1 {
  readonly fromWindowId: string;
  readonly toWindowId: string;
  readonly transferredAt: string;
}

export type TicketEventV1 =
  | TypedPayload<typeof TicketEventTypes.drawn, TicketDrawnV1>
  | TypedPayload<typeof TicketEventTypes.called, TicketCalledV1>
  | TypedPayload<typeof TicketEventTypes.recalled, TicketRecalledV1>
  | TypedPayload<typeof TicketEventTypes.noShow, TicketNoShowV1>
  | TypedPayload<typeof TicketEventTypes.transferred, TicketTransferredV1>;

const REF_FIELDS = {
  ticketId: 'string', ticketNo: 'string', queueId: 'string', day: 'string', departmentId: 'string', itemCode: 'string|null',
  channel: ['kiosk', 'online'], drawnAt: 'string', appointmentFrom: 'string|null', appointmentTo: 'string|null',
} as const;

const SCHEMAS: Record<TicketEventV1['type'], PayloadSchema> = {
  [TicketEventTypes.drawn]: REF_FIELDS,
  [TicketEventTypes.called]: { ...REF_FIELDS, windowId: 'string', calledAt: 'string', appointment: 'boolean' },
  [TicketEventTypes.recalled]: { ...REF_FIELDS, windowId: 'string', recalledAt: 'string', times: 'number' },
  [TicketEventTypes.noShow]: { ...REF_FIELDS, windowId: 'string', noShowAt: 'string' },
  [TicketEventTypes.transferred]: { ...REF_FIELDS, fromWindowId: 'string', toWindowId: 'string', transferredAt: 'string' },
};

export function isTicketEventV1Type(type: string): type is TicketEventV1['type'] {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, type);
}

/** As `parseCaseEventV1`: undefined for a type this version does not know; throws `UnprocessableEventError` on a broken payload. */
export function parseTicketEventV1(event: Pick<IntegrationEvent, 'type' | 'data' | 'subject'>): TicketEventV1 | undefined {
  if (!isTicketEventV1Type(event.type)) return undefined;
  const data = checkPayload(event.type, event.data, SCHEMAS[event.type], 'ticketId', event.subject);
  return { type: event.type, data } as TicketEventV1;
}
