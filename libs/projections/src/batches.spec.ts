import { CaseCommand, CaseEvent, CaseRecord, CaseState, decideCase, evolveCase, initialCaseState } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { CaseProjection } from './cases/case.projection';
import { calendar, generateCaseHistories } from './cases/testing/case-histories';
import { DeadlineProjection } from './deadlines/deadline.projection';
import type { Projection } from './projection';
import type { ReadModelStore } from './store/read-model-store';
import { readModelStoresUnderTest } from './store/testing/read-model-stores';
import type { ReadModelTables } from './store/tables';

/** The tables the batch-folding projections write. */
const TABLES: readonly (keyof ReadModelTables & string)[] = ['cases', 'fee_payments', 'case_day_figures_dirty', 'fee_day_totals', 'deadlines'];

/**
 * The generated histories, then what the deadline watcher records for the cases still open
 * weeks later: yellow and red cards, acceptances deemed (the agenda's updates).
 */
function logWithWatcherEvents(): StoredEvent[] {
  const { histories, log } = generateCaseHistories(11, 240);
  const later: { caseNo: string; revision: number; event: CaseEvent }[] = [];
  for (const { caseNo, events } of histories) {
    const history = [...events];
    const watch = (command: CaseCommand, now: string) => {
      const state = history.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord;
      for (const event of decideCase(command, state, { now, calendar })) {
        later.push({ caseNo, revision: history.length, event });
        history.push(event);
      }
    };
    const dueAt = (history.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord).dueAt;
    watch({ type: 'DeemAcceptance', data: {} }, '2026-06-01T01:00:00.000Z');
    watch({ type: 'RecordWarning', data: { dueAt } }, '2026-06-01T02:00:00.000Z');
    watch({ type: 'RecordOverdue', data: { dueAt } }, '2026-06-01T03:00:00.000Z');
  }
  later.sort((a, b) => a.event.data.at.localeCompare(b.event.data.at) || a.caseNo.localeCompare(b.caseNo));
  return [...log, ...later.map(({ caseNo, revision, event }, index) => ({
    id: `${caseNo}-${revision}`, type: event.type, schemaVersion: 1, data: event.data, streamId: `case-${caseNo}`, revision,
    position: log.length + index + 1, recordedAt: event.data.at,
    metadata: { occurredAt: event.data.at, correlationId: 'c', causationId: null, actor: { id: 'watcher', role: 'system' } },
  }))];
}

describe.each(readModelStoresUnderTest())('read models cut into batches on $name', ({ open }) => {
  const log = logWithWatcherEvents();
  const stores: ReadModelStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  /** Every row of the tables after applying the log in batches of the sizes `next` gives. */
  async function project(next: () => number): Promise<Record<string, string[]>> {
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
    expect(uneven).toEqual(oneByOne);
    expect(whole).toEqual(oneByOne);
  });
});
