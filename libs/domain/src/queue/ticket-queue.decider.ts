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

/** A ticket waiting to be called. */
export interface WaitingTicket {
  readonly ticketNo: string;
  readonly drawnAt: string;
  readonly appointment: TimeSlot | null;
  /** The window it was transferred to (only it calls it, first), and when. */
  readonly transferredTo: string | null;
  readonly transferredAt: string | null;
}

/** The ticket a window has called and still has in front of it (one per window). */
export interface StandingTicket {
  readonly ticketNo: string;
  readonly appointment: boolean;
  readonly recalls: number;
}

/**
 * Only what a decision needs, kept small on purpose: the state is folded on every command of a
 * busy queue, so a ticket leaves it once it is called and its window moves on (or it was a
 * no-show). Walk-ins, appointments and transfers are kept apart, each in the order they are
 * called in, so the next ticket is found without scanning the queue.
 */
export interface TicketQueueState {
  readonly queueId: string | null;
  readonly prefix: string | null;
  readonly day: LocalDate | null;
  readonly drawn: number;
  /** Walk-ins waiting, in the order they were drawn. */
  readonly walkIns: ReadonlyMap<string, WaitingTicket>;
  /** Appointments waiting, in the order they were booked. */
  readonly appointments: ReadonlyMap<string, WaitingTicket>;
  /** Tickets transferred to a window, waiting for it, in the order they were transferred. */
  readonly transfers: ReadonlyMap<string, WaitingTicket>;
  /** By window: the ticket standing at it. */
  readonly atWindows: ReadonlyMap<string, StandingTicket>;
}

/** How many tickets wait in the queue. */
export const waitingCount = (state: TicketQueueState): number => state.walkIns.size + state.appointments.size + state.transfers.size;

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
  return { queueId: null, prefix: null, day: null, drawn: 0, walkIns: new Map(), appointments: new Map(), transfers: new Map(), atWindows: new Map() };
}

/**
 * Who is called next by a window (a pure ranking, also used to choose between the queues a
 * window serves): a ticket transferred to this window first, then appointments whose slot has
 * begun (预约优先, by slot), then walk-ins by the order they were drawn. A ticket transferred to
 * another window, and an appointment before its slot, are not this window's to call.
 */
export function nextTicket(state: TicketQueueState, windowId: string, now: string): { ticketNo: string; rank: number; key: string } | null {
  for (const ticket of state.transfers.values()) {
    if (ticket.transferredTo === windowId) return { ticketNo: ticket.ticketNo, rank: 0, key: ticket.transferredAt ?? '' };
  }
  let appointment: WaitingTicket | null = null;
  for (const ticket of state.appointments.values()) {
    const from = (ticket.appointment as TimeSlot).from;
    if (from <= now && (!appointment || from < (appointment.appointment as TimeSlot).from)) appointment = ticket;
  }
  if (appointment) return { ticketNo: appointment.ticketNo, rank: 1, key: (appointment.appointment as TimeSlot).from };
  const walkIn = state.walkIns.values().next();
  return walkIn.done ? null : { ticketNo: walkIn.value.ticketNo, rank: 2, key: walkIn.value.drawnAt };
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
      return [{ type: 'TicketCalled', data: { ...ref(state, next!.ticketNo, at), windowId: command.data.windowId, appointment: next!.rank === 1 } }];
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
function calledHere(state: TicketQueueState, ticketNo: string, windowId: string): StandingTicket {
  const standing = state.atWindows.get(windowId);
  const known = standing?.ticketNo === ticketNo || waitingTicket(state, ticketNo) !== undefined || isDrawn(state, ticketNo);
  rule('TicketMustExist', 'QUEUE.TICKET_NOT_FOUND', 'not-found', known, `no ticket ${ticketNo}`);
  rule('TicketIsCalledHere', 'QUEUE.NOT_CALLED_HERE', 'conflict', standing?.ticketNo === ticketNo, `ticket ${ticketNo} is not at window ${windowId}`);
  return standing as StandingTicket;
}

function waitingTicket(state: TicketQueueState, ticketNo: string): WaitingTicket | undefined {
  return state.walkIns.get(ticketNo) ?? state.appointments.get(ticketNo) ?? state.transfers.get(ticketNo);
}

/** Whether the queue ever drew this number (A001…A<drawn>). */
function isDrawn(state: TicketQueueState, ticketNo: string): boolean {
  if (state.prefix === null || !ticketNo.startsWith(state.prefix)) return false;
  const n = Number(ticketNo.slice(state.prefix.length));
  return Number.isInteger(n) && n >= 1 && n <= state.drawn;
}

function ref(state: TicketQueueState, ticketNo: string, at: string): TicketRef {
  return { ticketId: ticketIdOf(state.day as LocalDate, ticketNo), ticketNo, queueId: state.queueId as string, at };
}

export function evolveTicketQueue(state: TicketQueueState, event: TicketEvent): TicketQueueState {
  const { ticketNo, at } = event.data;
  switch (event.type) {
    case 'TicketDrawn': {
      const ticket: WaitingTicket = { ticketNo, drawnAt: at, appointment: event.data.appointment, transferredTo: null, transferredAt: null };
      const base = { ...state, queueId: event.data.queueId, prefix: event.data.prefix, day: event.data.day, drawn: state.drawn + 1 };
      return ticket.appointment
        ? { ...base, appointments: new Map(state.appointments).set(ticketNo, ticket) }
        : { ...base, walkIns: new Map(state.walkIns).set(ticketNo, ticket) };
    }
    case 'TicketCalled':
      return {
        ...withoutWaiting(state, ticketNo),
        atWindows: new Map(state.atWindows).set(event.data.windowId, { ticketNo, appointment: event.data.appointment, recalls: 0 }),
      };
    case 'TicketRecalled': {
      const standing = state.atWindows.get(event.data.windowId);
      return standing ? { ...state, atWindows: new Map(state.atWindows).set(event.data.windowId, { ...standing, recalls: event.data.times }) } : state;
    }
    case 'TicketNoShow':
      return { ...state, atWindows: without(state.atWindows, event.data.windowId) };
    case 'TicketTransferred':
      return {
        ...state,
        atWindows: without(state.atWindows, event.data.fromWindowId),
        transfers: new Map(state.transfers).set(ticketNo, { ticketNo, drawnAt: at, appointment: null, transferredTo: event.data.toWindowId, transferredAt: at }),
      };
  }
}

function withoutWaiting(state: TicketQueueState, ticketNo: string): TicketQueueState {
  if (state.walkIns.has(ticketNo)) return { ...state, walkIns: without(state.walkIns, ticketNo) };
  if (state.appointments.has(ticketNo)) return { ...state, appointments: without(state.appointments, ticketNo) };
  return { ...state, transfers: without(state.transfers, ticketNo) };
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
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
