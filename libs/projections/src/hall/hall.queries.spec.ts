import { CaseEvent, endOfShanghaiDay, shanghaiDateOf, startOfShanghaiDay } from '@gov/domain';
import { CaseProjection } from '../cases/case.projection';
import { generateCaseHistories } from '../cases/testing/case-histories';
import { CatalogProjection } from '../catalog/catalog.projection';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { HallQueries } from './hall.queries';

const { histories, log } = generateCaseHistories(7, 80);

/** The Shanghai day with the most receipts: a busy hall. */
const today = (() => {
  const days = new Map<string, number>();
  for (const { events } of histories) {
    const day = shanghaiDateOf(events[0].data.at);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return [...days.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
})();

/** Per place key, what the histories say about `today` and now (the hall's definitions). */
function expectedPlaces() {
  const figures = new Map<string, { receivedToday: number; completedToday: number; pending: number }>();
  for (const { events } of histories) {
    const received = events[0] as Extract<CaseEvent, { type: 'CaseReceived' }>;
    const key = received.data.windowId ? `window:${received.data.windowId}` : received.data.subCenterId ? `sub-center:${received.data.subCenterId}` : 'online';
    const f = figures.get(key) ?? { receivedToday: 0, completedToday: 0, pending: 0 };
    const has = (type: CaseEvent['type']) => events.find((event) => event.type === type);
    const completedAt = has('CaseCompleted')?.data.at;
    if (received.data.acceptedDate === today && !has('CaseNotAccepted')) f.receivedToday++;
    if (completedAt && completedAt >= startOfShanghaiDay(today) && completedAt <= endOfShanghaiDay(today)) f.completedToday++;
    if (!completedAt && !has('CaseWithdrawn') && !has('CaseNotAccepted')) f.pending++;
    figures.set(key, f);
  }
  return figures;
}

describe.each(readModelStoresUnderTest())('hall queries on $name', ({ open }) => {
  let store: ReadModelStore;
  beforeAll(async () => {
    store = await open();
    const cases = new CaseProjection();
    await store.migrate(async (tx) => {
      await new CatalogProjection().migrate(tx);
      await cases.migrate(tx, store.sql);
    });
    await store.write(async (tx) => {
      await tx.insertInto('departments').values([
        { id: 'zrzy', name: '自然资源局', case_no_prefix: 'ZRZY' }, { id: 'scjg', name: '市场监管局', case_no_prefix: 'SCJG' }]).execute();
      await tx.insertInto('windows').values(['w-zrzy-1', 'w-zrzy-2', 'w-scjg-1', 'w-scjg-9'].map((id) =>
        ({ id, name: `窗口 ${id}`, department_id: id.split('-')[1], comprehensive: 0 }))).execute();
      await tx.insertInto('sub_centers').values([{ id: 'sc-scjg', name: '分中心', department_id: 'scjg' }, { id: 'sc-idle', name: '空闲分中心', department_id: 'zrzy' }]).execute();
      for (const event of log) await cases.apply(tx, [event], { sql: store.sql, replaying: false });
    });
  });
  afterAll(() => store.close());

  it('lists every window and sub-center, and the portal when it has something to show, with what the histories say', async () => {
    const places = await new HallQueries(store).places(today);
    const expected = expectedPlaces();
    const zero = { receivedToday: 0, completedToday: 0, pending: 0 };
    expect(places.map((p) => ({ key: `${p.kind === 'online' ? 'online' : `${p.kind}:${p.id}`}`, departmentName: p.departmentName,
      receivedToday: p.receivedToday, completedToday: p.completedToday, pending: p.pending }))).toEqual([
      { key: 'window:w-scjg-1', departmentName: '市场监管局', ...(expected.get('window:w-scjg-1') ?? zero) },
      { key: 'window:w-scjg-9', departmentName: '市场监管局', ...zero },
      { key: 'window:w-zrzy-1', departmentName: '自然资源局', ...(expected.get('window:w-zrzy-1') ?? zero) },
      { key: 'window:w-zrzy-2', departmentName: '自然资源局', ...(expected.get('window:w-zrzy-2') ?? zero) },
      { key: 'sub-center:sc-idle', departmentName: '自然资源局', ...zero },
      { key: 'sub-center:sc-scjg', departmentName: '市场监管局', ...(expected.get('sub-center:sc-scjg') ?? zero) },
      { key: 'online', departmentName: null, ...(expected.get('online') ?? zero) },
    ]);
    expect(places.reduce((sum, p) => sum + p.receivedToday, 0)).toBeGreaterThan(0);
  });

  it('shows the latest completions, newest first, with their place', async () => {
    const completed = histories.flatMap(({ caseNo, events }) => events.filter((event) => event.type === 'CaseCompleted')
      .map((event) => ({ caseNo, at: event.data.at, windowId: (events[0].data as { windowId: string | null }).windowId })))
      .sort((a, b) => b.at.localeCompare(a.at) || b.caseNo.localeCompare(a.caseNo)).slice(0, 6);
    const latest = await new HallQueries(store).latestCompleted(6);
    expect(latest.map((c) => [c.caseNo, c.completedAt, c.place]))
      .toEqual(completed.map((c) => [c.caseNo, c.at, expect.stringContaining(c.windowId ? `窗口 ${c.windowId}` : '')]));
  });
});
