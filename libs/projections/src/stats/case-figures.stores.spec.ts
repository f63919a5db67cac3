import { CaseEvent, endOfShanghaiDay, SATISFIED_LEVELS, shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { CaseProjection } from '../cases/case.projection';
import { CaseHistory, generateCaseHistories } from '../cases/testing/case-histories';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Pool } from 'pg';
import { PostgresReadModelStore } from '../store/postgres-read-model-store';
import type { ReadModelStore } from '../store/read-model-store';
import { POSTGRES_URL, readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { CaseFiguresQuery, Period, Scope } from './case-figures';
import { OpenCasesQuery } from './open-cases.query';

/**
 * One set of generated case histories projected into every read-model store under test, both
 * event by event (the day sums kept by each batch, with reads in between) and as a replay (the
 * sums built at the end): every store and every way must answer the same, and the figures must
 * be what the histories themselves say.
 */
const { histories, log } = generateCaseHistories(20260401, 60);
const NOW = '2026-07-01T00:00:00.000Z';

interface Asked {
  readonly period: Period;
  readonly scope: Scope;
  readonly now: string;
}
const ASKED: Asked[] = [
  { period: { from: '2026-04-01', to: '2026-04-30' }, scope: { kind: 'center' }, now: NOW },
  // Cases received in the period and completed, withdrawn or rated after its end: the corrections.
  { period: { from: '2026-04-01', to: '2026-04-15' }, scope: { kind: 'center' }, now: NOW },
  // A period not ended yet: overdue as of now.
  { period: { from: '2026-04-01', to: '2026-05-31' }, scope: { kind: 'center' }, now: '2026-04-24T06:00:00.000Z' },
  { period: { from: '2026-04-10', to: '2026-05-20' }, scope: { kind: 'department', id: 'zrzy' }, now: NOW },
  { period: { from: '2026-04-01', to: '2026-05-31' }, scope: { kind: 'department', id: 'scjg' }, now: NOW },
  { period: { from: '2026-04-01', to: '2026-05-31' }, scope: { kind: 'window', id: 'w-zrzy-1' }, now: NOW },
  { period: { from: '2026-04-20', to: '2026-04-20' }, scope: { kind: 'center' }, now: NOW },
];

type Answers = Record<string, unknown>;

async function answers(store: ReadModelStore): Promise<Answers> {
  const figures = new CaseFiguresQuery(store);
  const open = new OpenCasesQuery(store);
  const result: Answers = {};
  for (const [index, { period, scope, now }] of ASKED.entries()) {
    result[`figures ${index}`] = await figures.figures(period, scope, now);
  }
  result['by department, April'] = [...(await figures.figuresByDepartment({ from: '2026-04-01', to: '2026-04-30' }, NOW)).entries()];
  result['by department, May'] = [...(await figures.figuresByDepartment({ from: '2026-05-01', to: '2026-05-31' }, '2026-05-12T00:00:00.000Z')).entries()];
  for (const scope of [{ kind: 'department', id: 'zrzy' }, { kind: 'department', id: 'scjg' }, { kind: 'window', id: 'w-zrzy-2' }] as const) {
    result[`open ${scope.id}`] = await open.list(scope, '2026-05-06T00:00:00.000Z', 100);
  }
  return result;
}

const projection = new CaseProjection();

async function projectLive(store: ReadModelStore, events: readonly StoredEvent[], readEvery: number): Promise<void> {
  const figures = new CaseFiguresQuery(store);
  for (let start = 0; start < events.length; start += readEvery) {
    await store.write(async (tx) => {
      for (const event of events.slice(start, start + readEvery)) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
    });
    // A read in between: later events change some of the days it read.
    await figures.figures({ from: '2026-04-01', to: '2026-05-31' }, { kind: 'center' }, NOW);
  }
}

async function projectAsReplay(store: ReadModelStore, events: readonly StoredEvent[]): Promise<void> {
  await store.write((tx) => projection.beforeReplay(tx, store.sql, { carried: false }));
  await store.write(async (tx) => {
    for (const event of events) await projection.apply(tx, [event], { sql: store.sql, replaying: true });
  });
  await store.write((tx) => projection.afterReplay(tx, store.sql));
}

describe('case figures and open cases on every read-model store', () => {
  const stores: { name: string; store: ReadModelStore }[] = [];
  afterAll(() => Promise.all(stores.map(({ store }) => store.close())));

  const ways: Record<string, (store: ReadModelStore) => Promise<void>> = {
    'event by event': (store) => projectLive(store, log, 37),
    'as a replay': (store) => projectAsReplay(store, log),
  };
  const answered: { name: string; answers: Answers }[] = [];

  beforeAll(async () => {
    for (const { name, open } of readModelStoresUnderTest()) {
      for (const [way, project] of Object.entries(ways)) {
        const store = await open();
        stores.push({ name: `${name}, ${way}`, store });
        await store.migrate((tx) => projection.migrate(tx, store.sql));
        await project(store);
        answered.push({ name: `${name}, ${way}`, answers: await answers(store) });
      }
    }
  });

  it('generates histories with every fate the figures count', () => {
    const types = new Set(log.map((event) => event.type));
    for (const type of ['CaseNotAccepted', 'CaseEscalated', 'ClockResumed', 'FeePaid', 'CaseCompleted', 'CaseWithdrawn', 'CaseRated']) {
      expect(types).toContain(type);
    }
    const completions = log.filter((event) => event.type === 'CaseCompleted').map((event) => event.data as { early: boolean; late: boolean });
    expect(completions.some((c) => c.early)).toBe(true);
    expect(completions.some((c) => c.late)).toBe(true);
    expect(completions.some((c) => !c.early && !c.late)).toBe(true);
  });

  it('answers the same on every store, projected event by event or replayed', () => {
    const [first, ...others] = answered;
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect({ store: other.name, answers: other.answers }).toEqual({ store: other.name, answers: first.answers });
  });

  it.each(ASKED.map((asked, index) => ({ index, ...asked })))('counts what the histories say, period $period.from to $period.to, $scope.kind', ({ index, period, scope, now }) => {
    const expected = countFromHistories(histories, period, scope, now);
    expect(expected.received).toBeGreaterThan(0);
    for (const { name, answers: got } of answered) {
      expect({ store: name, figures: pick(got[`figures ${index}`] as Record<string, unknown>, Object.keys(expected)) })
        .toEqual({ store: name, figures: expected });
    }
  });

  it('lists the open cases the histories leave open, the first due first', () => {
    const now = '2026-05-06T00:00:00.000Z';
    const open = histories.map(stateOf).filter((c) => c.department === 'zrzy' && (c.status === 'open' || c.status === 'suspended'))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseNo.localeCompare(b.caseNo));
    expect(open.length).toBeGreaterThan(0);
    for (const { name, answers: got } of answered) {
      const listed = got['open zrzy'] as { caseNo: string; overdue: boolean; status: string }[];
      expect({ store: name, listed: listed.map((row) => [row.caseNo, row.status, row.overdue]) })
        .toEqual({ store: name, listed: open.map((c) => [c.caseNo, c.status, c.dueAt < now]) });
    }
  });
});

function pick(figures: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, figures[name]]));
}

/** A case as its history leaves it now (the case row's view), with the moments the figures compare. */
function stateOf({ caseNo, events }: CaseHistory) {
  const at = (type: CaseEvent['type']) => events.find((event) => event.type === type)?.data.at ?? null;
  const received = events[0] as Extract<CaseEvent, { type: 'CaseReceived' }>;
  const completed = events.find((event) => event.type === 'CaseCompleted') as Extract<CaseEvent, { type: 'CaseCompleted' }> | undefined;
  const rated = events.find((event) => event.type === 'CaseRated') as Extract<CaseEvent, { type: 'CaseRated' }> | undefined;
  const deadlines = events.filter((event) => event.type === 'CaseReceived' || event.type === 'ClockResumed' || event.type === 'CaseEscalated');
  const last = events[events.length - 1];
  const status = completed ? 'completed' : at('CaseWithdrawn') ? 'withdrawn' : at('CaseNotAccepted') ? 'not-accepted'
    : last.type === 'ClockSuspended' ? 'suspended' : 'open';
  return {
    caseNo, status, department: received.data.item.departmentId, windowId: received.data.windowId, receivedDate: received.data.acceptedDate,
    category: received.data.item.category, dueAt: (deadlines[deadlines.length - 1].data as { dueAt: string }).dueAt,
    completedAt: completed?.data.at ?? null, early: completed?.data.early ?? false, late: completed?.data.late ?? false,
    withdrawnAt: at('CaseWithdrawn'), notAcceptedAt: at('CaseNotAccepted'), specialAt: at('CaseEscalated'),
    ratedAt: rated?.data.at ?? null, satisfied: rated ? SATISFIED_LEVELS.includes(rated.data.level) : false,
    payments: events.filter((event) => event.type === 'FeePaid').map((event) => event.data as { at: string; amountFen: number }),
  };
}

/** The README's definitions ("Reported figures"), applied to the histories in plain code. */
function countFromHistories(all: readonly CaseHistory[], period: Period, scope: Scope, now: string) {
  const end = endOfShanghaiDay(period.to);
  const asOf = now < end ? now : end;
  const by = (moment: string | null, bound = end) => moment !== null && moment <= bound;
  const cases = all.map(stateOf).filter((c) => scope.kind === 'center' || (scope.kind === 'department' ? c.department : c.windowId) === scope.id);
  const inPeriod = cases.filter((c) => c.receivedDate >= period.from && c.receivedDate <= period.to);
  const cohort = inPeriod.filter((c) => !by(c.notAcceptedAt));
  const count = (test: (c: (typeof cohort)[number]) => boolean) => cohort.filter(test).length;
  const received = cohort.length;
  const completed = count((c) => by(c.completedAt));
  const withdrawn = count((c) => by(c.withdrawnAt));
  return {
    received,
    notAccepted: inPeriod.length - received,
    completed,
    withdrawn,
    pending: received - completed - withdrawn,
    immediate: count((c) => c.category === 'immediate'),
    promised: count((c) => c.category === 'promised'),
    promisedCompleted: count((c) => c.category === 'promised' && by(c.completedAt)),
    completedEarly: count((c) => c.category === 'promised' && by(c.completedAt) && c.early),
    special: count((c) => by(c.specialAt)),
    overdue: count((c) => (by(c.completedAt, asOf) && c.late)
      || (!by(c.completedAt, asOf) && !by(c.withdrawnAt, asOf) && c.dueAt < asOf)),
    rated: count((c) => by(c.ratedAt)),
    feesCollected: cases.flatMap((c) => c.payments).filter((p) => shanghaiDateOf(p.at) >= period.from && shanghaiDateOf(p.at) <= period.to)
      .reduce((sum, p) => sum + p.amountFen, 0),
  };
}

/** What a store's connection has changed since it opened (SQLite), or nothing (PostgreSQL, whose reads are read-only transactions). */
async function changesSoFar(store: ReadModelStore): Promise<number | undefined> {
  if (store.dialect !== 'sqlite') return undefined;
  return (await sql<{ n: number }>`SELECT total_changes() AS n`.execute(store.db)).rows[0].n;
}

/** Every row of the day sums and their marks. */
async function daySums(store: ReadModelStore): Promise<unknown[]> {
  return [await store.db.selectFrom('case_day_figures').selectAll().orderBy(['received_date', 'department_id', 'window_key']).execute(),
    await store.db.selectFrom('case_day_figures_dirty').selectAll().orderBy(['received_date', 'department_id', 'window_key']).execute()];
}

describe.each(readModelStoresUnderTest())('a figures read on $name', ({ open }) => {
  const stores: ReadModelStore[] = [];
  afterAll(() => Promise.all(stores.map((store) => store.close())));
  const period = { from: '2026-04-01', to: '2026-05-31' };
  const center = { kind: 'center' } as const;

  async function projected(project: (store: ReadModelStore) => Promise<void>): Promise<ReadModelStore> {
    const store = await open();
    stores.push(store);
    await store.migrate((tx) => projection.migrate(tx, store.sql));
    await project(store);
    return store;
  }

  /** The figures, read as the API reads them (a snapshot with another query in it), and whatever the read wrote. */
  async function readWatchingWrites(store: ReadModelStore) {
    const writes = [jest.spyOn(store, 'write'), jest.spyOn(store, 'migrate')];
    const [changes, sums] = [await changesSoFar(store), await daySums(store)];
    try {
      const figures = await new CaseFiguresQuery(store).snapshot(async (snapshot) => ({
        center: await snapshot.figures(period, center, NOW), byDepartment: [...(await snapshot.figuresByDepartment(period, NOW)).keys()] }));
      return { figures, writeTransactions: writes.reduce((n, spy) => n + spy.mock.calls.length, 0), changed: (await changesSoFar(store)) !== changes,
        sumsChanged: JSON.stringify(await daySums(store)) !== JSON.stringify(sums) };
    } finally {
      for (const spy of writes) spy.mockRestore();
    }
  }

  it('writes nothing, and reads exact figures, right after the projector\'s batches', async () => {
    // Batches of 37 events, as the projector writes them outside a replay, and no read in between.
    const store = await projected(async (into) => {
      for (let start = 0; start < log.length; start += 37) {
        await into.write(async (tx) => projection.apply(tx, log.slice(start, start + 37), { sql: into.sql, replaying: false }));
      }
    });

    const read = await readWatchingWrites(store);

    expect(read).toMatchObject({ writeTransactions: 0, changed: false, sumsChanged: false });
    expect(pick(read.figures.center as unknown as Record<string, unknown>, Object.keys(countFromHistories(histories, period, center, NOW))))
      .toEqual(countFromHistories(histories, period, center, NOW));
  });

  it('writes nothing either when a replay died before its end and left every day marked; the projector\'s settle sums them', async () => {
    const store = await projected(async (into) => {
      await into.write((tx) => projection.beforeReplay(tx, into.sql, { carried: false }));
      await into.write(async (tx) => projection.apply(tx, log, { sql: into.sql, replaying: true }));
      // The process starts again: its projector's open migrates, which builds the indexes again.
      await into.migrate((tx) => projection.migrate(tx, into.sql));
    });

    const read = await readWatchingWrites(store);
    await store.write((tx) => projection.settle(tx, store.sql));

    expect(read).toMatchObject({ writeTransactions: 0, changed: false, sumsChanged: false });
    expect(read.figures.center.received).toBe(0);
    const [, marks] = await daySums(store);
    expect(marks).toEqual([]);
    const settled = await readWatchingWrites(store);
    expect(pick(settled.figures.center as unknown as Record<string, unknown>, Object.keys(countFromHistories(histories, period, center, NOW))))
      .toEqual(countFromHistories(histories, period, center, NOW));
  });
});

/** API instances on one PostgreSQL store read while the projector writes: all read the same, and exact figures at the end. */
(POSTGRES_URL ? describe : describe.skip)('figures read by several instances while the projector writes, on postgres', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const instances: ReadModelStore[] = [];
  beforeAll(async () => {
    for (let n = 0; n < 3; n++) instances.push(await PostgresReadModelStore.open({ connectionString: POSTGRES_URL as string, schema, poolSize: 4 }));
    await instances[0].migrate((tx) => projection.migrate(tx, instances[0].sql));
  });
  afterAll(async () => {
    await Promise.all(instances.map((store) => store.close()));
    const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  });

  it('counts every case once however the reads interleave with the batches', async () => {
    const april = { from: '2026-04-01', to: '2026-05-31' };
    const expected = countFromHistories(histories, april, { kind: 'center' }, NOW);
    for (let start = 0; start < log.length; start += 100) {
      // The projector writes a batch while every instance reads at the same moment.
      const batch = instances[0].write(async (tx) => {
        for (const event of log.slice(start, start + 100)) await projection.apply(tx, [event], { sql: instances[0].sql, replaying: false });
      });
      await Promise.all([batch, ...instances.flatMap((store) => [1, 2].map(() => new CaseFiguresQuery(store).figures(april, { kind: 'center' }, NOW)))]);
    }
    const figures = await Promise.all(instances.map((store) => new CaseFiguresQuery(store).figures(april, { kind: 'center' }, NOW)));
    for (const got of figures) expect(pick(got as unknown as Record<string, unknown>, Object.keys(expected))).toEqual(expected);
  });
});

/** A report read while the projector commits on another connection: every part of it comes from one snapshot. */
(POSTGRES_URL ? describe : describe.skip)('a snapshot of the figures, on postgres', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let store: ReadModelStore;
  beforeAll(async () => {
    store = await PostgresReadModelStore.open({ connectionString: POSTGRES_URL as string, schema, poolSize: 4 });
    await store.migrate((tx) => projection.migrate(tx, store.sql));
  });
  afterAll(async () => {
    await store.close();
    const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  });

  it('sees nothing the projector commits while it reads, and the next read sees it all', async () => {
    const half = Math.floor(log.length / 2);
    const period = { from: '2026-04-01', to: '2026-05-31' };
    const figures = new CaseFiguresQuery(store);
    const caseCount = async (db: ReadModelStore['db']) => Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await projectLive(store, log.slice(0, half), half);

    const read = await figures.snapshot(async (snapshot) => {
      const before = { figures: await snapshot.figures(period, { kind: 'center' }, NOW), cases: await caseCount(snapshot.tx) };
      await store.write(async (tx) => projection.apply(tx, log.slice(half), { sql: store.sql, replaying: false }));
      const after = { figures: await snapshot.figures(period, { kind: 'center' }, NOW), cases: await caseCount(snapshot.tx) };
      return { before, after };
    });

    expect(read.after).toEqual(read.before);
    expect(await caseCount(store.db)).toBe(histories.length);
    expect(read.before.cases).toBeLessThan(histories.length);
    expect((await figures.figures(period, { kind: 'center' }, NOW)).received).toBeGreaterThan(read.before.figures.received);
  });
});
