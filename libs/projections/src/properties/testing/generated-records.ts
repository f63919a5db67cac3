import {
  CalendarYear, CaseCommand, CaseEvent, CaseRecord, CaseState, chineseDaysCalendarYears, decideCase, evolveCase, initialCaseState, ItemVersion,
  RATING_LEVELS, RuleViolation, shanghaiDateOf, WorkingCalendar,
} from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import type { StoredEvent } from '@gov/event-store';
import fc from 'fast-check';

/**
 * Generated records for the property tests (issue 23): case histories decided by the real decider
 * in time order across every case, with calendar corrections on the way (each rescheduling the open
 * cases, as the watcher does), special handling, §42 extensions, suspensions across period ends,
 * late completions and ratings, and imported cases — recorded in the log after everything else,
 * with their own past times.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-04-01T00:30:00.000Z');
const FEE = { feeCode: 'F-1', amountFen: 8000 };
const feeCatalog = { entries: new Map([['F-1', { code: 'F-1', name: '登记费', basis: 'x', level: 'national' as const, standardAmountFen: 8000 }]]) };

const item = (departmentId: string, suffix: string, terms: Partial<ItemVersion>): ItemVersion => ({
  code: `${departmentId.toUpperCase()}-${suffix}`, version: 1, name: `${departmentId} ${suffix}`, departmentId, category: 'promised', legalBasis: 'x',
  materials: [], procedure: [], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [], ...terms,
});
const DEPARTMENTS = [
  { id: 'zrzy', window: 'w-zrzy', subCenter: null },
  { id: 'scjg', window: 'w-scjg', subCenter: 'sc-scjg' },
] as const;
const ITEMS = (departmentId: string) => [
  item(departmentId, 'P', { fees: [FEE] }),
  item(departmentId, 'S', { legalLimitDays: 30, promisedLimitDays: 10, specialProcedures: ['site-inspection'] }),
  item(departmentId, 'L', { legalLimitDays: 20, promisedLimitDays: 8 }),
  item(departmentId, 'I', { category: 'immediate', legalLimitDays: 5, promisedLimitDays: 0 }),
];

const STEP_KINDS = ['suspend', 'resume', 'escalate', 'extend', 'approve', 'refuse', 'withdraw', 'rate', 'not-accept', 'fee'] as const;
type StepKind = (typeof STEP_KINDS)[number];

export interface CaseScript {
  readonly department: number;
  readonly item: number;
  readonly channel: 'window' | 'online' | 'sub-center';
  readonly receivedAfterHours: number;
  readonly steps: readonly { readonly kind: StepKind; readonly afterHours: number; readonly n: number }[];
  readonly imported: boolean;
}

export interface CalendarCorrection {
  /** Hours after the start when the correction is published. */
  readonly afterHours: number;
  /** Days after the start made holidays (or, when a weekend day, a make-up working day). */
  readonly days: readonly number[];
}

export interface RecordScript {
  readonly cases: readonly CaseScript[];
  readonly corrections: readonly CalendarCorrection[];
}

/** Steps that keep a case open come more often than those that end it, so clocks stop and start across period ends. */
const stepKinds = fc.oneof(
  { arbitrary: fc.constantFrom<StepKind>('suspend', 'resume'), weight: 6 },
  { arbitrary: fc.constantFrom<StepKind>('escalate', 'extend', 'fee', 'rate'), weight: 4 },
  { arbitrary: fc.constantFrom<StepKind>('approve', 'refuse', 'withdraw', 'not-accept'), weight: 2 },
);

export const recordScripts = (maxCases: number): fc.Arbitrary<RecordScript> => fc.record({
  cases: fc.array(fc.record({
    department: fc.integer({ min: 0, max: 1 }),
    item: fc.integer({ min: 0, max: 3 }),
    channel: fc.constantFrom('window' as const, 'online' as const, 'sub-center' as const),
    receivedAfterHours: fc.integer({ min: 0, max: 40 * 24 }),
    steps: fc.array(fc.record({ kind: stepKinds, afterHours: fc.integer({ min: 1, max: 12 * 24 }), n: fc.integer({ min: 0, max: 4 }) }),
      { maxLength: 8 }),
    imported: fc.boolean(),
  }), { minLength: 1, maxLength: maxCases }),
  corrections: fc.array(fc.record({
    afterHours: fc.integer({ min: 0, max: 50 * 24 }),
    days: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 3 }),
  }), { maxLength: 2 }),
});

export interface GeneratedRecord {
  /** Every case's events in its own order. */
  readonly histories: ReadonlyMap<string, readonly CaseEvent[]>;
  /** The log as the store holds it: in time order, imported cases appended after everything else. */
  readonly log: readonly StoredEvent[];
  /** The calendar at the end (corrections applied). */
  readonly calendar: WorkingCalendar;
}

type Action = { at: number; order: number; run: () => void };

/** Decides the scripts in time order with the real decider; a command the rules refuse is left out, as the API would answer it. */
export function recordFrom(script: RecordScript): GeneratedRecord {
  let years: CalendarYear[] = chineseDaysCalendarYears();
  let calendar = new WorkingCalendar(years);
  const histories = new Map<string, CaseEvent[]>();
  const imported = new Set<string>();
  const stamped: { caseNo: string; event: CaseEvent; order: number }[] = [];
  const actions: Action[] = [];
  let order = 0;

  const decide = (caseNo: string, command: CaseCommand, at: number) => {
    const events = histories.get(caseNo) ?? [];
    const state = events.reduce<CaseState>(evolveCase, initialCaseState());
    try {
      const decided = decideCase(command, state, { now: new Date(at).toISOString(), calendar });
      for (const event of decided) {
        events.push(event);
        stamped.push({ caseNo, event, order: order++ });
      }
      histories.set(caseNo, events);
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
    }
  };

  script.cases.forEach((c, n) => {
    const department = DEPARTMENTS[c.department];
    const caseItem = ITEMS(department.id)[c.item];
    const channel = c.channel === 'sub-center' && !department.subCenter ? 'window' : c.channel;
    let t = START + c.receivedAfterHours * HOUR;
    const caseNo = `${department.id.toUpperCase()}-${shanghaiDateOf(new Date(t).toISOString()).replace(/-/g, '')}-${String(n).padStart(5, '0')}`;
    if (c.imported) imported.add(caseNo);
    const receivedAt = t;
    actions.push({ at: receivedAt, order: actions.length, run: () => decide(caseNo, { type: 'ReceiveCase', data: { caseNo, itemCode: caseItem.code,
      item: { status: 'published', current: caseItem }, applicant: sealedApplicant(`申请人${n}`), channel,
      windowId: channel === 'window' ? department.window : null,
      window: channel === 'window' ? { id: department.window, name: department.window, departmentId: department.id, comprehensive: false } : null,
      subCenterId: channel === 'sub-center' ? department.subCenter : null,
      subCenter: channel === 'sub-center' && department.subCenter ? { id: department.subCenter, name: department.subCenter, departmentId: department.id } : null,
      staffId: null, materials: [] } }, receivedAt) });
    for (const step of c.steps) {
      t += step.afterHours * HOUR;
      const at = t;
      actions.push({ at, order: actions.length, run: () => { for (const command of commandsOf(step.kind, step.n)) decide(caseNo, command, at); } });
    }
  });
  for (const correction of script.corrections) {
    actions.push({ at: START + correction.afterHours * HOUR, order: actions.length, run: () => {
      const year = years.find((y) => y.year === 2026) as CalendarYear;
      const days = correction.days.map((d) => shanghaiDateOf(new Date(START + d * DAY).toISOString()));
      const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
      const corrected: CalendarYear = {
        year: 2026,
        holidays: [...new Set([...year.holidays, ...days.filter((d) => !weekend(d))])].filter((d) => !days.filter(weekend).includes(d)),
        workdays: [...new Set([...year.workdays.filter((d) => !days.includes(d)), ...days.filter(weekend)])],
      };
      years = [...years.filter((y) => y.year !== 2026), corrected];
      calendar = new WorkingCalendar(years);
      const at = START + correction.afterHours * HOUR;
      for (const [caseNo, events] of histories) {
        const state = events.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord;
        if (state.status === 'open' && Date.parse(state.lastEventAt) <= at) decide(caseNo, { type: 'RescheduleDeadline', data: { calendarYear: 2026 } }, at);
      }
    } });
  }
  actions.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const action of actions) action.run();

  const inTime = stamped.filter((s) => !imported.has(s.caseNo));
  const later = stamped.filter((s) => imported.has(s.caseNo));
  const revisions = new Map<string, number>();
  const log = [...inTime, ...later].map(({ caseNo, event }, index) => {
    const revision = revisions.get(caseNo) ?? 0;
    revisions.set(caseNo, revision + 1);
    return {
      id: `${caseNo}-${revision}`, type: event.type, schemaVersion: 1, data: event.data, streamId: `case-${caseNo}`, revision, position: index + 1,
      recordedAt: event.data.at, metadata: { occurredAt: event.data.at, correlationId: 'c', causationId: null, actor: { id: 'a', role: 'r' } },
    } as StoredEvent;
  });
  return { histories, log, calendar };
}

function commandsOf(kind: StepKind, n: number): CaseCommand[] {
  switch (kind) {
    case 'suspend': return [{ type: 'SuspendClock', data: { reason: n % 2 === 0 ? 'site-inspection' : 'hearing', note: null } }];
    case 'resume': return [{ type: 'ResumeClock', data: {} }];
    case 'escalate': return [{ type: 'EscalateCase', data: { limitDays: n, approver: '主任', reason: '重大项目' } }];
    case 'extend': return [{ type: 'ExtendTimeLimit', data: { approver: '局长', reason: '需要现场核查' } }];
    case 'approve': return [{ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予' } }];
    case 'refuse': return [{ type: 'CompleteCase', data: { outcome: 'refused', decision: '不予' } }];
    case 'withdraw': return [{ type: 'WithdrawCase', data: { reason: '撤回' } }];
    case 'rate': return [{ type: 'RateCase', data: { level: RATING_LEVELS[n % RATING_LEVELS.length], comment: null } }];
    case 'not-accept': return [{ type: 'NotAcceptCase', data: { reason: '材料不符' } }];
    case 'fee': return [{ type: 'AssessFee', data: { fees: [FEE], feeCatalog } }, { type: 'PayFee', data: { amountFen: FEE.amountFen, method: 'bank-transfer', bankReceiptNo: `B-${n}` } }];
  }
}
