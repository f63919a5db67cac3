import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { FeeCatalogState, ItemVersion } from '../catalog';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { CaseCommand, ReceiveCase } from './case.commands';
import { decideCase } from './case.decider';
import { CaseEvent } from './case.events';
import { evolveCase, initialCaseState } from './case.evolve';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });
const at = (instant: string) => ({ now: instant, calendar });

const promisedItem: ItemVersion = {
  code: 'SCJG-001', version: 2, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '食品安全法',
  materials: ['申请书'], procedure: ['受理', '审查', '决定'], legalLimitDays: 20, promisedLimitDays: 5,
  specialProcedures: [], fees: [{ feeCode: 'F-001', amountFen: 5000 }],
};
const immediateItem: ItemVersion = { ...promisedItem, code: 'SCJG-002', category: 'immediate', promisedLimitDays: 0, fees: [] };
const window = { id: 'w1', name: '市场监管窗口', departmentId: 'scjg', comprehensive: true };
const feeCatalog: FeeCatalogState = {
  entries: new Map([['F-001', { code: 'F-001', name: '登记费', basis: '国家收费目录', level: 'national' as const, standardAmountFen: 5000 }]]),
};

function receiveCommand(item: ItemVersion = promisedItem, overrides: Partial<ReceiveCase['data']> = {}): ReceiveCase {
  return {
    type: 'ReceiveCase',
    data: {
      caseNo: 'SCJG-20260930-00001', itemCode: item.code, item: { status: 'published', current: item },
      applicant: sealedApplicant('张三'), channel: 'window', windowId: 'w1', window, subCenterId: null,
      subCenter: null, staffId: 's1', materials: ['申请书'], ...overrides,
    },
  };
}

/** Runs commands in order from an empty case and returns every event: the "given" of a spec. */
function history(...steps: [CaseCommand, string][]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const [command, instant] of steps) {
    events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), at(instant)));
  }
  return events;
}

// 2026-09-30 10:00 Shanghai, the day before the National Day week.
const ACCEPTED = '2026-09-30T02:00:00.000Z';
const received = () => history([receiveCommand(), ACCEPTED]);

describe('receiving a case', () => {
  it('is due at the end of the 5th working day after acceptance, holidays skipped', () => {
    spec.given([]).when(receiveCommand(), at(ACCEPTED)).thenMatch([{
      type: 'CaseReceived',
      data: { caseNo: 'SCJG-20260930-00001', acceptedDate: '2026-09-30', limitDays: 5, dueDate: '2026-10-13',
        dueAt: '2026-10-13T15:59:59.999Z', item: promisedItem, windowId: 'w1', subCenterId: null },
    }]);
  });

  it('makes an immediate case due the same day, or the next working day online on a rest day', () => {
    spec.given([]).when(receiveCommand(immediateItem), at(ACCEPTED)).thenMatch([{ data: { dueDate: '2026-09-30' } }]);
    spec.given([]).when(receiveCommand(immediateItem, { channel: 'online', window: null, windowId: null }), at('2026-10-03T02:00:00.000Z'))
      .thenMatch([{ data: { dueDate: '2026-10-08', windowId: null } }]);
  });

  it('records the queue ticket the applicant was called with, and nothing when there was none', () => {
    spec.given([]).when(receiveCommand(promisedItem, { ticketId: '20260930-A001' }), at(ACCEPTED)).thenMatch([{ data: { ticketId: '20260930-A001' } }]);
    expect(decideCase(receiveCommand(), initialCaseState(), at(ACCEPTED))[0].data).not.toHaveProperty('ticketId');
  });

  it('refuses a second receipt under the same number, withdrawn items and foreign windows', () => {
    spec.given(received()).when(receiveCommand(), at(ACCEPTED)).thenThrows('CASE.ALREADY_EXISTS');
    spec.given([]).when(receiveCommand(promisedItem, { item: { status: 'withdrawn', current: promisedItem } }), at(ACCEPTED))
      .thenThrows('CASE.ITEM_WITHDRAWN');
    spec.given([]).when(receiveCommand(promisedItem, { window: { ...window, departmentId: 'ga' } }), at(ACCEPTED)).thenThrows('CASE.WRONG_WINDOW');
    spec.given([]).when(receiveCommand(promisedItem, { window: null }), at(ACCEPTED)).thenThrows('CASE.UNKNOWN_WINDOW');
    spec.given([]).when(receiveCommand(promisedItem, { channel: 'sub-center', subCenterId: 'x' }), at(ACCEPTED)).thenThrows('CASE.UNKNOWN_SUB_CENTER');
  });
});

describe('the clock', () => {
  it('lists missing materials once, all at once, and stops the clock', () => {
    spec.given(received()).when({ type: 'RequestMaterials', data: { materials: ['营业执照'], note: null } }, at('2026-09-30T03:00:00.000Z'))
      .then([
        { type: 'MaterialsRequested', data: { at: '2026-09-30T03:00:00.000Z', materials: ['营业执照'], note: null } },
        { type: 'ClockSuspended', data: { at: '2026-09-30T03:00:00.000Z', reason: 'supplement', note: null } },
      ]);
    const requestedAndSupplied = history(
      [receiveCommand(), ACCEPTED],
      [{ type: 'RequestMaterials', data: { materials: ['营业执照'], note: null } }, '2026-09-30T03:00:00.000Z'],
      [{ type: 'SupplyMaterials', data: { materials: ['营业执照'] } }, '2026-10-08T03:00:00.000Z'],
    );
    spec.given(requestedAndSupplied).when({ type: 'RequestMaterials', data: { materials: ['x'], note: null } }, at('2026-10-09T03:00:00.000Z'))
      .thenThrows('CASE.MATERIALS_ALREADY_REQUESTED');
  });

  it('adds the suspended working days to the limit when it resumes, across the holiday and the make-up Saturday', () => {
    // Suspended 09-30, resumed 10-10 (make-up Saturday): working days in (09-30, 10-10] are 10-08, 10-09, 10-10.
    const suspended = history(
      [receiveCommand(), ACCEPTED],
      [{ type: 'SuspendClock', data: { reason: 'site-inspection', note: '现场勘查' } }, '2026-09-30T05:00:00.000Z'],
    );
    spec.given(suspended).when({ type: 'ResumeClock', data: {} }, at('2026-10-10T02:00:00.000Z')).then([{
      type: 'ClockResumed',
      data: { at: '2026-10-10T02:00:00.000Z', reason: 'site-inspection', suspendedWorkingDays: 3, dueDate: '2026-10-16', dueAt: '2026-10-16T15:59:59.999Z',
        warnAt: '2026-10-15T16:00:00.000Z', fifthWorkingDayEndsAt: '2026-10-16T15:59:59.999Z' },
    }]);
  });

  it('refuses resuming a running clock, suspending twice and supplying without a request', () => {
    spec.given(received()).when({ type: 'ResumeClock', data: {} }, at(ACCEPTED)).thenThrows('CASE.CLOCK_NOT_SUSPENDED');
    const suspended = history([receiveCommand(), ACCEPTED], [{ type: 'SuspendClock', data: { reason: 'hearing', note: null } }, ACCEPTED]);
    spec.given(suspended).when({ type: 'SuspendClock', data: { reason: 'testing', note: null } }, at(ACCEPTED)).thenThrows('CASE.CLOCK_SUSPENDED');
    spec.given(suspended).when({ type: 'SupplyMaterials', data: { materials: [] } }, at(ACCEPTED)).thenThrows('CASE.NO_MATERIALS_REQUESTED');
    spec.given(suspended).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: 'ok' } }, at(ACCEPTED)).thenThrows('CASE.CLOCK_SUSPENDED');
  });
});

describe('special handling (特事特办)', () => {
  it('shortens the deadline and records the approver', () => {
    spec.given(received()).when({ type: 'EscalateCase', data: { limitDays: 2, approver: '县长', reason: '重大项目' } }, at('2026-09-30T03:00:00.000Z'))
      .then([{ type: 'CaseEscalated', data: { at: '2026-09-30T03:00:00.000Z', limitDays: 2, approver: '县长', reason: '重大项目', dueDate: '2026-10-09', dueAt: '2026-10-09T15:59:59.999Z', warnAt: '2026-10-08T16:00:00.000Z',
        countedFrom: '2026-09-30', limitDaysFromAcceptance: 2 } }]);
  });

  it('counts the granted limit from the day it is granted, so a grant never makes the case overdue at once', () => {
    // Due 10-13 (10-08, 09, 10 make-up Saturday, 12, 13); 1 day granted on 10-10: due 10-12, not 10-08 (one day from acceptance).
    const [granted] = spec.given(received()).when({ type: 'EscalateCase', data: { limitDays: 1, approver: '县长', reason: '重大项目' } }, at('2026-10-10T02:00:00.000Z'))
      .thenMatch([{ type: 'CaseEscalated', data: { dueDate: '2026-10-12', countedFrom: '2026-10-10', limitDaysFromAcceptance: 4 } }]);
    expect(Date.parse(granted.data.at)).toBeLessThan(Date.parse((granted.data as { dueAt: string }).dueAt));
    // Granted while the clock stands (suspended 10-09): counted from the day it stopped, and a resumption adds the days it stood.
    const suspended = history([receiveCommand(), ACCEPTED], [{ type: 'SuspendClock', data: { reason: 'testing', note: null } }, '2026-10-09T02:00:00.000Z']);
    const escalated = spec.given(suspended).when({ type: 'EscalateCase', data: { limitDays: 1, approver: '县长', reason: '重大项目' } }, at('2026-10-12T02:00:00.000Z'))
      .thenMatch([{ type: 'CaseEscalated', data: { dueDate: '2026-10-10', countedFrom: '2026-10-09', limitDaysFromAcceptance: 3 } }]);
    spec.given([...suspended, ...escalated]).when({ type: 'ResumeClock', data: {} }, at('2026-10-13T02:00:00.000Z'))
      .thenMatch([{ type: 'ClockResumed', data: { suspendedWorkingDays: 3, dueDate: '2026-10-14' } }]);
    // A limit that would end on or after the current due date is no special handling.
    spec.given(received()).when({ type: 'EscalateCase', data: { limitDays: 1, approver: 'a', reason: 'r' } }, at('2026-10-12T02:00:00.000Z'))
      .thenThrows('CASE.SPECIAL_LIMIT_NOT_SHORTER');
  });

  it('must bring the due date forward and is granted once', () => {
    spec.given(received()).when({ type: 'EscalateCase', data: { limitDays: 5, approver: 'a', reason: 'r' } }, at(ACCEPTED)).thenThrows('CASE.SPECIAL_LIMIT_NOT_SHORTER');
    const escalated = history([receiveCommand(), ACCEPTED], [{ type: 'EscalateCase', data: { limitDays: 2, approver: 'a', reason: 'r' } }, ACCEPTED]);
    spec.given(escalated).when({ type: 'EscalateCase', data: { limitDays: 1, approver: 'a', reason: 'r' } }, at(ACCEPTED)).thenThrows('CASE.ALREADY_SPECIAL');
  });
});

describe('fees through the bank', () => {
  const assess = { type: 'AssessFee' as const, data: { fees: [{ feeCode: 'F-001', amountFen: 5000 }], feeCatalog } };
  const assessed = () => history([receiveCommand(), ACCEPTED], [assess, ACCEPTED]);

  it('assesses catalog fees at the standard amount', () => {
    spec.given(received()).when(assess, at(ACCEPTED)).then([{ type: 'FeeAssessed', data: { at: ACCEPTED, fees: [{ feeCode: 'F-001', amountFen: 5000 }], totalFen: 5000 } }]);
  });

  it('refuses fees off the catalog, above the standard, undeclared on the item, or assessed twice', () => {
    spec.given(received()).when({ ...assess, data: { ...assess.data, fees: [{ feeCode: 'F-001', amountFen: 6000 }] } }, at(ACCEPTED)).thenThrows('FEE.NOT_STANDARD_AMOUNT');
    spec.given(received()).when({ ...assess, data: { ...assess.data, feeCatalog: { entries: new Map() } } }, at(ACCEPTED)).thenThrows('FEE.NOT_IN_CATALOG');
    spec.given(received()).when({ ...assess, data: { ...assess.data, fees: [{ feeCode: 'F-999', amountFen: 1 }] } }, at(ACCEPTED)).thenThrows('FEE.NOT_ON_ITEM');
    spec.given(assessed()).when(assess, at(ACCEPTED)).thenThrows('CASE.FEE_ALREADY_ASSESSED');
  });

  it('takes payment at the bank, never in cash, for exactly the assessed amount, once', () => {
    const pay = (method: 'bank-counter' | 'cash', amountFen = 5000) => ({ type: 'PayFee' as const, data: { method, amountFen, bankReceiptNo: 'B-1' } });
    spec.given(assessed()).when(pay('bank-counter'), at(ACCEPTED)).then([{ type: 'FeePaid', data: { at: ACCEPTED, amountFen: 5000, method: 'bank-counter', bankReceiptNo: 'B-1' } }]);
    spec.given(assessed()).when(pay('cash'), at(ACCEPTED)).thenThrows('FEE.CASH_REFUSED');
    spec.given(assessed()).when(pay('bank-counter', 4000), at(ACCEPTED)).thenThrows('FEE.AMOUNT_MISMATCH');
    spec.given(received()).when(pay('bank-counter'), at(ACCEPTED)).thenThrows('CASE.NO_FEE_ASSESSED');
    const paid = history([receiveCommand(), ACCEPTED], [assess, ACCEPTED], [pay('bank-counter'), ACCEPTED]);
    spec.given(paid).when(pay('bank-counter'), at(ACCEPTED)).thenThrows('CASE.FEE_ALREADY_PAID');
  });

  it('refuses approval while the fee is unpaid, but allows a refusal', () => {
    spec.given(assessed()).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, at(ACCEPTED)).thenThrows('CASE.FEES_UNPAID');
    spec.given(assessed()).when({ type: 'CompleteCase', data: { outcome: 'refused', decision: '不予许可：条件不符' } }, at(ACCEPTED))
      .thenMatch([{ type: 'CaseCompleted', data: { outcome: 'refused' } }]);
  });
});

describe('completing a case', () => {
  const complete: CaseCommand = { type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } };

  it('is early before the due date, counting working days without the acceptance day', () => {
    spec.given(received()).when(complete, at('2026-10-09T08:00:00.000Z')).then([{
      type: 'CaseCompleted',
      data: { at: '2026-10-09T08:00:00.000Z', outcome: 'approved', decision: '准予许可', completedDate: '2026-10-09', dueDate: '2026-10-13',
        workingDaysTaken: 2, early: true, late: false, workingDaysLate: 0 },
    }]);
  });

  it('is late after the due time and says by how many working days', () => {
    spec.given(received()).when(complete, at('2026-10-15T02:00:00.000Z'))
      .thenMatch([{ data: { early: false, late: true, workingDaysLate: 2, workingDaysTaken: 7 } }]);
  });

  it('does not charge suspended working days to the department', () => {
    const suspendedAndResumed = history(
      [receiveCommand(), ACCEPTED],
      [{ type: 'SuspendClock', data: { reason: 'testing', note: null } }, '2026-10-08T02:00:00.000Z'],
      [{ type: 'ResumeClock', data: {} }, '2026-10-12T02:00:00.000Z'],
    );
    // (09-30, 10-14] holds 10-08, 09, 10, 12, 13, 14 = 6 working days; 3 of them (10-09, 10-10, 10-12) were suspended.
    spec.given(suspendedAndResumed).when(complete, at('2026-10-14T02:00:00.000Z'))
      .thenMatch([{ data: { workingDaysTaken: 3, dueDate: '2026-10-16', early: true, late: false } }]);
  });

  it('is final: completing twice, withdrawing or acting after completion is refused', () => {
    const completed = history([receiveCommand(), ACCEPTED], [complete, '2026-10-09T08:00:00.000Z']);
    spec.given(completed).when(complete, at('2026-10-09T09:00:00.000Z')).thenThrows('CASE.ALREADY_COMPLETED');
    spec.given(completed).when({ type: 'WithdrawCase', data: { reason: 'x' } }, at('2026-10-09T09:00:00.000Z')).thenThrows('CASE.ALREADY_COMPLETED');
    const withdrawn = history([receiveCommand(), ACCEPTED], [{ type: 'WithdrawCase', data: { reason: '申请人撤回' } }, ACCEPTED]);
    spec.given(withdrawn).when(complete, at(ACCEPTED)).thenThrows('CASE.CLOSED');
    const refused = history([receiveCommand(), ACCEPTED], [{ type: 'NotAcceptCase', data: { reason: '不属于本机关职权' } }, ACCEPTED]);
    spec.given(refused).when({ type: 'SuspendClock', data: { reason: 'hearing', note: null } }, at(ACCEPTED)).thenThrows('CASE.CLOSED');
  });

  it('refuses a command dated before the case\'s last event', () => {
    spec.given(received()).when(complete, at('2026-09-29T02:00:00.000Z')).thenThrows('CASE.TIME_BEFORE_LAST_EVENT');
  });

  it('refuses any step on a case that does not exist', () => {
    spec.given([]).when(complete, at(ACCEPTED)).thenThrows('CASE.NOT_FOUND');
  });
});

describe('rating (好差评)', () => {
  const rate: CaseCommand = { type: 'RateCase', data: { level: 'satisfied', comment: null } };

  it('rates a completed case once', () => {
    const completed = history([receiveCommand(), ACCEPTED], [{ type: 'CompleteCase', data: { outcome: 'approved', decision: 'ok' } }, ACCEPTED]);
    spec.given(completed).when(rate, at(ACCEPTED)).then([{ type: 'CaseRated', data: { at: ACCEPTED, level: 'satisfied', comment: null } }]);
    const rated = history([receiveCommand(), ACCEPTED], [{ type: 'CompleteCase', data: { outcome: 'approved', decision: 'ok' } }, ACCEPTED], [rate, ACCEPTED]);
    spec.given(rated).when(rate, at(ACCEPTED)).thenThrows('CASE.ALREADY_RATED');
  });

  it('refuses rating an open case', () => {
    spec.given(received()).when(rate, at(ACCEPTED)).thenThrows('CASE.NOT_COMPLETED');
  });
});

describe('deadline supervision (the watcher\'s commands)', () => {
  // Received 09-30, due 10-13 (end of day); the yellow card falls at the start of 10-13.
  const DUE_AT = '2026-10-13T15:59:59.999Z';
  const warn: CaseCommand = { type: 'RecordWarning', data: { dueAt: DUE_AT } };
  const overdue: CaseCommand = { type: 'RecordOverdue', data: { dueAt: DUE_AT } };

  it('gives a yellow card once the last working day starts, and only once per due time', () => {
    expect(received()[0].data).toMatchObject({ warnAt: '2026-10-12T16:00:00.000Z', materialsNoticeBy: '2026-10-13T15:59:59.999Z' });
    spec.given(received()).when(warn, at('2026-10-12T15:59:59.999Z')).then([]);
    const warned = spec.given(received()).when(warn, at('2026-10-13T01:00:00.000Z'))
      .then([{ type: 'CaseWarned', data: { at: '2026-10-13T01:00:00.000Z', dueDate: '2026-10-13', dueAt: DUE_AT, warnedFor: 'yellow',
        dueSince: '2026-10-12T16:00:00.000Z' } }]);
    spec.given([...received(), ...warned]).when(warn, at('2026-10-13T02:00:00.000Z')).then([]);
  });

  it('after downtime records what was due, dated when it fell due: no yellow card once the red one is due', () => {
    const late = at('2026-10-16T02:00:00.000Z'); // the engine was down from before 10-13 until 10-16
    spec.given(received()).when(warn, late).then([]);
    spec.given(received()).when(overdue, late)
      .then([{ type: 'CaseOverdue', data: { at: '2026-10-16T02:00:00.000Z', dueDate: '2026-10-13', dueAt: DUE_AT, dueSince: '2026-10-13T16:00:00.000Z' } }]);
    // Back during the last working day: the yellow card it missed, dated at the start of that day.
    spec.given(received()).when(warn, at('2026-10-13T15:00:00.000Z')).thenMatch([{ type: 'CaseWarned', data: { dueSince: '2026-10-12T16:00:00.000Z' } }]);
  });

  it('moves the warning point when configured earlier', () => {
    spec.given([]).when(receiveCommand(), { ...at(ACCEPTED), warningWorkingDaysBefore: 1 }).thenMatch([{ data: { warnAt: '2026-10-11T16:00:00.000Z' } }]); // Monday 10-12
  });

  it('never warns an immediate case, which is decided the day it arrives', () => {
    spec.given([]).when(receiveCommand(immediateItem), at(ACCEPTED)).thenMatch([{ data: { warnAt: null } }]);
  });

  it('gives a red card once the due time has passed, once', () => {
    spec.given(received()).when(overdue, at(DUE_AT)).then([]);
    const red = spec.given(received()).when(overdue, at('2026-10-13T16:00:00.000Z'))
      .then([{ type: 'CaseOverdue', data: { at: '2026-10-13T16:00:00.000Z', dueDate: '2026-10-13', dueAt: DUE_AT, dueSince: '2026-10-13T16:00:00.000Z' } }]);
    spec.given([...received(), ...red]).when(overdue, at('2026-10-14T16:00:00.000Z')).then([]);
  });

  it('records nothing for a case completed in time, suspended, or whose due time moved', () => {
    const completed = history([receiveCommand(), ACCEPTED], [{ type: 'CompleteCase', data: { outcome: 'approved', decision: 'ok' } }, '2026-10-09T01:00:00.000Z']);
    spec.given(completed).when(overdue, at('2026-10-20T00:00:00.000Z')).then([]);
    spec.given(completed).when(warn, at('2026-10-20T00:00:00.000Z')).then([]);
    const suspended = history([receiveCommand(), ACCEPTED], [{ type: 'SuspendClock', data: { reason: 'hearing', note: null } }, '2026-10-09T01:00:00.000Z']);
    spec.given(suspended).when(overdue, at('2026-10-20T00:00:00.000Z')).then([]);
    spec.given(received()).when({ type: 'RecordOverdue', data: { dueAt: '2026-10-12T15:59:59.999Z' } }, at('2026-10-20T00:00:00.000Z')).then([]);
  });

  it('reschedules an open case when a corrected calendar moves its due date', () => {
    const corrected = calendar.withYear({ year: 2026, holidays: ['2026-10-01', '2026-10-02', '2026-10-09'], workdays: [] });
    // With 10-09 off and 10-03..07 and 10-10 ordinary days: 10-05, 06, 07, 08, 12 → due 10-12.
    spec.given(received()).when({ type: 'RescheduleDeadline', data: { calendarYear: 2026 } }, { now: '2026-09-30T05:00:00.000Z', calendar: corrected })
      .then([{ type: 'DeadlineRescheduled', data: { at: '2026-09-30T05:00:00.000Z', dueDate: '2026-10-12', dueAt: '2026-10-12T15:59:59.999Z',
        warnAt: '2026-10-11T16:00:00.000Z', calendarYear: 2026, previousDueDate: '2026-10-13', fifthWorkingDayEndsAt: '2026-10-12T15:59:59.999Z' } }]);
    spec.given(received()).when({ type: 'RescheduleDeadline', data: { calendarYear: 2026 } }, at('2026-09-30T05:00:00.000Z')).then([]);
  });

  it('deems the application accepted when no missing materials were listed within 5 working days (§32)', () => {
    const deem: CaseCommand = { type: 'DeemAcceptance', data: {} };
    spec.given(received()).when(deem, at('2026-10-13T15:00:00.000Z')).then([]);
    const deemed = spec.given(received()).when(deem, at('2026-10-13T16:00:00.000Z'))
      .then([{ type: 'AcceptanceDeemed', data: { at: '2026-10-13T16:00:00.000Z', acceptedDate: '2026-09-30', noticeDeadline: '2026-10-13T15:59:59.999Z' } }]);
    spec.given([...received(), ...deemed]).when({ type: 'RequestMaterials', data: { materials: ['x'], note: null } }, at('2026-10-13T17:00:00.000Z'))
      .thenThrows('CASE.MATERIALS_NOTICE_TOO_LATE');
    spec.given(received()).when({ type: 'RequestMaterials', data: { materials: ['x'], note: null } }, at('2026-10-14T01:00:00.000Z'))
      .thenThrows('CASE.MATERIALS_NOTICE_TOO_LATE');
  });
});

describe('a refused fee assessment is recorded (乱收费 attempted)', () => {
  const refusal = (fees: { feeCode: string; amountFen: number }[]) => ({ type: 'RecordFeeRefusal' as const, data: { fees, feeCatalog } });

  it('records a fee not declared on the item, or not at the catalog\'s standard amount, with the rule it broke', () => {
    spec.given(received()).when(refusal([{ feeCode: 'F-COUNTY', amountFen: 2000 }]), at(ACCEPTED)).then([{
      type: 'FeeAssessmentRefused',
      data: { at: ACCEPTED, fees: [{ feeCode: 'F-COUNTY', amountFen: 2000 }], code: 'FEE.NOT_ON_ITEM', rule: 'FeesMustBeDeclaredOnTheItem',
        reason: 'item SCJG-001 (version 2) declares no fee F-COUNTY' },
    }]);
    spec.given(received()).when(refusal([{ feeCode: 'F-001', amountFen: 6000 }]), at(ACCEPTED))
      .thenMatch([{ type: 'FeeAssessmentRefused', data: { code: 'FEE.NOT_STANDARD_AMOUNT', rule: 'FeeMustBeTheStandardAmount' } }]);
  });

  it('records nothing for lawful fees, and nothing on a closed case', () => {
    spec.given(received()).when(refusal([{ feeCode: 'F-001', amountFen: 5000 }]), at(ACCEPTED)).then([]);
    const withdrawn = history([receiveCommand(), ACCEPTED], [{ type: 'WithdrawCase', data: { reason: 'x' } }, ACCEPTED]);
    spec.given(withdrawn).when(refusal([{ feeCode: 'F-COUNTY', amountFen: 1 }]), at(ACCEPTED)).thenThrows('CASE.CLOSED');
  });
});
