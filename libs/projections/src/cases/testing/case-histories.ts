import {
  CaseCommand, CaseEvent, CaseRecord, CaseState, chineseDaysCalendarYears, decideCase, evolveCase, initialCaseState, ItemVersion,
  RATING_LEVELS, shanghaiDateOf, WorkingCalendar,
} from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import type { StoredEvent } from '@gov/event-store';

/**
 * Case histories for tests of the read models, decided by the real decider from a seed: the
 * same histories on every run. Two departments, each with windows (one also a sub-center and
 * the portal), an immediate item, a promised item with a fee and a promised item needing a
 * site inspection; cases refused acceptance, escalated, suspended and resumed, paid (some
 * after 16:00 UTC, the next day in Shanghai), completed early, on their due day or late,
 * withdrawn, left open, rated.
 */
export const calendar = new WorkingCalendar(chineseDaysCalendarYears());

export interface CaseHistory {
  readonly caseNo: string;
  readonly events: readonly CaseEvent[];
}

export interface GeneratedLog {
  readonly histories: readonly CaseHistory[];
  /** Every event of every history, as the event store's log would hold them: in time order, positions from 1. */
  readonly log: readonly StoredEvent[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FEE = { feeCode: 'F-1', amountFen: 8000 };
const feeCatalog = { entries: new Map([['F-1', { code: 'F-1', name: '登记费', basis: 'x', level: 'national' as const, standardAmountFen: 8000 }]]) };

const DEPARTMENTS = [
  { id: 'zrzy', windows: ['w-zrzy-1', 'w-zrzy-2'], subCenter: null },
  { id: 'scjg', windows: ['w-scjg-1'], subCenter: 'sc-scjg' },
] as const;

function items(departmentId: string): ItemVersion[] {
  const item = (suffix: string, terms: Partial<ItemVersion>): ItemVersion => ({
    code: `${departmentId.toUpperCase()}-${suffix}`, version: 1, name: `${departmentId} ${suffix}`, departmentId, category: 'promised',
    legalBasis: 'x', materials: [], procedure: [], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [], ...terms,
  });
  return [
    item('I', { category: 'immediate', legalLimitDays: 5, promisedLimitDays: 0 }),
    item('P', { fees: [FEE] }),
    item('S', { legalLimitDays: 30, promisedLimitDays: 10, specialProcedures: ['site-inspection'] }),
  ];
}

/** mulberry32: small, seeded, good enough to pick fates. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { chance: (p: number) => next() < p, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] };
}

/** `count` cases received on working days from `firstDay` on, over `days` days. */
export function generateCaseHistories(seed: number, count: number, firstDay = '2026-04-01', days = 38): GeneratedLog {
  const random = seeded(seed);
  const histories: CaseHistory[] = [];
  for (let n = 0; n < count; n++) {
    const department = DEPARTMENTS[n % DEPARTMENTS.length];
    const item = random.pick(items(department.id));
    let t = Date.parse(`${firstDay}T01:00:00.000Z`) + random.int(0, days - 1) * DAY + random.int(0, 6 * 60) * 60_000;
    while (!calendar.isWorkingDay(shanghaiDateOf(new Date(t).toISOString()))) t += DAY;
    const caseNo = `${department.id.toUpperCase()}-${shanghaiDateOf(new Date(t).toISOString()).replace(/-/g, '')}-${String(n).padStart(5, '0')}`;
    const events: CaseEvent[] = [];
    const state = (): CaseRecord => events.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord;
    const step = (command: CaseCommand, after: number) => {
      t += after;
      events.push(...decideCase(command, events.length === 0 ? initialCaseState() : state(), { now: new Date(t).toISOString(), calendar }));
    };

    const channel = random.pick(department.subCenter ? ['window', 'online', 'sub-center'] as const : ['window', 'window', 'online'] as const);
    const windowId = channel === 'window' ? random.pick(department.windows) : null;
    const subCenterId = channel === 'sub-center' ? department.subCenter : null;
    step({ type: 'ReceiveCase', data: { caseNo, itemCode: item.code, item: { status: 'published', current: item }, applicant: sealedApplicant(`申请人${n}`),
      channel, windowId, window: windowId ? { id: windowId, name: windowId, departmentId: department.id, comprehensive: false } : null,
      subCenterId, subCenter: subCenterId ? { id: subCenterId, name: subCenterId, departmentId: department.id } : null, staffId: null, materials: [] } }, 0);
    if (random.chance(0.08)) {
      step({ type: 'NotAcceptCase', data: { reason: '材料不符' } }, 2 * HOUR);
    } else {
      if (item.category === 'promised' && random.chance(0.2)) {
        step({ type: 'EscalateCase', data: { limitDays: Math.floor(item.promisedLimitDays / 3), approver: '主任', reason: '重大项目' } }, HOUR);
      }
      if (item.specialProcedures.length > 0 && random.chance(0.5)) {
        step({ type: 'SuspendClock', data: { reason: 'site-inspection', note: null } }, DAY);
        step({ type: 'ResumeClock', data: {} }, random.int(2, 4) * DAY);
      }
      let paid = item.fees.length === 0;
      if (!paid) {
        step({ type: 'AssessFee', data: { fees: item.fees, feeCatalog } }, HOUR);
        if (random.chance(0.85)) {
          step({ type: 'PayFee', data: { amountFen: FEE.amountFen, method: 'bank-transfer', bankReceiptNo: `B-${n}` } }, random.int(1, 30) * HOUR);
          paid = true;
        }
      }
      const fate = random.pick(['withdrawn', 'open', 'early', 'early', 'on-time', 'late', 'late'] as const);
      if (fate === 'withdrawn') step({ type: 'WithdrawCase', data: { reason: '申请人撤回' } }, random.int(1, 6) * DAY);
      if (fate === 'early' || fate === 'on-time' || fate === 'late') {
        const dueAt = Date.parse(state().dueAt);
        const target = fate === 'early' ? dueAt - random.int(3, 6) * DAY : fate === 'on-time' ? dueAt - 3 * HOUR : dueAt + random.int(1, 5) * DAY;
        step({ type: 'CompleteCase', data: { outcome: paid ? 'approved' : 'refused', decision: '决定' } }, Math.max(HOUR, target - t));
        if (random.chance(0.6)) step({ type: 'RateCase', data: { level: random.pick(RATING_LEVELS), comment: null } }, random.int(1, 48) * HOUR);
      }
    }
    histories.push({ caseNo, events });
  }
  return { histories, log: toLog(histories) };
}

function toLog(histories: readonly CaseHistory[]): StoredEvent[] {
  const all = histories.flatMap(({ caseNo, events }) => events.map((event, revision) => ({ caseNo, event, revision })));
  all.sort((a, b) => a.event.data.at.localeCompare(b.event.data.at) || a.caseNo.localeCompare(b.caseNo) || a.revision - b.revision);
  return all.map(({ caseNo, event, revision }, index) => ({
    id: `${caseNo}-${revision}`, type: event.type, schemaVersion: 1, data: event.data, streamId: `case-${caseNo}`, revision,
    position: index + 1, recordedAt: event.data.at,
    metadata: { occurredAt: event.data.at, correlationId: 'c', causationId: null, actor: { id: 'a', role: 'r' } },
  }));
}
