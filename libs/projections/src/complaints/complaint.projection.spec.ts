import type { Projection } from '../projection';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { ComplaintProjection } from './complaint.projection';
import { ComplaintQueries } from './complaint.queries';
import { RectificationProjection } from './rectification.projection';
import { storedLog } from '../store/testing/stored-log';

/** Events as the store hands them over: positions in the order given. */
const log = storedLog;

const named = { kind: 'named', personId: 'p-1', sealed: 'sealed-envelope' };
const filed = (no: string, departmentId: string, category: string, at: string, filedDate: string, feedbackBy: string | null,
  complainant: Record<string, unknown> = named) => [`complaint-${no}`, 'ComplaintFiled', {
  complaintNo: no, category, categoryLabel: `label ${category}`, channel: complainant.kind === 'system' ? 'automatic' : 'window', complainant,
  target: { departmentId, windowId: departmentId === 'zrzy' ? 'w-2' : null, staffId: null, caseNo: null, itemCode: null },
  summary: `summary ${no}`, evidence: [`photo-${no}`], filedDate, feedbackBy, at,
}] as const;
const concluded = (no: string, departmentId: string, at: string, substantiated: boolean, days: number, actions: unknown[] = []) =>
  [`complaint-${no}`, 'ComplaintConcluded', { substantiated, findings: `findings ${no}`, actions, departmentId, concludedDate: at.slice(0, 10),
    workingDaysToConclusion: days, at }] as const;

const EVENTS = log([
  filed('TS-3', 'scjg', 'not-within-time-limit', '2026-03-20T02:00:00.000Z', '2026-03-20', null, { kind: 'system', trigger: 'case overdue' }),
  // 01:00 on 04-01 in Shanghai.
  filed('TS-2', 'zrzy', 'illegal-fee', '2026-03-31T17:00:00.000Z', '2026-04-01', '2026-04-10T15:59:59.999Z', { kind: 'anonymous', personId: 'p-2', sealed: 's-2' }),
  filed('TS-1', 'zrzy', 'service-attitude', '2026-04-01T02:00:00.000Z', '2026-04-01', '2026-04-15T15:59:59.999Z'),
  ['complaint-TS-1', 'ComplaintAccepted', { note: null, at: '2026-04-02T02:00:00.000Z' }],
  ['complaint-TS-2', 'ComplaintAccepted', { note: 'ok', at: '2026-04-02T03:00:00.000Z' }],
  // 00:30 on 04-01 in Shanghai: declined in April.
  ['complaint-TS-3', 'ComplaintDeclined', { reason: 'not ours', at: '2026-03-31T16:30:00.000Z' }],
  ['complaint-TS-1', 'ComplaintInvestigationStarted', { investigator: '赵六', at: '2026-04-03T02:00:00.000Z' }],
  filed('TS-4', 'scjg', 'service-attitude', '2026-04-05T02:00:00.000Z', '2026-04-05', '2026-04-20T15:59:59.999Z'),
  filed('TS-5', 'zrzy', 'other', '2026-04-06T02:00:00.000Z', '2026-04-06', '2026-04-17T15:59:59.999Z'),
  concluded('TS-1', 'zrzy', '2026-04-08T03:00:00.000Z', true, 5, [{ kind: 'admonish-department', departmentId: 'zrzy' },
    { kind: 'return-staff', staffId: 's-1' }, { kind: 'hold-accountable', role: 'department-head', person: '王五' }]),
  concluded('TS-5', 'zrzy', '2026-04-09T03:00:00.000Z', true, 4),
  concluded('TS-4', 'scjg', '2026-04-10T03:00:00.000Z', false, 2),
  filed('TS-6', 'zrzy', 'service-attitude', '2026-04-15T02:00:00.000Z', '2026-04-15', '2026-04-29T15:59:59.999Z'),
  ['complaint-TS-1', 'ComplaintFeedbackGiven', { message: 'sorry', feedbackBy: '2026-04-15T15:59:59.999Z', late: true, at: '2026-04-16T01:00:00.000Z' }],
  // 00:30 on 05-01 in Shanghai: late feedback of May.
  ['complaint-TS-4', 'ComplaintFeedbackGiven', { message: 'no', feedbackBy: '2026-04-20T15:59:59.999Z', late: true, at: '2026-04-30T16:30:00.000Z' }],
  ['rectification-R-1', 'RectificationOpened', { rectificationNo: 'R-1', caseNo: 'ZRZY-1', departmentId: 'zrzy', windowId: 'w-2',
    level: 'dissatisfied', comment: 'slow', at: '2026-04-02T02:00:00.000Z', answerBy: '2026-04-09T15:59:59.999Z' }],
  ['rectification-R-2', 'RectificationOpened', { rectificationNo: 'R-2', caseNo: 'SCJG-1', departmentId: 'scjg', windowId: null,
    level: 'very-dissatisfied', comment: null, at: '2026-04-03T02:00:00.000Z', answerBy: '2026-04-10T15:59:59.999Z' }],
  ['rectification-R-1', 'RectificationAnswered', { answer: 'rota changed', late: true, at: '2026-04-12T02:00:00.000Z' }],
  ['rectification-R-3', 'RectificationOpened', { rectificationNo: 'R-3', caseNo: 'ZRZY-2', departmentId: 'zrzy', windowId: 'w-2',
    level: 'dissatisfied', comment: null, at: '2026-04-18T02:00:00.000Z', answerBy: '2026-04-25T15:59:59.999Z' }],
]);

const NOW = '2026-04-20T02:00:00.000Z';
const APRIL = { from: '2026-04-01', to: '2026-04-30' };

describe.each(readModelStoresUnderTest())('complaint read models on $name', ({ open }) => {
  let store: ReadModelStore;
  let queries: ComplaintQueries;
  const projections: Projection[] = [new ComplaintProjection(), new RectificationProjection()];

  beforeAll(async () => {
    store = await open();
    await store.migrate(async (tx) => {
      for (const projection of projections) await projection.migrate(tx, store.sql);
    });
    // Delivered twice: nothing counts double.
    for (const events of [EVENTS, EVENTS]) {
      await store.write(async (tx) => {
        for (const event of events) for (const projection of projections) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
      });
    }
    queries = new ComplaintQueries(store);
  });
  afterAll(() => store.close());

  it('keeps a complaint through its life, with its accountability actions in the order decided', async () => {
    expect(await queries.one('TS-1', NOW)).toEqual({
      complaintNo: 'TS-1', category: 'service-attitude', categoryLabel: 'label service-attitude', channel: 'window',
      target: { departmentId: 'zrzy', windowId: 'w-2', staffId: null, caseNo: null, itemCode: null },
      summary: 'summary TS-1', evidence: ['photo-TS-1'], status: 'feedback-given', filedAt: '2026-04-01T02:00:00.000Z', ageDays: 19,
      acceptedAt: '2026-04-02T02:00:00.000Z', declinedAt: null, declineReason: null, investigator: '赵六', investigationStartedAt: '2026-04-03T02:00:00.000Z',
      concludedAt: '2026-04-08T03:00:00.000Z', substantiated: true, findings: 'findings TS-1', workingDaysToConclusion: 5,
      actions: [{ kind: 'admonish-department', departmentId: 'zrzy' }, { kind: 'return-staff', staffId: 's-1' },
        { kind: 'hold-accountable', role: 'department-head', person: '王五' }],
      feedbackBy: '2026-04-15T15:59:59.999Z', feedbackAt: '2026-04-16T01:00:00.000Z', feedbackLate: true, feedbackOverdue: false,
    });
    expect(await queries.one('TS-9', NOW)).toBeUndefined();
    const ts3 = await queries.one('TS-3', NOW);
    expect([ts3?.status, ts3?.declineReason, ts3?.substantiated, ts3?.feedbackLate, ts3?.feedbackOverdue, ts3?.actions])
      .toEqual(['declined', 'not ours', null, null, false, []]);
    expect((await queries.one('TS-4', NOW))?.substantiated).toBe(false);
  });

  it('lists open complaints by default, oldest first, and filters by status, category, department and age', async () => {
    const numbers = async (filter: Parameters<ComplaintQueries['list']>[0], limit = 100) =>
      (await queries.list(filter, NOW, limit)).map((c) => c.complaintNo);
    expect(await numbers({})).toEqual(['TS-2', 'TS-6']);
    expect(await numbers({ status: 'all' })).toEqual(['TS-3', 'TS-2', 'TS-1', 'TS-4', 'TS-5', 'TS-6']);
    expect(await numbers({ status: 'concluded' })).toEqual(['TS-5']);
    expect(await numbers({ status: 'all', departmentId: 'scjg' })).toEqual(['TS-3', 'TS-4']);
    expect(await numbers({ status: 'all', category: 'service-attitude' }, 2)).toEqual(['TS-1', 'TS-4']);
    // Ten days old or more on 04-20: filed on 04-10 or before.
    expect(await numbers({ minAgeDays: 10 })).toEqual(['TS-2']);
    const listed = await queries.list({ status: 'all' }, NOW, 100);
    expect(listed.find((c) => c.complaintNo === 'TS-1')?.actions).toHaveLength(3);
    expect(listed.filter((c) => c.feedbackOverdue).map((c) => c.complaintNo)).toEqual(['TS-2', 'TS-5']);
  });

  it('keeps who complained sealed, apart from the complaint', async () => {
    expect(await queries.complainant('TS-1')).toEqual({ complaintNo: 'TS-1', kind: 'named', personId: 'p-1', sealed: 'sealed-envelope', trigger: null });
    expect(await queries.complainant('TS-3')).toEqual({ complaintNo: 'TS-3', kind: 'system', personId: null, sealed: null, trigger: 'case overdue' });
    expect(await queries.complainant('TS-9')).toBeUndefined();
  });

  it('sums up the open complaints by category, department and age', async () => {
    expect(await queries.openSummary(NOW)).toEqual({
      open: 2,
      byCategory: [{ category: 'illegal-fee', label: '乱收费', open: 1 }, { category: 'service-attitude', label: '服务态度', open: 1 }],
      byDepartment: [{ departmentId: 'zrzy', open: 2 }],
      byAge: [{ band: '0-7', open: 1 }, { band: '8-21', open: 1 }, { band: '22-30', open: 0 }, { band: '31+', open: 0 }],
    });
  });

  it('lists the accountability actions of a period and the working days to conclusion', async () => {
    expect(await queries.actions(APRIL)).toEqual([
      { complaintNo: 'TS-1', category: 'service-attitude', kind: 'admonish-department', departmentId: 'zrzy', staffId: null, role: null, person: null,
        concludedAt: '2026-04-08T03:00:00.000Z' },
      { complaintNo: 'TS-1', category: 'service-attitude', kind: 'return-staff', departmentId: 'zrzy', staffId: 's-1', role: null, person: null,
        concludedAt: '2026-04-08T03:00:00.000Z' },
      { complaintNo: 'TS-1', category: 'service-attitude', kind: 'hold-accountable', departmentId: 'zrzy', staffId: null, role: 'department-head',
        person: '王五', concludedAt: '2026-04-08T03:00:00.000Z' },
    ]);
    expect(await queries.actions({ from: '2026-04-09', to: '2026-04-30' })).toEqual([]);
    // (5 + 4 + 2) / 3 = 3.666…
    expect(await queries.timeToConclusion(APRIL)).toEqual({
      concluded: 3, averageWorkingDays: 3.67, maxWorkingDays: 5,
      departments: [{ departmentId: 'scjg', concluded: 1, averageWorkingDays: 2, maxWorkingDays: 2 },
        { departmentId: 'zrzy', concluded: 2, averageWorkingDays: 4.5, maxWorkingDays: 5 }],
    });
    expect(await queries.timeToConclusion({ from: '2026-05-01', to: '2026-05-31' }))
      .toEqual({ concluded: 0, averageWorkingDays: null, maxWorkingDays: null, departments: [] });
  });

  it('counts the figures of each department, declines and feedback on their Shanghai day', async () => {
    const april = await queries.figuresByDepartment(APRIL, NOW);
    expect([...april.keys()]).toEqual(['scjg', 'zrzy']);
    expect(april.get('zrzy')).toEqual({
      departmentId: 'zrzy', filed: 4, open: 2, declined: 0, concluded: 2, substantiated: 2, notSubstantiated: 0,
      averageWorkingDaysToConclusion: 4.5, admonitions: 1, staffReturned: 1, personsHeldAccountable: 1,
      // TS-2 and TS-5 wait for feedback past their deadline.
      feedbackLate: 1, feedbackOverdue: 2,
    });
    expect(april.get('scjg')).toEqual({
      departmentId: 'scjg', filed: 1, open: 0, declined: 1, concluded: 1, substantiated: 0, notSubstantiated: 1,
      averageWorkingDaysToConclusion: 2, admonitions: 0, staffReturned: 0, personsHeldAccountable: 0, feedbackLate: 0, feedbackOverdue: 0,
    });
    const march = (await queries.figuresByDepartment({ from: '2026-03-01', to: '2026-03-31' }, NOW)).get('scjg');
    expect([march?.filed, march?.declined]).toEqual([1, 0]);
    const may = (await queries.figuresByDepartment({ from: '2026-05-01', to: '2026-05-31' }, NOW)).get('scjg');
    expect([may?.feedbackLate, may?.averageWorkingDaysToConclusion]).toEqual([1, null]);
  });

  it('lists rectifications oldest first, flagging those unanswered past their deadline', async () => {
    const all = await queries.rectifications({}, NOW, 10);
    expect(all.map((r) => [r.rectificationNo, r.status, r.late, r.unansweredOverdue])).toEqual([
      ['R-1', 'answered', true, false], ['R-2', 'awaiting-answer', null, true], ['R-3', 'awaiting-answer', null, false]]);
    expect((await queries.rectifications({ status: 'awaiting-answer' }, NOW, 10)).map((r) => r.rectificationNo)).toEqual(['R-2', 'R-3']);
    expect((await queries.rectifications({ departmentId: 'zrzy' }, NOW, 1)).map((r) => r.rectificationNo)).toEqual(['R-1']);
    expect(await queries.rectification('R-1', NOW)).toEqual({
      rectificationNo: 'R-1', caseNo: 'ZRZY-1', departmentId: 'zrzy', windowId: 'w-2', level: 'dissatisfied', comment: 'slow',
      status: 'answered', openedAt: '2026-04-02T02:00:00.000Z', answerBy: '2026-04-09T15:59:59.999Z', answeredAt: '2026-04-12T02:00:00.000Z',
      answer: 'rota changed', late: true, unansweredOverdue: false,
    });
    expect(await queries.rectification('R-9', NOW)).toBeUndefined();
  });

  it('drops its tables and makes them again, empty', async () => {
    const other = await open();
    try {
      await other.migrate(async (tx) => {
        for (const projection of projections) await projection.migrate(tx, other.sql);
      });
      await other.write(async (tx) => {
        for (const event of EVENTS) for (const projection of projections) await projection.apply(tx, [event], { sql: other.sql, replaying: false });
      });
      await other.migrate(async (tx) => {
        for (const projection of projections) await projection.drop(tx, other.sql);
        for (const projection of projections) await projection.migrate(tx, other.sql);
      });
      const rebuilt = new ComplaintQueries(other);
      expect(await rebuilt.list({ status: 'all' }, NOW, 10)).toEqual([]);
      expect(await rebuilt.actions(APRIL)).toEqual([]);
      expect(await rebuilt.complainant('TS-1')).toBeUndefined();
      expect(await rebuilt.rectifications({}, NOW, 10)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
