import type { StoredEvent } from '@gov/event-store';
import { sql } from 'kysely';
import type { Projection } from '../projection';
import { runScript } from '../store/run-script';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { SupervisionProjection } from './supervision.projection';
import { SupervisionQueries } from './supervision.queries';
import { storedLog } from '../store/testing/stored-log';

/** Events as the store hands them over: positions in the order given. */
const log = storedLog;

// Cards read where a case sits from CaseProjection's row; these are the only columns they read.
const CASES = 'CREATE TABLE IF NOT EXISTS cases (case_no TEXT PRIMARY KEY, department_id TEXT NOT NULL, window_id TEXT);';

const opened = (noticeNo: string, departmentId: string, at: string, replyBy: string) => [`notice-${noticeNo}`, 'SupervisionNoticeOpened',
  { noticeNo, caseNo: 'C-1', departmentId, windowId: null, caseDueAt: '2026-04-01T15:59:59.999Z', reason: 'late', at, replyBy }] as const;

describe.each(readModelStoresUnderTest())('supervision read models on $name', ({ open }) => {
  let store: ReadModelStore;
  let queries: SupervisionQueries;
  const projection: Projection = new SupervisionProjection();
  const apply = (events: StoredEvent[]) => store.write(async (tx) => {
    for (const event of events) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
  });

  beforeEach(async () => {
    store = await open();
    await store.migrate(async (tx) => {
      await runScript(tx, CASES);
      await projection.migrate(tx, store.sql);
    });
    await store.write(async (tx) => {
      await sql`INSERT INTO cases (case_no, department_id, window_id) VALUES ('ZRZY-1', 'zrzy', 'w-2'), ('ZRZY-2', 'zrzy', NULL),
        ('SCJG-1', 'scjg', 'w-1')`.execute(tx);
    });
    queries = new SupervisionQueries(store);
  });
  afterEach(() => store.close());

  it('counts each card once per kind and due time, on the Shanghai day it was given, per department and per window', async () => {
    const card = (caseNo: string, type: string, dueAt: string, at: string) => [`case-${caseNo}`, type, { dueDate: dueAt.slice(0, 10), dueAt, at }] as const;
    const events = log([
      card('ZRZY-1', 'CaseWarned', '2026-04-10T15:59:59.999Z', '2026-04-08T16:30:00.000Z'), // 04-09 in Shanghai
      card('ZRZY-1', 'CaseOverdue', '2026-04-10T15:59:59.999Z', '2026-04-10T16:00:00.000Z'), // 04-11
      card('ZRZY-1', 'CaseWarned', '2026-04-20T15:59:59.999Z', '2026-04-17T02:00:00.000Z'), // rescheduled: a second yellow card
      card('ZRZY-2', 'CaseOverdue', '2026-04-03T15:59:59.999Z', '2026-04-03T16:00:00.000Z'), // no window (online)
      card('SCJG-1', 'CaseWarned', '2026-04-15T15:59:59.999Z', '2026-04-13T01:00:00.000Z'),
      card('SCJG-1', 'CaseWarned', '2026-04-15T15:59:59.999Z', '2026-04-14T01:00:00.000Z'), // the same card again
      card('NONE-1', 'CaseWarned', '2026-04-15T15:59:59.999Z', '2026-04-13T01:00:00.000Z'), // no case row: no card
      card('SCJG-1', 'CaseOverdue', '2026-04-15T15:59:59.999Z', '2026-04-30T17:00:00.000Z'), // 05-01: outside April
    ]);
    await apply(events);
    await apply(events.slice(0, 2)); // delivered twice

    expect(await queries.cards({ from: '2026-04-01', to: '2026-04-30' })).toEqual({
      departments: [{ departmentId: 'scjg', yellow: 1, red: 0 }, { departmentId: 'zrzy', yellow: 2, red: 2 }],
      windows: [{ windowId: 'w-1', yellow: 1, red: 0 }, { windowId: 'w-2', yellow: 2, red: 1 }],
    });
    // The yellow card given at 00:30 on 04-09 Shanghai time (16:30 UTC on the 8th) belongs to the 9th.
    expect(await queries.cards({ from: '2026-04-09', to: '2026-04-09' })).toEqual({
      departments: [{ departmentId: 'zrzy', yellow: 1, red: 0 }], windows: [{ windowId: 'w-2', yellow: 1, red: 0 }],
    });
    expect(await queries.cards({ from: '2026-04-08', to: '2026-04-08' })).toEqual({ departments: [], windows: [] });
  });

  it('follows a notice through replies, a return and its closing, and counts the late answers per department', async () => {
    await apply(log([
      opened('N-2', 'zrzy', '2026-04-02T02:00:00.000Z', '2026-04-07T15:59:59.999Z'),
      opened('N-1', 'zrzy', '2026-04-01T02:00:00.000Z', '2026-04-03T15:59:59.999Z'),
      opened('N-3', 'scjg', '2026-04-01T03:00:00.000Z', '2026-04-03T15:59:59.999Z'),
      ['notice-N-1', 'NoticeReplied', { at: '2026-04-05T01:00:00.000Z', rectification: 'staff retrained', late: true }],
      ['notice-N-1', 'NoticeReturned', { at: '2026-04-06T01:00:00.000Z', reason: 'vague', replyBy: '2026-04-09T15:59:59.999Z' }],
      ['notice-N-1', 'NoticeReplied', { at: '2026-04-08T01:00:00.000Z', rectification: 'rota changed', late: false }],
      ['notice-N-1', 'NoticeClosed', { at: '2026-04-09T01:00:00.000Z', conclusion: 'accepted' }],
      ['notice-N-3', 'NoticeReplied', { at: '2026-04-02T01:00:00.000Z', rectification: 'done', late: false }],
      opened('N-1', 'scjg', '2026-05-01T02:00:00.000Z', '2026-05-03T15:59:59.999Z'), // opened again: ignored
    ]));
    const now = '2026-04-10T00:00:00.000Z';

    expect(await queries.notice('N-1', now)).toEqual({
      noticeNo: 'N-1', caseNo: 'C-1', departmentId: 'zrzy', windowId: null, status: 'closed', reason: 'late',
      openedAt: '2026-04-01T02:00:00.000Z', replyBy: '2026-04-09T15:59:59.999Z', repliedAt: '2026-04-08T01:00:00.000Z',
      rectification: 'rota changed', lateReplies: 1, returns: 1, closedAt: '2026-04-09T01:00:00.000Z', conclusion: 'accepted', replyOverdue: false,
    });
    expect(await queries.notice('N-9', now)).toBeUndefined();
    // Oldest first; N-2 awaits its reply past the deadline.
    const all = await queries.notices({}, now, 10);
    expect(all.map((n) => [n.noticeNo, n.status, n.replyOverdue])).toEqual([
      ['N-1', 'closed', false], ['N-3', 'replied', false], ['N-2', 'awaiting-reply', true]]);
    expect((await queries.notices({ departmentId: 'zrzy' }, now, 10)).map((n) => n.noticeNo)).toEqual(['N-1', 'N-2']);
    expect((await queries.notices({ status: 'awaiting-reply', departmentId: 'zrzy' }, now, 10)).map((n) => n.noticeNo)).toEqual(['N-2']);
    expect((await queries.notices({}, now, 1)).map((n) => n.noticeNo)).toEqual(['N-1']);

    expect(await queries.noticeCounts({ from: '2026-04-01', to: '2026-04-30' })).toEqual(new Map([
      ['scjg', { opened: 1, answeredLate: 0, unanswered: 0 }], ['zrzy', { opened: 2, answeredLate: 1, unanswered: 0 }]]));
    expect(await queries.noticeCounts({ from: '2026-04-02', to: '2026-04-30' })).toEqual(new Map([['zrzy', { opened: 1, answeredLate: 0, unanswered: 0 }]]));
    // As of `now`: N-2 awaits its reply past its deadline, never answered (the assessment's UnansweredNotices).
    expect(await queries.noticeCounts({ from: '2026-04-01', to: '2026-04-30' }, store.db, now)).toEqual(new Map([
      ['scjg', { opened: 1, answeredLate: 0, unanswered: 0 }], ['zrzy', { opened: 2, answeredLate: 1, unanswered: 1 }]]));
  });

  it('lists the visits of a period by day and flags the Monday-to-Sunday weeks with fewer than two', async () => {
    const visit = (date: string, inspector: string) => ['supervision-visits', 'SupervisionVisitRecorded',
      { date, inspector, findings: `${inspector} on ${date}`, at: `${date}T08:00:00.000Z` }] as const;
    const events = log([visit('2026-04-08', '王'), visit('2026-04-06', '张'), visit('2026-04-06', '李'), visit('2026-04-14', '王'),
      visit('2026-03-31', '赵')]);
    await apply(events);
    await apply(events); // the same positions again: nothing new

    const { visits, weeks, weeksBelowTarget } = await queries.visits({ from: '2026-04-06', to: '2026-04-19' });
    // Same day: in the order recorded.
    expect(visits.map((v) => `${v.date} ${v.inspector}`)).toEqual(['2026-04-06 张', '2026-04-06 李', '2026-04-08 王', '2026-04-14 王']);
    // Days visited: 张 and 李 on 04-06 are one visit toward "twice a week".
    expect(weeks).toEqual([{ weekOf: '2026-04-06', visits: 2 }, { weekOf: '2026-04-13', visits: 1 }]);
    expect(weeksBelowTarget).toEqual([{ weekOf: '2026-04-13', visits: 1 }]);
  });

  it('drops its tables and makes them again, empty', async () => {
    await apply(log([opened('N-1', 'zrzy', '2026-04-01T02:00:00.000Z', '2026-04-03T15:59:59.999Z'),
      ['supervision-visits', 'SupervisionVisitRecorded', { date: '2026-04-06', inspector: '王', findings: 'ok', at: '2026-04-06T08:00:00.000Z' }],
      ['case-ZRZY-1', 'CaseOverdue', { dueDate: '2026-04-03', dueAt: '2026-04-03T15:59:59.999Z', at: '2026-04-03T16:00:00.000Z' }]]));
    await store.migrate(async (tx) => {
      await projection.drop(tx, store.sql);
      await projection.migrate(tx, store.sql);
    });
    const april = { from: '2026-04-01', to: '2026-04-30' };
    expect(await queries.notices({}, '2026-04-10T00:00:00.000Z', 10)).toEqual([]);
    expect((await queries.visits(april)).visits).toEqual([]);
    expect(await queries.cards(april)).toEqual({ departments: [], windows: [] });
  });
});
