import { initialOrganizationState, OrganizationEvent, evolveOrganization } from '../organization';
import { deciderSpec } from '../testing/decider-spec';
import { decideQueueSetup, evolveQueueSetup, initialQueueSetupState, QueueSetupEvent, queuesOfWindow } from './queue-setup.decider';
import {
  chooseQueue, DrawTicket, evolveTicketQueue, initialTicketQueueState, parseTicketId, ticketQueueDecider, TicketEvent,
} from './ticket-queue.decider';

const spec = deciderSpec(ticketQueueDecider);
const at = (now: string) => ({ now });
const draw = (patch: Partial<DrawTicket['data']> = {}): DrawTicket => ({
  type: 'DrawTicket',
  data: { queueId: 'q-zrzy', prefix: 'A', day: '2026-12-07', channel: 'kiosk', departmentId: 'zrzy', itemCode: null, appointment: null, ...patch },
});
const drawn = (no: number, time: string, patch: Partial<DrawTicket['data']> = {}): TicketEvent => {
  const ticketNo = `A${String(no).padStart(3, '0')}`;
  return { type: 'TicketDrawn', data: { ticketId: `20261207-${ticketNo}`, ticketNo, at: time, ...draw(patch).data } };
};
const ref = (ticketNo: string, time: string) => ({ ticketId: `20261207-${ticketNo}`, ticketNo, queueId: 'q-zrzy', at: time });
const morning = [drawn(1, '2026-12-07T01:00:00.000Z'), drawn(2, '2026-12-07T01:01:00.000Z')];
const called = (ticketNo: string, windowId: string, time: string): TicketEvent =>
  ({ type: 'TicketCalled', data: { ...ref(ticketNo, time), windowId, appointment: false } });

describe('the day queue (排队叫号)', () => {
  it('numbers tickets by the queue prefix, from 001 each day; walk-ins draw for today only', () => {
    spec.given([]).when(draw(), at('2026-12-07T01:00:00.000Z')).then([drawn(1, '2026-12-07T01:00:00.000Z')]);
    spec.given(morning).when(draw(), at('2026-12-07T02:00:00.000Z')).thenMatch([{ data: { ticketNo: 'A003', ticketId: '20261207-A003' } }]);
    spec.given([]).when(draw(), at('2026-12-08T01:00:00.000Z')).thenThrows('QUEUE.NOT_TODAY');
    expect(parseTicketId('20261207-A003')).toEqual({ day: '2026-12-07', prefix: 'A', ticketNo: 'A003' });
    expect(parseTicketId('A003')).toBeNull();
  });

  it('calls the earliest walk-in; nothing waiting is a conflict', () => {
    spec.given(morning).when({ type: 'CallNext', data: { windowId: 'w1' } }, at('2026-12-07T01:05:00.000Z'))
      .then([called('A001', 'w1', '2026-12-07T01:05:00.000Z')]);
    spec.given([...morning, called('A001', 'w1', 'x'), called('A002', 'w2', 'y')])
      .when({ type: 'CallNext', data: { windowId: 'w1' } }, at('2026-12-07T01:05:00.000Z')).thenThrows('QUEUE.NOTHING_WAITING');
  });

  it('gives an appointment priority from the start of its slot, not before', () => {
    const slot = { from: '2026-12-07T02:00:00.000Z', to: '2026-12-07T02:30:00.000Z' };
    const booked = [...morning, drawn(3, '2026-12-06T09:00:00.000Z', { channel: 'online', appointment: slot })];
    spec.given(booked).when({ type: 'CallNext', data: { windowId: 'w1' } }, at('2026-12-07T01:59:00.000Z')).thenMatch([{ data: { ticketNo: 'A001' } }]);
    spec.given(booked).when({ type: 'CallNext', data: { windowId: 'w1' } }, at('2026-12-07T02:00:00.000Z'))
      .thenMatch([{ data: { ticketNo: 'A003', appointment: true } }]);
    spec.given([]).when(draw({ channel: 'online', appointment: slot }), at('2026-12-07T02:31:00.000Z')).thenThrows('QUEUE.SLOT_PASSED');
    spec.given([]).when(draw({ channel: 'online', appointment: slot, day: '2026-12-08' }), at('2026-12-06T02:31:00.000Z')).thenThrows('QUEUE.SLOT_NOT_ON_DAY');
  });

  it('recalls, marks a no-show, transfers: only the window the ticket stands at', () => {
    const atW1 = [...morning, called('A001', 'w1', '2026-12-07T01:05:00.000Z')];
    spec.given(atW1).when({ type: 'RecallTicket', data: { ticketNo: 'A001', windowId: 'w1' } }, at('2026-12-07T01:06:00.000Z'))
      .then([{ type: 'TicketRecalled', data: { ...ref('A001', '2026-12-07T01:06:00.000Z'), windowId: 'w1', times: 1 } }]);
    spec.given(atW1).when({ type: 'RecallTicket', data: { ticketNo: 'A001', windowId: 'w2' } }, at('2026-12-07T01:06:00.000Z')).thenThrows('QUEUE.NOT_CALLED_HERE');
    spec.given(atW1).when({ type: 'MarkNoShow', data: { ticketNo: 'A009', windowId: 'w1' } }, at('2026-12-07T01:06:00.000Z')).thenThrows('QUEUE.TICKET_NOT_FOUND');
    const gone = [...atW1, { type: 'TicketNoShow', data: { ...ref('A001', '2026-12-07T01:07:00.000Z'), windowId: 'w1' } } as TicketEvent];
    spec.given(gone).when({ type: 'RecallTicket', data: { ticketNo: 'A001', windowId: 'w1' } }, at('2026-12-07T01:08:00.000Z')).thenThrows('QUEUE.NOT_CALLED_HERE');

    const transfer = { type: 'TransferTicket' as const, data: { ticketNo: 'A001', windowId: 'w1', toWindowId: 'w3', targetServesQueue: true } };
    spec.given(atW1).when({ ...transfer, data: { ...transfer.data, targetServesQueue: false } }, at('2026-12-07T01:06:00.000Z')).thenThrows('QUEUE.WINDOW_DOES_NOT_SERVE');
    spec.given(atW1).when({ ...transfer, data: { ...transfer.data, toWindowId: 'w1' } }, at('2026-12-07T01:06:00.000Z')).thenThrows('QUEUE.TRANSFER_TO_SELF');
    const moved = [...atW1, ...spec.given(atW1).when(transfer, at('2026-12-07T01:06:00.000Z')).thenMatch([{ data: { fromWindowId: 'w1', toWindowId: 'w3' } }])];
    // The transferred ticket is w3's, ahead of the walk-ins; w2 never sees it.
    spec.given(moved).when({ type: 'CallNext', data: { windowId: 'w3' } }, at('2026-12-07T01:07:00.000Z')).thenMatch([{ data: { ticketNo: 'A001' } }]);
    spec.given(moved).when({ type: 'CallNext', data: { windowId: 'w2' } }, at('2026-12-07T01:07:00.000Z')).thenMatch([{ data: { ticketNo: 'A002' } }]);
  });

  it('a window serving several queues calls the one whose next ticket ranks first', () => {
    const state = (events: TicketEvent[]) => events.reduce(evolveTicketQueue, initialTicketQueueState());
    const a = { id: 'a', state: state([drawn(1, '2026-12-07T01:03:00.000Z')]) };
    const b = { id: 'b', state: state([drawn(1, '2026-12-07T01:01:00.000Z')]) };
    expect(chooseQueue([a, b], 'w1', '2026-12-07T01:10:00.000Z')?.id).toBe('b');
    expect(chooseQueue([a, { id: 'empty', state: initialTicketQueueState() }], 'w1', '2026-12-07T01:10:00.000Z')?.id).toBe('a');
    expect(chooseQueue([], 'w1', '2026-12-07T01:10:00.000Z')).toBeNull();
  });
});

describe('the hall queue setup', () => {
  const organization = ([
    { type: 'DepartmentRegistered', data: { id: 'zrzy', name: '自然资源局', caseNoPrefix: 'ZRZY' } },
    { type: 'DepartmentRegistered', data: { id: 'scjg', name: '市场监管局', caseNoPrefix: 'SCJG' } },
    { type: 'WindowRegistered', data: { id: 'w-zrzy', name: '1号窗口', departmentId: 'zrzy', comprehensive: false } },
    { type: 'WindowRegistered', data: { id: 'w-zh', name: '综合窗口', departmentId: 'scjg', comprehensive: true } },
  ] as OrganizationEvent[]).reduce(evolveOrganization, initialOrganizationState());
  const setup = deciderSpec({ decide: decideQueueSetup, evolve: evolveQueueSetup, initialState: initialQueueSetupState });
  const defined: QueueSetupEvent[] = [
    { type: 'QueueDefined', data: { queueId: 'q-zrzy', name: '不动产', prefix: 'A', departmentIds: ['zrzy'] } },
    { type: 'QueueDefined', data: { queueId: 'q-scjg', name: '市场准入', prefix: 'B', departmentIds: ['scjg'] } },
  ];
  const define = (queueId: string, prefix: string, departmentIds: string[]) =>
    ({ type: 'DefineQueue' as const, data: { queueId, name: 'x', prefix, departmentIds, organization } });

  it('keeps prefixes and departments to one queue each', () => {
    setup.given(defined).when(define('q-x', 'A', []), undefined).thenThrows('QUEUE.PREFIX_TAKEN');
    setup.given(defined).when(define('q-x', 'C', ['zrzy']), undefined).thenThrows('QUEUE.DEPARTMENT_TAKEN');
    setup.given(defined).when(define('q-x', 'C', ['nope']), undefined).thenThrows('QUEUE.UNKNOWN_DEPARTMENT');
    setup.given(defined).when(define('q-zrzy', 'C', []), undefined).thenThrows('QUEUE.EXISTS');
  });

  it("a window calls from its department's queue unless the center sets several (综合窗口)", () => {
    const set = setup.given(defined).when({ type: 'SetWindowQueues', data: { windowId: 'w-zh', queueIds: ['q-zrzy', 'q-scjg'], organization } }, undefined)
      .then([{ type: 'WindowQueuesSet', data: { windowId: 'w-zh', queueIds: ['q-zrzy', 'q-scjg'] } }]);
    const state = [...defined, ...set].reduce(evolveQueueSetup, initialQueueSetupState());
    expect(queuesOfWindow(state, organization, 'w-zh').map((q) => q.queueId)).toEqual(['q-zrzy', 'q-scjg']);
    expect(queuesOfWindow(state, organization, 'w-zrzy').map((q) => q.queueId)).toEqual(['q-zrzy']);
    setup.given(defined).when({ type: 'SetWindowQueues', data: { windowId: 'w-none', queueIds: [], organization } }, undefined).thenThrows('QUEUE.UNKNOWN_WINDOW');
    setup.given(defined).when({ type: 'SetWindowQueues', data: { windowId: 'w-zh', queueIds: ['q-none'], organization } }, undefined).thenThrows('QUEUE.NOT_FOUND');
  });
});
