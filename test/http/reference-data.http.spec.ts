import { CHINESE_DAYS_SOURCE, chineseDaysCalendarYears } from '@gov/domain';
import { DEMO_DEPARTMENTS, DEMO_FEES, DEMO_ITEMS, DEMO_SUB_CENTERS, DEMO_WINDOWS } from '../../apps/engine/src/bootstrap/demo-catalog';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { readModelsUnderTest } from '../support/read-model-configs';

const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The reference data as the public reads it (catalog, fee catalog, organization, calendar),
 * answered from the read models: the demo seed in, the same lists out, on either store.
 */
describe.each(readModelsUnderTest())('reference data over HTTP, read models on $name', (readModels) => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z', config: { readModels: readModels.config() } });
  });

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
    await readModels.dropAll();
  });

  it('lists the departments with their windows and sub-centers, each in id order', async () => {
    const { status, body } = await engine.request('GET', '/api/departments');

    expect(status).toBe(200);
    expect(body).toEqual([...DEMO_DEPARTMENTS].sort(byKey((d) => d.id)).map((d) => ({
      id: d.id, name: d.name, caseNoPrefix: d.caseNoPrefix,
      windows: DEMO_WINDOWS.filter((w) => w.departmentId === d.id).sort(byKey((w) => w.id))
        .map((w) => ({ id: w.id, name: w.name, comprehensive: w.comprehensive })),
      subCenters: DEMO_SUB_CENTERS.filter((s) => s.departmentId === d.id).sort(byKey((s) => s.id)).map((s) => ({ id: s.id, name: s.name })),
    })));
  });

  it('lists the catalog in code order, all of it or one department\'s', async () => {
    const codes = async (url: string) => ((await engine.request('GET', url)).body as { code: string; status: string }[]).map((i) => `${i.code} ${i.status}`);
    const published = (departmentId?: string) => DEMO_ITEMS.filter((i) => !departmentId || i.terms.departmentId === departmentId)
      .map((i) => `${i.code} published`).sort();

    expect(await codes('/api/catalog/items')).toEqual(published());
    expect(await codes('/api/catalog/items?departmentId=zjj')).toEqual(published('zjj'));
    expect(await codes('/api/catalog/items?departmentId=nowhere')).toEqual([]);
  });

  it('gives one item with every version it had, and 404 for an unknown code', async () => {
    const item = DEMO_ITEMS.find((i) => i.terms.departmentId === 'zjj') as (typeof DEMO_ITEMS)[number];
    const revised = { ...item.terms, promisedLimitDays: item.terms.promisedLimitDays - 1 };
    expect((await engine.request('PUT', `/api/catalog/items/${item.code}`, { ...revised, reason: '压缩承诺时限' })).status).toBe(200);

    const { status, body } = await engine.request('GET', `/api/catalog/items/${item.code}`);

    expect(status).toBe(200);
    expect(body).toMatchObject({ code: item.code, version: 2, promisedLimitDays: revised.promisedLimitDays, status: 'published' });
    expect(body.versions.map((v: { version: number; promisedLimitDays: number; publishedAt: string }) => [v.version, v.promisedLimitDays, typeof v.publishedAt]))
      .toEqual([[1, item.terms.promisedLimitDays, 'string'], [2, revised.promisedLimitDays, 'string']]);
    const unknown = await engine.request('GET', '/api/catalog/items/NO-SUCH-ITEM');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ITEM.NOT_FOUND');
  });

  it('lists the fee catalog in code order, a withdrawn entry marked so', async () => {
    const withdrawn = DEMO_FEES[0].code;
    expect((await engine.request('POST', `/api/catalog/fees/${withdrawn}/withdraw`, { reason: '取消收费' })).status).toBe(200);

    const { body } = await engine.request('GET', '/api/catalog/fees');

    expect(body).toEqual([...DEMO_FEES].sort(byKey((f) => f.code))
      .map((f) => expect.objectContaining({ ...f, status: f.code === withdrawn ? 'withdrawn' : 'in-force' })));
  });

  it('gives a published calendar year, counts its corrections, and 404 for a year never published', async () => {
    const year = chineseDaysCalendarYears().find((y) => y.year === 2026);
    if (!year) throw new Error('the default calendar data has no 2026');
    const before = (await engine.request('GET', '/api/calendar/2026')).body;
    expect(before).toEqual({ year: 2026, holidays: year.holidays, workdays: year.workdays, source: CHINESE_DAYS_SOURCE, corrections: 0 });

    const holidays = [...year.holidays, '2026-04-10'].sort();
    expect((await engine.request('PUT', '/api/calendar/2026', { holidays, workdays: year.workdays, source: '更正通知', reason: '临时增加假日' })).status).toBe(200);

    expect((await engine.request('GET', '/api/calendar/2026')).body).toEqual({ year: 2026, holidays, workdays: year.workdays, source: '更正通知', corrections: 1 });
    const never = await engine.request('GET', '/api/calendar/2099');
    expect(never.status).toBe(404);
    expect(never.body.code).toBe('CALENDAR.NOT_PUBLISHED');
  });
});
