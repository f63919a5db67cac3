import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { storedLog } from '../store/testing/stored-log';
import { CaseProjection } from '../cases/case.projection';
import { TaskProjection } from './task.projection';
import { TaskQueries } from './task.queries';

const started = (caseNo: string, stepId: string, role: string, dueAt: string, at: string) =>
  [`case-${caseNo}`, 'StepStarted', {
    at, stepId, index: 1, name: stepId === 'review' ? '审查' : '决定', kind: stepId, role, limitDays: 2, remoteAllowed: true, departmentId: 'scjg',
    startedDate: at.slice(0, 10), dueDate: dueAt.slice(0, 10), dueAt,
  }] as const;
const assigned = (caseNo: string, stepId: string, to: object, at: string) => [`case-${caseNo}`, 'StepAssigned', { at, stepId, to }] as const;

describe.each(readModelStoresUnderTest())('the worklists on $name', ({ open }) => {
  let store: ReadModelStore;
  let queries: TaskQueries;
  const projection: Projection = new TaskProjection();
  const apply = (events: StoredEvent[]) => store.write((tx) => projection.apply(tx, events, { sql: store.sql, replaying: false }));

  beforeEach(async () => {
    store = await open();
    // The worklist reads the item and the masked applicant from the case rows.
    await store.migrate(async (tx) => {
      await new CaseProjection().migrate(tx, store.sql);
      await projection.migrate(tx, store.sql);
    });
    queries = new TaskQueries(store);
  });
  afterEach(() => store.close());

  it("gives a staff member what they hold and their roles' pools in their department, the soonest due first", async () => {
    await apply(storedLog([
      started('A', 'review', 'reviewer', '2026-04-10T15:59:59.999Z', '2026-04-07T01:00:00.000Z'),
      assigned('A', 'review', { pool: 'reviewer', departmentId: 'scjg' }, '2026-04-07T01:00:00.000Z'),
      started('B', 'review', 'reviewer', '2026-04-08T15:59:59.999Z', '2026-04-07T02:00:00.000Z'),
      assigned('B', 'review', { pool: 'reviewer', departmentId: 'scjg' }, '2026-04-07T02:00:00.000Z'),
      ['case-B', 'StepClaimed', { at: '2026-04-07T03:00:00.000Z', stepId: 'review', staffId: 'r1' }],
      started('C', 'decision', 'approver', '2026-04-09T15:59:59.999Z', '2026-04-07T02:00:00.000Z'),
      assigned('C', 'decision', { pool: 'approver', departmentId: 'scjg' }, '2026-04-07T02:00:00.000Z'),
    ]));
    const r1 = await queries.worklist({ staffId: 'r1', departmentId: 'scjg', pools: ['window-staff', 'reviewer'] }, '2026-04-09T01:00:00.000Z');
    expect(r1.map((t) => [t.caseNo, t.mine, t.pool, t.overdue])).toEqual([['B', true, null, true], ['A', false, 'reviewer', false]]);
    const r2 = await queries.worklist({ staffId: 'r2', departmentId: 'scjg', pools: ['reviewer'] }, '2026-04-07T04:00:00.000Z');
    expect(r2.map((t) => t.caseNo)).toEqual(['A']);
    expect((await queries.worklist({ staffId: 'h', departmentId: 'scjg', pools: ['approver'] }, '2026-04-07T04:00:00.000Z')).map((t) => t.caseNo)).toEqual(['C']);
    expect(await queries.worklist({ staffId: 'x', departmentId: 'zjj', pools: ['reviewer', 'approver'] }, '2026-04-07T04:00:00.000Z')).toEqual([]);
  });

  it('moves a step with its delegation, reschedule and end, and keeps each run for the figures', async () => {
    await apply(storedLog([
      started('A', 'decision', 'approver', '2026-04-08T15:59:59.999Z', '2026-04-07T01:00:00.000Z'),
      assigned('A', 'decision', { pool: 'approver', departmentId: 'scjg' }, '2026-04-07T01:00:00.000Z'),
      ['case-A', 'StepDelegated', { at: '2026-04-07T02:00:00.000Z', stepId: 'decision', staffId: 'h', to: 's9', reason: '出差' }],
      ['case-A', 'StepRescheduled', { at: '2026-04-08T02:00:00.000Z', stepId: 'decision', suspendedWorkingDays: 1, dueDate: '2026-04-09', dueAt: '2026-04-09T15:59:59.999Z' }],
    ]));
    const [task] = await queries.worklist({ staffId: 's9', departmentId: 'scjg', pools: [] }, '2026-04-09T01:00:00.000Z');
    expect(task).toMatchObject({ caseNo: 'A', mine: true, holder: 's9', dueDate: '2026-04-09', overdue: false });
    await apply(storedLog([['case-A', 'StepCompleted', {
      at: '2026-04-10T02:00:00.000Z', stepId: 'decision', staffId: 's9', opinion: 'agree', reasons: null, workingDaysTaken: 2, late: true, workingDaysLate: 1,
    }]]));
    expect(await queries.worklist({ staffId: 's9', departmentId: 'scjg', pools: [] }, '2026-04-10T03:00:00.000Z')).toEqual([]);
    const runs = await store.db.selectFrom('step_runs').selectAll().execute();
    expect(runs).toEqual([expect.objectContaining({
      case_no: 'A', step_id: 'decision', held_by: 's9', ended_how: 'completed', due_at: '2026-04-09T15:59:59.999Z', working_days_taken: 2, late: 1, working_days_late: 1,
    })]);
  });
});
