import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { CaseCommand, CaseEvent, decideCase, evolveCase, initialCaseState, ReceiveCase } from '../case';
import { ItemVersion } from '../catalog';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { step } from './procedure';
import { StepCommand } from './step.commands';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });
const at = (instant: string) => ({ now: instant, calendar });

const item: ItemVersion = {
  code: 'SCJG-001', version: 2, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '食品安全法',
  materials: ['申请书'], procedure: ['受理', '审查', '决定', '送达'], legalLimitDays: 20, promisedLimitDays: 5,
  specialProcedures: [], fees: [],
  steps: [step('acceptance', 0), step('review', 3), step('decision', 1), step('delivery', 0)],
};
const window = { id: 'w1', name: '综合窗口', departmentId: 'scjg', comprehensive: true };
/** The roster's look-up of a staff member authorized for the item: an approver's decision is the case's, so the decider must be on it. */
const onRoster = (staffId: string) => ({ staffId, departmentId: 'scjg', itemCodes: [item.code] });

function receive(overrides: Partial<ReceiveCase['data']> = {}): ReceiveCase {
  return {
    type: 'ReceiveCase',
    data: {
      caseNo: 'SCJG-20260930-00001', itemCode: item.code, item: { status: 'published', current: item },
      applicant: sealedApplicant('张三'), channel: 'window', windowId: 'w1', window, subCenterId: null,
      subCenter: null, staffId: 's1', materials: ['申请书'], ...overrides,
    },
  };
}

function history(...steps: [CaseCommand, string][]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const [command, instant] of steps) events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), at(instant)));
  return events;
}

const online = () => receive({ channel: 'online', window: null, windowId: null, staffId: null });
const stepCommand = <T extends StepCommand['type']>(type: T, data: Extract<StepCommand, { type: T }>['data']) => ({ type, data }) as CaseCommand;

// 2026-09-30 10:00 Shanghai, the day before the National Day week.
const ACCEPTED = '2026-09-30T02:00:00.000Z';
const LATER = '2026-10-08T02:00:00.000Z';
const received = () => history([receive(), ACCEPTED]);
const claimedReview = () => [...received(), ...history()].concat(
  decideCase(stepCommand('ClaimStep', { stepId: 'review', staffId: 'r1' }), received().reduce(evolveCase, initialCaseState()), at(ACCEPTED)),
);
const atDecision = () => {
  const given = claimedReview();
  return given.concat(decideCase(stepCommand('CompleteStep', { stepId: 'review', staffId: 'r1', opinion: 'agree', reasons: null }),
    given.reduce(evolveCase, initialCaseState()), at(LATER)));
};

describe('a case under an item with steps', () => {
  it('is accepted by the receiving clerk and lands in the department’s reviewer pool, due on its own limit', () => {
    spec.given([]).when(receive(), at(ACCEPTED)).thenMatch([
      { type: 'CaseReceived' },
      { type: 'StepStarted', data: { stepId: 'acceptance', index: 0, kind: 'acceptance', limitDays: 0, dueDate: '2026-09-30' } },
      { type: 'StepAssigned', data: { stepId: 'acceptance', to: { staffId: 's1' } } },
      { type: 'StepCompleted', data: { stepId: 'acceptance', staffId: 's1', opinion: 'agree', late: false } },
      { type: 'StepStarted', data: { stepId: 'review', index: 1, role: 'reviewer', departmentId: 'scjg', dueDate: '2026-10-10', dueAt: '2026-10-10T15:59:59.999Z' } },
      { type: 'StepAssigned', data: { stepId: 'review', to: { pool: 'reviewer', departmentId: 'scjg' } } },
    ]);
  });

  it('starts in pre-review at its department when it came online, its clock held (网上预审)', () => {
    spec.given([]).when(online(), at(ACCEPTED)).thenMatch([
      { type: 'CaseReceived' }, { type: 'ClockSuspended', data: { reason: 'pre-review' } }, { type: 'StepStarted', data: { stepId: 'acceptance' } },
      { type: 'StepAssigned', data: { to: { pool: 'window-staff', departmentId: 'scjg' } } },
    ]);
  });

  it('is returned in pre-review for every missing material at once, and passed later with the legal clock starting that day', () => {
    const claimed = history([online(), ACCEPTED], [stepCommand('ClaimStep', { stepId: 'acceptance', staffId: 'p1' }), ACCEPTED]);
    const returned = spec.given(claimed).when({ type: 'RequestMaterials', data: { materials: ['营业执照', '场所证明'], note: null } }, at(ACCEPTED))
      .then([{ type: 'MaterialsRequested', data: { at: ACCEPTED, materials: ['营业执照', '场所证明'], note: null } }]);
    spec.given([...claimed, ...returned]).when({ type: 'RequestMaterials', data: { materials: ['x'], note: null } }, at(ACCEPTED))
      .thenThrows('CASE.MATERIALS_ALREADY_REQUESTED');
    const supplied = spec.given([...claimed, ...returned]).when({ type: 'SupplyMaterials', data: { materials: ['营业执照', '场所证明'] } }, at(LATER))
      .then([{ type: 'MaterialsSupplied', data: { at: LATER, materials: ['营业执照', '场所证明'] } }]);
    // Passed on 2026-10-09: due 5 working days from then (10-10 is a working Saturday, 10-11 a Sunday).
    spec.given([...claimed, ...returned, ...supplied])
      .when(stepCommand('CompleteStep', { stepId: 'acceptance', staffId: 'p1', opinion: 'agree', reasons: null }), at('2026-10-09T02:00:00.000Z')).thenMatch([
        { type: 'StepCompleted', data: { stepId: 'acceptance' } },
        { type: 'ClockResumed', data: { reason: 'pre-review', suspendedWorkingDays: 2, dueDate: '2026-10-15' } },
        { type: 'StepStarted', data: { stepId: 'review', startedDate: '2026-10-09' } }, { type: 'StepAssigned' },
      ]);
  });

  it('is not accepted in pre-review with the reasons', () => {
    const claimed = history([online(), ACCEPTED], [stepCommand('ClaimStep', { stepId: 'acceptance', staffId: 'p1' }), ACCEPTED]);
    spec.given(claimed).when(stepCommand('CompleteStep', { stepId: 'acceptance', staffId: 'p1', opinion: 'disagree', reasons: '不属于本部门职权范围' }), at(LATER))
      .thenMatch([{ type: 'StepCompleted', data: { opinion: 'disagree' } }, { type: 'CaseNotAccepted', data: { reason: '不属于本部门职权范围' } }]);
  });

  it('is claimed once, and completed by its holder only, a disagreement with reasons', () => {
    spec.given(received()).when(stepCommand('ClaimStep', { stepId: 'review', staffId: 'r1' }), at(ACCEPTED))
      .then([{ type: 'StepClaimed', data: { at: ACCEPTED, stepId: 'review', staffId: 'r1' } }]);
    spec.given(claimedReview()).when(stepCommand('ClaimStep', { stepId: 'review', staffId: 'r2' }), at(ACCEPTED)).thenThrows('STEP.ALREADY_CLAIMED');
    spec.given(received()).when(stepCommand('ClaimStep', { stepId: 'review', staffId: 'h1', capacity: ['approver'] }), at(ACCEPTED)).thenThrows('STEP.NOT_PERFORMER');
    spec.given(received()).when(stepCommand('CompleteStep', { stepId: 'review', staffId: 'r1', opinion: 'agree', reasons: null }), at(ACCEPTED))
      .thenThrows('STEP.NOT_HOLDER');
    spec.given(claimedReview()).when(stepCommand('CompleteStep', { stepId: 'review', staffId: 'r1', opinion: 'disagree', reasons: ' ' }), at(ACCEPTED))
      .thenThrows('STEP.REASONS_REQUIRED');
    spec.given(claimedReview()).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 'r1', opinion: 'agree', reasons: null }), at(ACCEPTED))
      .thenThrows('STEP.NOT_CURRENT');
  });

  it('moves on to the approver’s pool when the review is done, with the days it took', () => {
    spec.given(claimedReview()).when(stepCommand('CompleteStep', { stepId: 'review', staffId: 'r1', opinion: 'agree', reasons: null }), at(LATER)).thenMatch([
      { type: 'StepCompleted', data: { stepId: 'review', workingDaysTaken: 1, late: false } },
      { type: 'StepStarted', data: { stepId: 'decision', role: 'approver', dueDate: '2026-10-09' } },
      { type: 'StepAssigned', data: { to: { pool: 'approver', departmentId: 'scjg' } } },
    ]);
  });

  it('is decided only at the decision step, by its holder, the decision being the case’s', () => {
    spec.given(claimedReview()).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可', staffId: 'r1' } }, at(LATER))
      .thenThrows('STEP.DECIDED_AT_DECISION_STEP');
    const given = [...atDecision(), ...history()];
    const claimed = given.concat(decideCase(stepCommand('ClaimStep', { stepId: 'decision', staffId: 'h1', staff: onRoster('h1') }), given.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(claimed).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 'h1', opinion: 'agree', reasons: null, decision: '准予许可', staff: onRoster('h1') }), at(LATER))
      .thenMatch([
        { type: 'StepCompleted', data: { stepId: 'decision', staffId: 'h1', opinion: 'agree' } },
        { type: 'CaseCompleted', data: { outcome: 'approved', decision: '准予许可', workingDaysTaken: 1 } },
        { type: 'StepStarted', data: { stepId: 'delivery' } },
        { type: 'StepAssigned', data: { to: { pool: 'window-staff', departmentId: 'scjg' } } },
      ]);
    spec.given(claimed).when({ type: 'CompleteCase', data: { outcome: 'refused', decision: '不予许可', staffId: 'h1', staff: onRoster('h1') } }, at(LATER))
      .thenMatch([{ type: 'StepCompleted', data: { opinion: 'disagree', reasons: '不予许可' } }, { type: 'CaseCompleted', data: { outcome: 'refused' } }, {}, {}]);
    spec.given(claimed).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 'h1', opinion: 'agree', reasons: null, staff: { staffId: 'h1', departmentId: 'scjg', itemCodes: [] } }), at(LATER))
      .thenThrows('CASE.STAFF_NOT_AUTHORIZED');
    spec.given(claimed).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 'h1', opinion: 'agree', reasons: null, decision: '准予许可' }), at(LATER))
      .thenThrows('CASE.STAFF_NOT_ON_ROSTER');
  });

  it('is delegated by the approver, and the delegate decides', () => {
    const given = atDecision();
    const delegated = spec.given(given).when(stepCommand('DelegateStep', { stepId: 'decision', staffId: 'h1', to: 's9', reason: '出差', toStaff: onRoster('s9') }), at(LATER))
      .then([{ type: 'StepDelegated', data: { at: LATER, stepId: 'decision', staffId: 'h1', to: 's9', reason: '出差' } }]);
    spec.given([...given, ...delegated]).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 's9', opinion: 'agree', reasons: null, staff: onRoster('s9') }), at(LATER))
      .thenMatch([{ type: 'StepCompleted' }, { type: 'CaseCompleted' }, {}, {}]);
    spec.given([...given, ...delegated]).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 's9', opinion: 'agree', reasons: null, staff: null }), at(LATER))
      .thenThrows('CASE.STAFF_NOT_ON_ROSTER');
    // Who comes to hold the decision is asked about when they take it: a delegate, a colleague handed it, a claimant.
    spec.given(given).when(stepCommand('DelegateStep', { stepId: 'decision', staffId: 'h1', to: 's8', reason: '出差', toStaff: null }), at(LATER))
      .thenThrows('CASE.STAFF_NOT_ON_ROSTER');
    spec.given(given).when(stepCommand('DelegateStep', { stepId: 'decision', staffId: 'h1', to: 's8', reason: '出差', toStaff: { ...onRoster('s8'), itemCodes: [] } }), at(LATER))
      .thenThrows('CASE.STAFF_NOT_AUTHORIZED');
    spec.given([...given, ...delegated]).when(stepCommand('TransferStep', { stepId: 'decision', staffId: 's9', to: { staffId: 's8' }, reason: '回避', toStaff: null }), at(LATER))
      .thenThrows('CASE.STAFF_NOT_ON_ROSTER');
    spec.given(given).when(stepCommand('ClaimStep', { stepId: 'decision', staffId: 'h2' }), at(LATER)).thenThrows('CASE.STAFF_NOT_ON_ROSTER');
    spec.given(given).when(stepCommand('ClaimStep', { stepId: 'decision', staffId: 'h2', legacy: true }), at(LATER)).thenMatch([{ type: 'StepClaimed' }]);
    // A legacy history's decider is not judged against today's roster (the import).
    spec.given([...given, ...delegated]).when(stepCommand('CompleteStep', { stepId: 'decision', staffId: 's9', opinion: 'agree', reasons: null, legacy: true }), at(LATER))
      .thenMatch([{ type: 'StepCompleted' }, { type: 'CaseCompleted' }, {}, {}]);
    spec.given(claimedReview()).when(stepCommand('DelegateStep', { stepId: 'review', staffId: 'r1', to: 's9', reason: 'x' }), at(LATER)).thenThrows('STEP.NOT_A_DECISION');
  });

  it('is returned to an earlier step, which goes back to who did it', () => {
    const given = atDecision();
    const claimed = given.concat(decideCase(stepCommand('ClaimStep', { stepId: 'decision', staffId: 'h1', staff: onRoster('h1') }), given.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(claimed).when(stepCommand('ReturnStep', { stepId: 'decision', staffId: 'h1', toStepId: 'review', reason: '现场核查意见不全' }), at(LATER)).thenMatch([
      { type: 'StepReturned', data: { stepId: 'decision', toStepId: 'review', reason: '现场核查意见不全' } },
      { type: 'StepStarted', data: { stepId: 'review', index: 1 } },
      { type: 'StepAssigned', data: { to: { staffId: 'r1' } } },
    ]);
    spec.given(claimed).when(stepCommand('ReturnStep', { stepId: 'decision', staffId: 'h1', toStepId: 'delivery', reason: 'x' }), at(LATER))
      .thenThrows('STEP.RETURN_NOT_EARLIER');
  });

  it('is transferred to another person or pool by its holder', () => {
    spec.given(claimedReview()).when(stepCommand('TransferStep', { stepId: 'review', staffId: 'r1', to: { staffId: 'r2' }, reason: '回避' }), at(LATER))
      .then([{ type: 'StepTransferred', data: { at: LATER, stepId: 'review', staffId: 'r1', to: { staffId: 'r2' }, reason: '回避' } }]);
    spec.given(claimedReview()).when(stepCommand('TransferStep', { stepId: 'review', staffId: 'r2', to: { staffId: 'r3' }, reason: 'x' }), at(LATER))
      .thenThrows('STEP.NOT_HOLDER');
  });

  it('moves the step’s due time with the case’s suspended days, and ends the step when the case is withdrawn', () => {
    const suspended = history([receive(), ACCEPTED], [{ type: 'SuspendClock', data: { reason: 'hearing', note: null } }, LATER]);
    spec.given(suspended).when({ type: 'ResumeClock', data: {} }, at('2026-10-09T02:00:00.000Z')).thenMatch([
      { type: 'ClockResumed', data: { suspendedWorkingDays: 1 } },
      { type: 'StepRescheduled', data: { stepId: 'review', suspendedWorkingDays: 1, dueDate: '2026-10-12' } },
    ]);
    spec.given(received()).when({ type: 'WithdrawCase', data: { reason: '申请人撤回' } }, at(LATER)).thenMatch([
      { type: 'CaseWithdrawn' }, { type: 'StepCancelled', data: { stepId: 'review', reason: '申请人撤回' } },
    ]);
  });

  it('takes no step commands on a case without steps, which behaves as before', () => {
    const plain = history([receive({ item: { status: 'published', current: { ...item, steps: undefined } } }), ACCEPTED]);
    expect(plain.map((e) => e.type)).toEqual(['CaseReceived']);
    spec.given(plain).when(stepCommand('ClaimStep', { stepId: 'review', staffId: 'r1' }), at(LATER)).thenThrows('STEP.NO_STEP_IN_PROGRESS');
    spec.given(plain).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: 'ok' } }, at(LATER)).thenMatch([{ type: 'CaseCompleted' }]);
  });

  it('warns at the start of the step’s due date and records its overrun once, with who held it', () => {
    const given = claimedReview();
    const review = { stepId: 'review', dueAt: '2026-10-10T15:59:59.999Z' };
    spec.given(given).when({ type: 'RecordStepWarning', data: review }, at('2026-10-09T02:00:00.000Z')).then([]);
    const warned = spec.given(given).when({ type: 'RecordStepWarning', data: review }, at('2026-10-10T01:00:00.000Z')).then([{
      type: 'StepWarned',
      data: { at: '2026-10-10T01:00:00.000Z', stepId: 'review', dueDate: '2026-10-10', dueAt: review.dueAt, warnAt: '2026-10-09T16:00:00.000Z', holder: 'r1', departmentId: 'scjg' },
    }]);
    spec.given([...given, ...warned]).when({ type: 'RecordStepWarning', data: review }, at('2026-10-10T02:00:00.000Z')).then([]);
    spec.given(given).when({ type: 'RecordStepOverrun', data: review }, at('2026-10-10T15:00:00.000Z')).then([]);
    const overran = spec.given(given).when({ type: 'RecordStepOverrun', data: review }, at('2026-10-12T01:00:00.000Z')).thenMatch([{
      type: 'StepOverran', data: { stepId: 'review', dueDate: '2026-10-10', holder: 'r1', departmentId: 'scjg' },
    }]);
    spec.given([...given, ...overran]).when({ type: 'RecordStepOverrun', data: review }, at('2026-10-12T02:00:00.000Z')).then([]);
    spec.given(given).when({ type: 'RecordStepOverrun', data: { ...review, dueAt: 'another' } }, at('2026-10-12T01:00:00.000Z')).then([]);
    spec.given([...given, ...overran]).when(stepCommand('CompleteStep', { stepId: 'review', staffId: 'r1', opinion: 'agree', reasons: null }), at('2026-10-13T02:00:00.000Z'))
      .thenMatch([{ type: 'StepCompleted', data: { staffId: 'r1', late: true, workingDaysLate: 2 } }, {}, {}]);
  });

  it('moves the step’s due time when a corrected calendar moves the case’s, and only then', () => {
    const corrected = calendar.withYear({ year: 2026, holidays: ['2026-10-01', '2026-10-02', '2026-10-09'], workdays: [] });
    // Review: 3 working days from 09-30 on the corrected calendar: 10-05, 06, 07.
    spec.given(received()).when({ type: 'RescheduleDeadline', data: { calendarYear: 2026 } }, { now: '2026-09-30T05:00:00.000Z', calendar: corrected })
      .thenMatch([{ type: 'DeadlineRescheduled' }, { type: 'StepRescheduled', data: { stepId: 'review', suspendedWorkingDays: 0, dueDate: '2026-10-07' } }]);
    spec.given(received()).when({ type: 'RescheduleDeadline', data: { calendarYear: 2026 } }, at('2026-09-30T05:00:00.000Z')).then([]);
  });
});
