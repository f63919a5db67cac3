import type { Projection } from '../projection';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { CatalogProjection } from './catalog.projection';
import { storedLog } from '../store/testing/stored-log';

/** Events as the store hands them over: positions in the order given. */
const log = storedLog;

const item = (version: number, name: string) => ({
  code: 'ZRZY-001', version, name, departmentId: 'zrzy', category: 'promised', legalBasis: 'x', materials: [], procedure: [],
  legalLimitDays: 30, promisedLimitDays: 5, specialProcedures: [], fees: [],
});
const fee = (standardAmountFen: number) => ({ code: 'F-1', name: '登记费', basis: 'x', level: 'national', standardAmountFen });
const calendar = (holidays: string[], source: string) => ({ year: 2026, holidays, workdays: ['2026-02-14'], source });

describe.each(readModelStoresUnderTest())('catalog read models on $name', ({ open }) => {
  let store: ReadModelStore;
  const projection: Projection = new CatalogProjection();

  beforeEach(async () => {
    store = await open();
    await store.migrate((tx) => projection.migrate(tx, store.sql));
  });
  afterEach(() => store.close());

  it('keeps the current terms of an item, every version it had, and its withdrawal', async () => {
    await store.write(async (tx) => {
      for (const event of log([
        ['service-item-ZRZY-001', 'ItemPublished', item(1, '不动产登记'), '2026-01-05T01:00:00.000Z'],
        ['service-item-ZRZY-001', 'ItemRevised', { ...item(2, '不动产转移登记'), reason: 'law' }, '2026-02-05T01:00:00.000Z'],
        ['case-ZRZY-1', 'ItemPublished', item(9, 'not an item event'), '2026-02-06T01:00:00.000Z'],
        ['service-item-ZRZY-001', 'ItemWithdrawn', { code: 'ZRZY-001', version: 2, reason: 'merged' }, '2026-03-05T01:00:00.000Z'],
      ])) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
    });

    const items = await store.db.selectFrom('items').selectAll().execute();
    expect(items.map(({ terms, ...row }) => ({ ...row, terms: JSON.parse(terms) }))).toEqual([{
      code: 'ZRZY-001', version: 2, status: 'withdrawn', name: '不动产转移登记', department_id: 'zrzy', category: 'promised',
      terms: { ...item(2, '不动产转移登记'), reason: 'law' }, updated_at: '2026-03-05T01:00:00.000Z',
    }]);
    const versions = await store.db.selectFrom('item_versions').select(['version', 'published_at', 'terms']).orderBy('version').execute();
    expect(versions.map((v) => [v.version, v.published_at, JSON.parse(v.terms).name])).toEqual([
      [1, '2026-01-05T01:00:00.000Z', '不动产登记'], [2, '2026-02-05T01:00:00.000Z', '不动产转移登记']]);
  });

  it('keeps fee entries in force or withdrawn, the organization as last registered, and counts calendar corrections', async () => {
    await store.write(async (tx) => {
      for (const event of log([
        ['fee-catalog', 'FeeEntryPublished', fee(8000), '2026-01-01T01:00:00.000Z'],
        ['fee-catalog', 'FeeEntryWithdrawn', { code: 'F-1', reason: 'abolished' }, '2026-01-02T01:00:00.000Z'],
        ['fee-catalog', 'FeeEntryRevised', fee(5000), '2026-01-03T01:00:00.000Z'],
        ['organization', 'DepartmentRegistered', { id: 'zrzy', name: '县国土局', caseNoPrefix: 'GT' }, '2026-01-01T01:00:00.000Z'],
        ['organization', 'DepartmentRegistered', { id: 'zrzy', name: '县自然资源局', caseNoPrefix: 'ZRZY' }, '2026-01-02T01:00:00.000Z'],
        ['organization', 'WindowRegistered', { id: 'w-2', name: '不动产窗口', departmentId: 'zrzy', comprehensive: true }, '2026-01-02T01:00:00.000Z'],
        ['organization', 'WindowRegistered', { id: 'w-1', name: '综合窗口', departmentId: 'zrzy', comprehensive: false }, '2026-01-02T01:00:00.000Z'],
        ['organization', 'SubCenterRegistered', { id: 'sc-1', name: '城东分中心', departmentId: 'zrzy' }, '2026-01-02T01:00:00.000Z'],
        ['calendar-2026', 'CalendarYearPublished', calendar(['2026-01-01'], 'gov.cn'), '2025-12-01T01:00:00.000Z'],
        ['calendar-2026', 'CalendarYearCorrected', { ...calendar(['2026-01-01', '2026-10-01'], 'gov.cn 2'), reason: 'x' }, '2025-12-02T01:00:00.000Z'],
        ['calendar-2026', 'CalendarYearCorrected', { ...calendar(['2026-10-01'], 'gov.cn 3'), reason: 'y' }, '2025-12-03T01:00:00.000Z'],
      ])) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
    });

    const fees = await store.db.selectFrom('fee_entries').selectAll().execute();
    expect(fees.map((f) => ({ ...f, entry: JSON.parse(f.entry) }))).toEqual([{ code: 'F-1', entry: fee(5000), status: 'in-force' }]);
    expect(await store.db.selectFrom('departments').selectAll().execute()).toEqual([{ id: 'zrzy', name: '县自然资源局', case_no_prefix: 'ZRZY' }]);
    expect(await store.db.selectFrom('windows').selectAll().orderBy('id').execute()).toEqual([
      { id: 'w-1', name: '综合窗口', department_id: 'zrzy', comprehensive: 0 }, { id: 'w-2', name: '不动产窗口', department_id: 'zrzy', comprehensive: 1 }]);
    expect(await store.db.selectFrom('sub_centers').selectAll().execute()).toEqual([{ id: 'sc-1', name: '城东分中心', department_id: 'zrzy' }]);
    expect(await store.db.selectFrom('calendar_years').selectAll().execute()).toEqual([
      { year: 2026, holidays: '["2026-10-01"]', workdays: '["2026-02-14"]', source: 'gov.cn 3', corrections: 2 }]);
  });

  it('drops its tables and makes them again, empty', async () => {
    await store.write((tx) => projection.apply(tx, log([['organization', 'DepartmentRegistered', { id: 'zrzy', name: 'x', caseNoPrefix: 'X' },
      '2026-01-01T01:00:00.000Z']]), { sql: store.sql, replaying: false }));
    await store.migrate(async (tx) => {
      await projection.drop(tx, store.sql);
      await projection.migrate(tx, store.sql);
    });
    expect(await store.db.selectFrom('departments').selectAll().execute()).toEqual([]);
  });
});
