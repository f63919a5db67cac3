import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { storedLog } from '../store/testing/stored-log';
import { QueueProjection } from './queue.projection';
import { QueueQueries, spread } from './queue.queries';

const DAY = '2026-12-07';
const stream = (queueId: string) => `queue-${queueId}-20261207`;
const drawn = (queueId: string, ticketNo: string, at: string, appointment: { from: string; to: string } | null = null) =>
  [stream(queueId), 'TicketDrawn', {
    ticketId: `20261207-${ticketNo}`, ticketNo, queueId, prefix: ticketNo[0], day: DAY, channel: appointment ? 'online' : 'kiosk',
    departmentId: 'zrzy', itemCode: null, appointment, at,
  }] as const;
const ref = (queueId: string, ticketNo: string, at: string) => ({ ticketId: `20261207-${ticketNo}`, ticketNo, queueId, at });
const called = (queueId: string, ticketNo: string, windowId: string, at: string) =>
  [stream(queueId), 'TicketCalled', { ...ref(queueId, ticketNo, at), windowId, appointment: false }] as const;
const receipt = (ticketNo: string, caseNo: string, at: string) =>
  [`case-${caseNo}`, 'CaseReceived', { caseNo, at, ticketId: `20261207-${ticketNo}` }] as const;

describe.each(readModelStoresUnderTest())('queue read models on $name', ({ open }) => {
  let store: ReadModelStore;
  let queries: QueueQueries;
  const projection: Projection = new QueueProjection();
  const apply = (events: StoredEvent[]) => store.write((tx) => projection.apply(tx, events, { sql: store.sql, replaying: false }));

  beforeEach(async () => {
    store = await open();
    await store.migrate((tx) => projection.migrate(tx, store.sql));
    queries = new QueueQueries(store);
  });
  afterEach(() => store.close());

  it('counts who waits, lists the calls, and measures the wait to the case it led to', async () => {
    await apply(storedLog([
      drawn('qa', 'A001', '2026-12-07T01:00:00.000Z'), // 09:00 Shanghai
      drawn('qa', 'A002', '2026-12-07T01:10:00.000Z'),
      drawn('qa', 'A003', '2026-12-07T02:05:00.000Z'), // 10:05
      drawn('qb', 'B001', '2026-12-06T09:00:00.000Z', { from: '2026-12-07T02:00:00.000Z', to: '2026-12-07T02:30:00.000Z' }),
      called('qa', 'A001', 'w1', '2026-12-07T01:20:00.000Z'),
      receipt('A001', 'ZRZY-20261207-00001', '2026-12-07T01:30:00.000Z'),
      called('qa', 'A002', 'w2', '2026-12-07T01:40:00.000Z'),
      [stream('qa'), 'TicketRecalled', { ...ref('qa', 'A002', '2026-12-07T01:41:00.000Z'), windowId: 'w2', times: 1 }],
      [stream('qa'), 'TicketNoShow', { ...ref('qa', 'A002', '2026-12-07T01:45:00.000Z'), windowId: 'w2' }],
      called('qb', 'B001', 'w1', '2026-12-07T02:06:00.000Z'),
      [stream('qb'), 'TicketTransferred', { ...ref('qb', 'B001', '2026-12-07T02:07:00.000Z'), fromWindowId: 'w1', toWindowId: 'w3' }],
      ['case-X', 'CaseReceived', { caseNo: 'X', at: '2026-12-07T02:00:00.000Z' }], // no ticket: not the queue's
    ]));

    const board = await queries.board(DAY, 10);
    expect(Object.fromEntries(board.waiting)).toEqual({ qa: 1, qb: 1 });
    expect(board.calls.map((c) => [c.ticketNo, c.windowId, c.calls])).toEqual([['A001', 'w1', 1]]);

    const w3 = await queries.windowPanel('w3', ['qb'], DAY);
    expect(w3).toEqual({ current: null, waiting: [{ queueId: 'qb', waiting: 1 }] });
    const w1 = await queries.windowPanel('w1', ['qa', 'qb'], DAY);
    expect(w1.current).toMatchObject({ ticketNo: 'A001', caseNo: 'ZRZY-20261207-00001' });
    expect(w1.waiting).toEqual([{ queueId: 'qa', waiting: 1 }, { queueId: 'qb', waiting: 0 }]);

    const figures = await queries.figures({ from: DAY, to: DAY });
    expect(figures.total).toEqual({
      tickets: 4, called: 3, served: 1, noShows: 1,
      waitedMinutes: { median: 30, p90: 30 },
      // A001 20 min, A002 30 min, B001 6 min from its slot (not from the day before).
      untilCalledMinutes: { median: 20, p90: 30 },
    });
    expect(figures.byQueue.map((q) => [q.queueId, q.tickets, q.served, q.noShows])).toEqual([['qa', 3, 1, 1], ['qb', 1, 0, 0]]);
    expect(figures.byWindow.map((w) => [w.windowId, w.called])).toEqual([['w1', 1], ['w2', 1], ['w3', 1]]);
    expect(figures.byHour.map((h) => [h.hour, h.tickets])).toEqual([['09', 2], ['10', 1], ['17', 1]]);
  });
});

describe('spread', () => {
  it('takes the median and the 90th percentile by nearest rank', () => {
    expect(spread([])).toEqual({ median: null, p90: null });
    expect(spread([5, 1, 3, 2, 4, 6, 7, 8, 9, 10])).toEqual({ median: 5, p90: 9 });
  });
});
