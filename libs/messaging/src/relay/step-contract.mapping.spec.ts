import type { CaseEvent } from '@gov/domain';
import { CaseEventTypes, parseCaseEventV1 } from '../contracts/case-events.v1';
import { caseEvents, DEPARTMENTS, toStoredEvents } from '../testing/case-stories';
import { caseFactsOf, PUBLISHED_CASE_EVENT_TYPES, toCaseIntegrationEvent } from './case-contract.mapping';

const [zrzy] = DEPARTMENTS;
const CASE = 'ZRZY-20260407-00001';
const due = { dueDate: '2026-04-09', dueAt: '2026-04-09T15:59:59.999Z' };

/** A receipt, then the steps of a review that was returned once and overran (internal events, as the decider records them). */
const steps: CaseEvent[] = [
  { type: 'StepStarted', data: { at: '2026-04-07T01:00:00.000Z', stepId: 'review', index: 1, name: '审查', kind: 'review', role: 'reviewer', limitDays: 2,
    remoteAllowed: true, departmentId: 'zrzy', startedDate: '2026-04-07', ...due, warnAt: '2026-04-08T16:00:00.000Z' } },
  { type: 'StepAssigned', data: { at: '2026-04-07T01:00:00.000Z', stepId: 'review', to: { pool: 'reviewer', departmentId: 'zrzy' } } },
  { type: 'StepClaimed', data: { at: '2026-04-07T02:00:00.000Z', stepId: 'review', staffId: 'rev-1' } },
  { type: 'StepWarned', data: { at: '2026-04-09T01:00:00.000Z', stepId: 'review', ...due, warnAt: '2026-04-08T16:00:00.000Z', holder: 'rev-1', departmentId: 'zrzy' } },
  { type: 'StepOverran', data: { at: '2026-04-10T01:00:00.000Z', stepId: 'review', ...due, holder: 'rev-1', departmentId: 'zrzy' } },
  { type: 'StepCompleted', data: { at: '2026-04-13T01:00:00.000Z', stepId: 'review', staffId: 'rev-1', opinion: 'disagree', reasons: '申请人张三的场所不合格',
    workingDaysTaken: 4, late: true, workingDaysLate: 2 } },
  { type: 'StepReturned', data: { at: '2026-04-13T02:00:00.000Z', stepId: 'decision', staffId: 'head-1', toStepId: 'review', reason: '请补充李四的意见' } },
];

describe('step events → public contract v1 (added types)', () => {
  const received = caseEvents(CASE, zrzy, 'completed-in-time')[0]!;
  const events = toStoredEvents(CASE, [received, ...steps]);
  const published = events.map((event) => toCaseIntegrationEvent(event, caseFactsOf(events[0]!.data as never)));

  it('publishes starts, completions, returns, warnings and overruns; assignments and claims stay inside', () => {
    expect(published.map((event) => event?.type ?? null)).toEqual([
      CaseEventTypes.received, CaseEventTypes.stepStarted, null, null, CaseEventTypes.stepWarned, CaseEventTypes.stepOverran,
      CaseEventTypes.stepCompleted, CaseEventTypes.stepReturned,
    ]);
    expect(events.filter((e) => PUBLISHED_CASE_EVENT_TYPES.has(e.type))).toHaveLength(6);
  });

  it('says who held an overrun step, and passes the contract check', () => {
    expect(published[5]?.data).toEqual({
      caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', stepId: 'review', stepDepartmentId: 'zrzy', holder: 'rev-1',
      overranAt: '2026-04-10T01:00:00.000Z', ...due,
    });
    for (const event of published) if (event) expect(parseCaseEventV1(event)).toBeDefined();
  });

  it('lets no reasons (free text, names) onto the bus', () => {
    const wire = JSON.stringify(published);
    for (const secret of ['张三', '李四', '场所不合格']) expect(wire).not.toContain(secret);
  });
});
