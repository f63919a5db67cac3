import { LocalDate, shanghaiDateOf } from '../calendar';
import { Decider, DecisionContext, DomainEvent, rule } from '../shared';

/**
 * One queue's tickets of one day (`queue-<queueId>-<yyyymmdd>`): numbers restart every day,
 * and a window's call decides on one queue's few hundred tickets, not the whole hall's.
 */
export const TICKET_CHANNELS = ['kiosk', 'online'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** An appointment's time slot (预约时段), as instants. */
export interface TimeSlot {
  readonly from: string;
  readonly to: string;
}

export type DrawTicket = {
  readonly type: 'DrawTicket';
  readonly data: {
    readonly queueId: string; readonly prefix: string; readonly day: LocalDate; readonly channel: TicketChannel;
    readonly departmentId: string; readonly itemCode: string | null; readonly appointment: TimeSlot | null;
  };
};
export type CallNext = { readonly type: 'CallNext'; readonly data: { readonly windowId: string } };
export type RecallTicket = { readonly type: 'RecallTicket'; readonly data: { readonly ticketNo: string; readonly windowId: string } };
export type MarkNoShow = { readonly type: 'MarkNoShow'; readonly data: { readonly ticketNo: string; readonly windowId: string } };
export type TransferTicket = {
  readonly type: 'TransferTicket';
  readonly data: {
    readonly ticketNo: string; readonly windowId: string; readonly toWindowId: string;
    /** The handler's look-up: whether the target window calls from this ticket's queue. */
    readonly targetServesQueue: boolean;
  };
};
export type TicketCommand = DrawTicket | CallNext | RecallTicket | MarkNoShow | TransferTicket;

type TicketRef = { readonly ticketId: string; readonly ticketNo: string; readonly queueId: string; readonly at: string };
export type TicketDrawn = DomainEvent<'TicketDrawn', TicketRef & DrawTicket['data']>;
export type TicketCalled = DomainEvent<'TicketCalled', TicketRef & { readonly windowId: string; readonly appointment: boolean }>;
export type TicketRecalled = DomainEvent<'TicketRecalled', TicketRef & { readonly windowId: string; readonly times: number }>;
export type TicketNoShow = DomainEvent<'TicketNoShow', TicketRef & { readonly windowId: string }>;
export type TicketTransferred = DomainEvent<'TicketTransferred', TicketRef & { readonly fromWindowId: string; readonly toWindowId: string }>;
export type TicketEvent = TicketDrawn | TicketCalled | TicketRecalled | TicketNoShow | TicketTransferred;
export const TICKET_EVENTS: readonly TicketEvent['type'][] = ['TicketDrawn', 'TicketCalled', 'TicketRecalled', 'TicketNoShow', 'TicketTransferred'];

export interface Ticket {
  readonly ticketNo: string;
  readonly status: 'waiting' | 'called' | 'no-show';
  readonly drawnAt: string;
  readonly appointment: TimeSlot | null;
  /** The window a waiting ticket was transferred to (only it calls it, first), or the window that called it. */
  readonly windowId: string | null;
  readonly transferredAt: string | null;
  readonly recalls: number;
}

export interface TicketQueueState {
  readonly queueId: string | null;
  readonly prefix: string | null;
  readonly day: LocalDate | null;
  readonly drawn: number;
  readonly tickets: ReadonlyMap<string, Ticket>;
  /** Waiting tickets' numbers, in the order they were drawn. */
  readonly waiting: readonly string[];
}

export const ticketQueueStreamId = (queueId: string, day: LocalDate): string => `queue-${queueId}-${day.replaceAll('-', '')}`;
/** A ticket's id: its day and number (the prefix is unique in the hall), e.g. `20261207-A001`. */
export const ticketIdOf = (day: LocalDate, ticketNo: string): string => `${day.replaceAll('-', '')}-${ticketNo}`;
export const TICKET_ID = /^(\d{4})(\d{2})(\d{2})-([A-Z]{1,2})(\d{3,5})$/;

/** The day and number a ticket id names, or null when it is not one. */
export function parseTicketId(ticketId: string): { day: LocalDate; prefix: string; ticketNo: string } | null {
  const match = TICKET_ID.exec(ticketId);
  return match ? { day: `${match[1]}-${match[2]}-${match[3]}`, prefix: match[4], ticketNo: `${match[4]}${match[5]}` } : null;
}

export function initialTicketQueueState(): TicketQueueState {
  return { queueId: null, prefix: null, day: null, drawn: 0, tickets: new Map(), waiting: [] };
}

/**
 * Who is called next by a window (a pure ranking, also used to choose between the queues a
 * window serves): a ticket transferred to this window first, then appointments whose slot has
 * begun (预约优先, by slot), then walk-ins by the order they were drawn. A ticket transferred to
 * another window, and an appointment before its slot, are not this window's to call.
 */
export function nextTicket(state: TicketQueueState, windowId: string, now: string): { ticketNo: string; rank: number; key: string } | null {
  let best: { ticketNo: string; rank: number; key: string } | null = null;
  for (const ticketNo of state.waiting) {
    const ticket = state.tickets.get(ticketNo) as Ticket;
    const candidate = rankOf(ticket, windowId, now);
    if (candidate && (!best || candidate.rank < best.rank || (candidate.rank === best.rank && candidate.key < best.key))) best = candidate;
  }
  return best;
}

function rankOf(ticket: Ticket, windowId: string, now: string): { ticketNo: string; rank: number; key: string } | null {
  if (ticket.windowId !== null) return ticket.windowId === windowId ? { ticketNo: ticket.ticketNo, rank: 0, key: ticket.transferredAt ?? '' } : null;
  if (ticket.appointment) return ticket.appointment.from <= now ? { ticketNo: ticket.ticketNo, rank: 1, key: ticket.appointment.from } : null;
  return { ticketNo: ticket.ticketNo, rank: 2, key: ticket.drawnAt };
}

export function decideTicketQueue(command: TicketCommand, state: TicketQueueState, context: DecisionContext): TicketEvent[] {
  const at = context.now;
  switch (command.type) {
    case 'DrawTicket': {
      const { appointment, day } = command.data;
      if (appointment) {
        rule('AppointmentSlotIsOnTheDay', 'QUEUE.SLOT_NOT_ON_DAY', 'unprocessable',
          shanghaiDateOf(appointment.from) === day && appointment.from < appointment.to, `the slot must be a span within ${day}`);
        rule('AppointmentSlotIsAhead', 'QUEUE.SLOT_PASSED', 'unprocessable', appointment.to > at, 'the slot has already ended');
      } else {
        rule('WalkInsDrawForToday', 'QUEUE.NOT_TODAY', 'unprocessable', shanghaiDateOf(at) === day, 'a ticket without an appointment is for today');
      }
      const ticketNo = `${command.data.prefix}${String(state.drawn + 1).padStart(3, '0')}`;
      return [{ type: 'TicketDrawn', data: { ticketId: ticketIdOf(day, ticketNo), ticketNo, at, ...command.data } }];
    }
    case 'CallNext': {
      const next = nextTicket(state, command.data.windowId, at);
      rule('SomeoneMustBeWaiting', 'QUEUE.NOTHING_WAITING', 'conflict', next !== null, `no ticket waits for window ${command.data.windowId}`);
      const ticket = state.tickets.get(next!.ticketNo) as Ticket;
      return [{ type: 'TicketCalled', data: { ...ref(state, ticket.ticketNo, at), windowId: command.data.windowId, appointment: ticket.appointment !== null } }];
    }
    case 'RecallTicket': {
      const ticket = calledHere(state, command.data.ticketNo, command.data.windowId);
      return [{ type: 'TicketRecalled', data: { ...ref(state, ticket.ticketNo, at), windowId: command.data.windowId, times: ticket.recalls + 1 } }];
    }
    case 'MarkNoShow': {
      const ticket = calledHere(state, command.data.ticketNo, command.data.windowId);
      return [{ type: 'TicketNoShow', data: { ...ref(state, ticket.ticketNo, at), windowId: command.data.windowId } }];
    }
    case 'TransferTicket': {
      const { windowId, toWindowId } = command.data;
      const ticket = calledHere(state, command.data.ticketNo, windowId);
      rule('TransferGoesElsewhere', 'QUEUE.TRANSFER_TO_SELF', 'unprocessable', toWindowId !== windowId, 'a ticket is transferred to another window');
      rule('TransferTargetServesTheQueue', 'QUEUE.WINDOW_DOES_NOT_SERVE', 'unprocessable', command.data.targetServesQueue,
        `window ${toWindowId} does not call from queue ${state.queueId}`);
      return [{ type: 'TicketTransferred', data: { ...ref(state, ticket.ticketNo, at), fromWindowId: windowId, toWindowId } }];
    }
  }
}

/** The ticket this window called last and still has in front of it. */
function calledHere(state: TicketQueueState, ticketNo: string, windowId: string): Ticket {
  const ticket = state.tickets.get(ticketNo);
  rule('TicketMustExist', 'QUEUE.TICKET_NOT_FOUND', 'not-found', ticket !== undefined, `no ticket ${ticketNo}`);
  rule('TicketIsCalledHere', 'QUEUE.NOT_CALLED_HERE', 'conflict', ticket!.status === 'called' && ticket!.windowId === windowId,
    `ticket ${ticketNo} is not at window ${windowId}`);
  return ticket!;
}

function ref(state: TicketQueueState, ticketNo: string, at: string): TicketRef {
  return { ticketId: ticketIdOf(state.day as LocalDate, ticketNo), ticketNo, queueId: state.queueId as string, at };
}

export function evolveTicketQueue(state: TicketQueueState, event: TicketEvent): TicketQueueState {
  const { ticketNo, at } = event.data;
  const change = (patch: Partial<Ticket>, waiting: readonly string[]) => ({
    ...state, waiting, tickets: new Map(state.tickets).set(ticketNo, { ...(state.tickets.get(ticketNo) as Ticket), ...patch }),
  });
  const without = () => state.waiting.filter((n) => n !== ticketNo);
  switch (event.type) {
    case 'TicketDrawn': {
      const ticket: Ticket = {
        ticketNo, status: 'waiting', drawnAt: at, appointment: event.data.appointment, windowId: null, transferredAt: null, recalls: 0,
      };
      return {
        queueId: event.data.queueId, prefix: event.data.prefix, day: event.data.day, drawn: state.drawn + 1,
        tickets: new Map(state.tickets).set(ticketNo, ticket), waiting: [...state.waiting, ticketNo],
      };
    }
    case 'TicketCalled':
      return change({ status: 'called', windowId: event.data.windowId }, without());
    case 'TicketRecalled':
      return change({ recalls: event.data.times }, state.waiting);
    case 'TicketNoShow':
      return change({ status: 'no-show' }, state.waiting);
    case 'TicketTransferred':
      return change({ status: 'waiting', windowId: event.data.toWindowId, transferredAt: at }, [...state.waiting, ticketNo]);
  }
}

/** One queue's tickets of a day. */
export const ticketQueueDecider: Decider<TicketCommand, TicketQueueState, TicketEvent, DecisionContext> = {
  initialState: initialTicketQueueState, evolve: evolveTicketQueue, decide: decideTicketQueue,
};

/** Of several queues' states, the one whose next ticket this window calls first (null: nobody waits for it). */
export function chooseQueue<T extends { readonly state: TicketQueueState }>(queues: readonly T[], windowId: string, now: string): T | null {
  let best: { queue: T; rank: number; key: string } | null = null;
  for (const queue of queues) {
    const next = nextTicket(queue.state, windowId, now);
    if (next && (!best || next.rank < best.rank || (next.rank === best.rank && next.key < best.key))) best = { queue, rank: next.rank, key: next.key };
  }
  return best?.queue ?? null;
}
