import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { StaffProjection } from './staff.projection';
import { StaffQueries } from './staff.queries';
import { storedLog } from '../store/testing/stored-log';

/** Events as the store hands them over: positions in the order given. */
const log = storedLog;

const posted = (staffId: string, name: string, departmentId: string, windowId: string, postedOn: string) =>
  [`staff-${staffId}`, 'StaffPosted', { staffId, name, departmentId, windowId, postedOn, at: `${postedOn}T01:00:00.000Z` }] as const;
const authorized = (staffId: string, itemCodes: string[], at: string) =>
  [`staff-${staffId}`, 'StaffAuthorized', { itemCodes, grantedBy: '局长', at }] as const;

const TODAY = '2026-04-20';

describe.each(readModelStoresUnderTest())('staff read models on $name', ({ open }) => {
  let store: ReadModelStore;
  let queries: StaffQueries;
  const projection: Projection = new StaffProjection();
  const apply = (events: StoredEvent[]) => store.write(async (tx) => {
    for (const event of events) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
  });

  beforeEach(async () => {
    store = await open();
    await store.migrate((tx) => projection.migrate(tx, store.sql));
    queries = new StaffQueries(store);
  });
  afterEach(() => store.close());

  it('keeps each posting with its authorizations by item, and flags postings under a year', async () => {
    const events = log([
      posted('s-2', '李四', 'zrzy', 'w-2', '2025-03-01'),
      posted('s-1', '张三', 'zrzy', 'w-2', '2026-01-05'),
      posted('s-3', '王五', 'scjg', 'w-1', '2026-02-01'),
      authorized('s-1', ['ZRZY-002', 'ZRZY-001'], '2026-01-06T01:00:00.000Z'),
      authorized('s-1', ['ZRZY-001', 'ZRZY-003'], '2026-01-07T01:00:00.000Z'), // ZRZY-001 again: the first grant stays
      ['staff-s-1', 'StaffAuthorizationRevoked', { itemCodes: ['ZRZY-002', 'ZRZY-009'], reason: 'moved', at: '2026-02-01T01:00:00.000Z' }],
      authorized('s-2', ['ZRZY-001'], '2025-03-02T01:00:00.000Z'),
    ]);
    await apply(events);
    await apply(events); // delivered twice: the same roster

    expect(await queries.one('s-1', TODAY)).toEqual({
      staffId: 's-1', name: '张三', departmentId: 'zrzy', windowId: 'w-2', postedOn: '2026-01-05', status: 'posted', postedUnderOneYear: true,
      returnedOn: null, returnedByComplaint: null, returnReason: null,
      authorizations: [
        { itemCode: 'ZRZY-001', grantedBy: '局长', grantedAt: '2026-01-06T01:00:00.000Z' },
        { itemCode: 'ZRZY-003', grantedBy: '局长', grantedAt: '2026-01-07T01:00:00.000Z' },
      ],
    });
    expect(await queries.one('s-9', TODAY)).toBeUndefined();
    // By department, window, then staff id.
    const roster = await queries.roster({}, TODAY);
    expect(roster.map((s) => [s.staffId, s.postedUnderOneYear, s.authorizations.map((a) => a.itemCode)])).toEqual([
      ['s-3', true, []], ['s-1', true, ['ZRZY-001', 'ZRZY-003']], ['s-2', false, ['ZRZY-001']]]);
    expect((await queries.roster({ departmentId: 'zrzy', windowId: 'w-2' }, TODAY)).map((s) => s.staffId)).toEqual(['s-1', 's-2']);
    expect((await queries.roster({ windowId: 'w-1' }, TODAY)).map((s) => s.staffId)).toEqual(['s-3']);
    expect(await queries.roster({ departmentId: 'none' }, TODAY)).toEqual([]);
  });

  it('ends the posting and every authorization on a return, and a new posting starts afresh', async () => {
    await apply(log([
      posted('s-1', '张三', 'zrzy', 'w-2', '2026-01-05'),
      authorized('s-1', ['ZRZY-001', 'ZRZY-002'], '2026-01-06T01:00:00.000Z'),
      posted('s-2', '李四', 'zrzy', 'w-2', '2026-01-05'),
      authorized('s-2', ['ZRZY-001'], '2026-01-06T01:00:00.000Z'),
      ['staff-s-1', 'StaffReturnedToDepartment', { complaintNo: 'TS-1', reason: '吃拿卡要', departmentId: 'zrzy', windowId: 'w-2',
        postedOn: '2026-01-05', returnedOn: '2026-04-08', revokedItemCodes: ['ZRZY-001', 'ZRZY-002'], at: '2026-04-08T03:00:00.000Z' }],
    ]));

    const returned = await queries.one('s-1', TODAY);
    expect(returned).toMatchObject({ status: 'returned', postedUnderOneYear: false, returnedOn: '2026-04-08', returnedByComplaint: 'TS-1',
      returnReason: '吃拿卡要', authorizations: [] });
    expect((await queries.roster({ status: 'posted' }, TODAY)).map((s) => s.staffId)).toEqual(['s-2']);
    expect((await queries.roster({ status: 'returned' }, TODAY)).map((s) => s.staffId)).toEqual(['s-1']);
    // The other's authorizations are untouched.
    expect((await queries.one('s-2', TODAY))?.authorizations.map((a) => a.itemCode)).toEqual(['ZRZY-001']);

    await apply(log([posted('s-1', '张三', 'scjg', 'w-1', '2026-04-15')]).map((e) => ({ ...e, position: 100 })));
    expect(await queries.one('s-1', TODAY)).toEqual({
      staffId: 's-1', name: '张三', departmentId: 'scjg', windowId: 'w-1', postedOn: '2026-04-15', status: 'posted', postedUnderOneYear: true,
      returnedOn: null, returnedByComplaint: null, returnReason: null, authorizations: [],
    });
  });

  it('drops its tables and makes them again, empty', async () => {
    await apply(log([posted('s-1', '张三', 'zrzy', 'w-2', '2026-01-05'), authorized('s-1', ['ZRZY-001'], '2026-01-06T01:00:00.000Z')]));
    await store.migrate(async (tx) => {
      await projection.drop(tx, store.sql);
      await projection.migrate(tx, store.sql);
    });
    expect(await queries.roster({}, TODAY)).toEqual([]);
    expect(await store.db.selectFrom('staff_authorizations').selectAll().execute()).toEqual([]);
  });
});
