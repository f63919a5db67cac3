import { CaseEvent, CaseRecord, CaseState, endOfShanghaiDay, evolveCase, initialCaseState } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import fc from 'fast-check';
import { CaseProjection } from '../cases/case.projection';
import { DeadlineProjection } from '../deadlines/deadline.projection';
import { SqliteReadModelStore } from '../store/sqlite-read-model-store';
import type { ReadModelStore } from '../store/read-model-store';
import { CLOCK_AS_OF, EXACT_COUNTS, openBeyondFive, SUSPENDED_SINCE_AS_OF } from '../stats/case-day-figures';
import { CaseFiguresQuery, Counts, Period, Scope, toFigures } from '../stats/case-figures';
import { NamedStatements } from '../stats/named-statements';
import { RecordScript, recordFrom, recordScripts } from './testing/generated-records';

/**
 * The record's invariants over generated histories (issue 23). A fixed seed and a few dozen runs
 * in CI; the bench's nightly mode runs many more with a new seed (PROPERTY_RUNS, PROPERTY_SEED,
 * printed on failure with the shrunk counterexample).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261207);
const MAX_CASES = Number(process.env.PROPERTY_MAX_CASES ?? 12);
const LATER = '2027-06-30T00:00:00.000Z';
const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };

const cases = new CaseProjection();
const deadlines = new DeadlineProjection();

async function storeWith(events: readonly StoredEvent[], batch = 1, replay = false): Promise<ReadModelStore> {
  const store = await SqliteReadModelStore.open(':memory:');
  await store.migrate(async (tx) => {
    await cases.migrate(tx, store.sql);
    await deadlines.migrate(tx, store.sql);
  });
  if (replay) await store.write((tx) => cases.beforeReplay(tx, store.sql, { carried: false }));
  for (let start = 0; start < events.length; start += batch) {
    await store.write(async (tx) => {
      const slice = events.slice(start, start + batch);
      await cases.apply(tx, slice, { sql: store.sql, replaying: replay });
      await deadlines.apply(tx, slice, { sql: store.sql, replaying: replay });
    });
  }
  if (replay) await store.write((tx) => cases.afterReplay(tx, store.sql));
  return store;
}

const SCOPES: Scope[] = [{ kind: 'center' }, { kind: 'department', id: 'zrzy' }, { kind: 'window', id: 'w-scjg' }];

async function report(store: ReadModelStore, period: Period) {
  const figures = new CaseFiguresQuery(store);
  return figures.snapshot(async (snapshot) => ({
    scopes: await Promise.all(SCOPES.map((scope) => snapshot.figures(period, scope, LATER))),
    departments: [...await snapshot.figuresByDepartment(period, LATER)],
    subCenters: [...await snapshot.figuresBySubCenter(period, LATER)],
  }));
}

/**
 * The oracle: the figures' definitions evaluated on every case of the period, grouped by `column`
 * (README, "Reported figures"), and the fees of the payments themselves — what the day sums and
 * their corrections must give without reading every case.
 */
const everyCase = new NamedStatements<{ from: string; to: string; end: string; asOf: string }>();
async function caseByCase(store: ReadModelStore, period: Period, column: 'NULL' | 'department_id' | 'sub_center_id') {
  const end = endOfShanghaiDay(period.to);
  const params = { from: period.from, to: period.to, end, asOf: LATER < end ? LATER : end };
  const only = column === 'NULL' ? '' : ` AND c.${column} IS NOT NULL`;
  const rows = await everyCase.get(`cases:${column}`, () => `SELECT ${column === 'NULL' ? 'NULL' : `c.${column}`} AS group_id, ${EXACT_COUNTS('')},
      ${openBeyondFive(CLOCK_AS_OF('five_at'), SUSPENDED_SINCE_AS_OF)} AS open_past_five
    FROM cases AS c WHERE c.received_date BETWEEN @from AND @to${only} GROUP BY 1`).rows<Record<string, number | string | null>>(store.db, params);
  const fees = await everyCase.get(`fees:${column}`, () => `SELECT ${column === 'NULL' ? 'NULL' : `c.${column}`} AS group_id, SUM(p.amount_fen) AS fen
    FROM fee_payments AS p JOIN cases AS c ON c.case_no = p.case_no WHERE p.paid_date BETWEEN @from AND @to${only} GROUP BY 1`)
    .rows<{ group_id: string | null; fen: number }>(store.db, params);
  const fen = new Map(fees.map((row) => [row.group_id, Number(row.fen)]));
  const figures = new Map(rows.filter((row) => Number(row.received ?? 0) + Number(row.not_accepted ?? 0) > 0).map((row) => {
    const counts = Object.fromEntries(Object.entries(row).filter(([name]) => name !== 'group_id').map(([name, value]) => [name, Number(value ?? 0)]));
    return [row.group_id as string | null, toFigures(counts as unknown as Counts, counts.not_accepted, fen.get(row.group_id as string | null) ?? 0)];
  }));
  for (const [id, paid] of fen) if (!figures.has(id) && paid > 0) figures.set(id, toFigures(emptyCounts(), 0, paid));
  return figures;
}
const emptyCounts = (): Counts => ({ received: 0, completed: 0, immediate: 0, promised: 0, promised_completed: 0, completed_early: 0,
  withdrawn: 0, special: 0, overdue: 0, five_day_base: 0, within_five: 0, five_day_days: null, rated: 0, satisfied: 0, open_past_five: 0 });
const sorted = <K, V>(map: ReadonlyMap<K, V>) => [...map].sort(([a], [b]) => String(a).localeCompare(String(b)));

const day = (offset: number) => new Date(Date.parse('2026-04-01T00:00:00.000Z') + offset * 86_400_000).toISOString().slice(0, 10);
const periods = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 30 }))
  .map(([to, length]): Period => ({ from: day(Math.max(0, to - length)), to: day(to) }));

const stateOf = (events: readonly CaseEvent[]) => events.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord;

describe('the record over generated histories (properties)', () => {
  it('a report as of the end of a period is unchanged by any event recorded after it', async () => {
    await fc.assert(fc.asyncProperty(recordScripts(MAX_CASES), periods, async (script: RecordScript, period: Period) => {
      const { log } = recordFrom(script);
      const end = endOfShanghaiDay(period.to);
      const [then, now] = [await storeWith(log.filter((event) => (event.data as { at: string }).at <= end)), await storeWith(log)];
      try {
        expect(await report(now, period)).toEqual(await report(then, period));
      } finally {
        await then.close();
        await now.close();
      }
    }), settings);
  });

  it('the figures from the day sums are the definitions evaluated case by case: the center, each department, each sub-center', async () => {
    await fc.assert(fc.asyncProperty(recordScripts(MAX_CASES), fc.integer({ min: 1, max: 7 }), periods, async (script: RecordScript, batch: number, period: Period) => {
      const store = await storeWith(recordFrom(script).log, batch);
      try {
        const query = new CaseFiguresQuery(store);
        const center = await query.figures(period, { kind: 'center' }, LATER);
        expect(center).toEqual((await caseByCase(store, period, 'NULL')).get(null) ?? toFigures(emptyCounts(), 0, 0));
        expect(sorted(await query.figuresByDepartment(period, LATER))).toEqual(sorted(await caseByCase(store, period, 'department_id')));
        const subCenters = await query.snapshot((snapshot) => snapshot.figuresBySubCenter(period, LATER));
        expect(sorted(subCenters)).toEqual(sorted(await caseByCase(store, period, 'sub_center_id')));
        // A window named like a sub-center's key in the sums is no window.
        expect(await query.figures(period, { kind: 'window', id: 'sub-center:sc-scjg' }, LATER)).toEqual(toFigures(emptyCounts(), 0, 0));
      } finally {
        await store.close();
      }
    }), settings);
  });

  it('a rebuild from the log gives the read models the live batches gave', async () => {
    await fc.assert(fc.asyncProperty(recordScripts(MAX_CASES), fc.integer({ min: 1, max: 7 }), periods, async (script: RecordScript, batch: number, period: Period) => {
      const { log } = recordFrom(script);
      const [live, rebuilt] = [await storeWith(log, batch), await storeWith(log, 10_000, true)];
      try {
        for (const table of ['cases', 'case_clock', 'fee_payments', 'deadlines'] as const) {
          const rows = (store: ReadModelStore) => store.db.selectFrom(table).selectAll().execute()
            .then((all) => all.map((row) => JSON.stringify(row)).sort());
          expect({ table, rows: await rows(rebuilt) }).toEqual({ table, rows: await rows(live) });
        }
        expect(await report(rebuilt, period)).toEqual(await report(live, period));
      } finally {
        await live.close();
        await rebuilt.close();
      }
    }), settings);
  });

  it('a case\'s due date in every read model is the domain\'s after the same events', async () => {
    await fc.assert(fc.asyncProperty(recordScripts(MAX_CASES), async (script: RecordScript) => {
      const { log, histories } = recordFrom(script);
      const store = await storeWith(log, 3);
      try {
        const rows = new Map((await store.db.selectFrom('cases').select(['case_no', 'due_date', 'due_at']).execute()).map((row) => [row.case_no, row]));
        const agenda = new Map((await store.db.selectFrom('deadlines').select(['case_no', 'due_date', 'due_at']).execute()).map((row) => [row.case_no, row]));
        for (const [caseNo, events] of histories) {
          const state = stateOf(events);
          expect({ caseNo, ...rows.get(caseNo) }).toEqual({ caseNo, case_no: caseNo, due_date: state.dueDate, due_at: state.dueAt });
          const open = state.status === 'open' || state.status === 'suspended';
          expect({ caseNo, agenda: agenda.get(caseNo) ?? null })
            .toEqual({ caseNo, agenda: open ? { case_no: caseNo, due_date: state.dueDate, due_at: state.dueAt } : null });
        }
      } finally {
        await store.close();
      }
    }), settings);
  });

  it('a suspension and its resumption never shorten a deadline', () => {
    fc.assert(fc.property(recordScripts(MAX_CASES), (script: RecordScript) => {
      for (const [caseNo, events] of recordFrom(script).histories) {
        let state: CaseState = initialCaseState();
        for (const event of events) {
          const before = state.status === 'none' ? null : state.dueAt;
          state = evolveCase(state, event);
          if ((event.type === 'ClockSuspended' || event.type === 'ClockResumed') && before !== null) {
            expect({ caseNo, event: event.type, shortened: Date.parse((state as CaseRecord).dueAt) < Date.parse(before) })
              .toEqual({ caseNo, event: event.type, shortened: false });
          }
        }
      }
    }), settings);
  });
});
