import { CaseProjection } from './cases/case.projection';
import { rebuildDayFigures } from './stats/case-day-figures';
import { logWithWatcherEvents } from './cases/testing/watched-log';
import { DeadlineProjection } from './deadlines/deadline.projection';
import type { Projection } from './projection';
import type { ReadModelStore } from './store/read-model-store';
import { readModelStoresUnderTest } from './store/testing/read-model-stores';
import type { ReadModelTables } from './store/tables';

/** The tables the batch-folding projections write. */
const TABLES: readonly (keyof ReadModelTables & string)[] = ['cases', 'fee_payments', 'case_day_figures', 'case_day_figures_dirty', 'fee_day_totals', 'deadlines'];

describe.each(readModelStoresUnderTest())('read models cut into batches on $name', ({ open }) => {
  const log = logWithWatcherEvents();
  const stores: ReadModelStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  /** Every row of the tables after applying the log in batches of the sizes `next` gives; with `rebuilt`, the day sums then summed again from the case rows. */
  async function project(next: () => number, rebuilt = false): Promise<Record<string, string[]>> {
    const store = await open();
    stores.push(store);
    const projections: Projection[] = [new CaseProjection(), new DeadlineProjection()];
    await store.migrate(async (tx) => {
      for (const projection of projections) await projection.migrate(tx, store.sql);
    });
    for (let start = 0; start < log.length;) {
      const batch = log.slice(start, (start += next()));
      await store.write(async (tx) => {
        for (const projection of projections) await projection.apply(tx, batch, { sql: store.sql, replaying: false });
      });
    }
    if (rebuilt) await store.write((tx) => rebuildDayFigures(tx, store.sql));
    const tables: Record<string, string[]> = {};
    for (const table of TABLES) {
      tables[table] = (await store.db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort();
    }
    return tables;
  }

  it('are the same whether the log comes one event at a time, in uneven batches or in one', async () => {
    const oneByOne = await project(() => 1);
    let turn = 0;
    const uneven = await project(() => [1, 7, 50, 3, 200][turn++ % 5]);
    const whole = await project(() => log.length);

    expect(oneByOne.cases).toHaveLength(240);
    // The log has what each fold must get right: rows updated after their batch, closed, left open, carded.
    expect(oneByOne.deadlines.length).toBeGreaterThan(10);
    expect(oneByOne.deadlines.some((row) => (JSON.parse(row) as { overdue_for: string | null }).overdue_for !== null)).toBe(true);
    expect(oneByOne.fee_payments.length).toBeGreaterThan(10);
    expect(oneByOne.case_day_figures.length).toBeGreaterThan(10);
    expect(oneByOne.case_day_figures_dirty).toEqual([]);
    expect(uneven).toEqual(oneByOne);
    expect(whole).toEqual(oneByOne);
    // The day sums each batch kept are those summed from the case rows at the end.
    expect(await project(() => 50, true)).toEqual(oneByOne);
  });
});
