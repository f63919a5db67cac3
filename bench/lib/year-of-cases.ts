import {
  CaseCommand, CaseEvent, CaseState, caseStreamId, decideCase, evolveCase, initialCaseState, LocalDate, RatingLevel, ReceiveCase,
} from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import type { ReferenceData } from '../../apps/engine/src/infrastructure/reference-data';

/**
 * Realistic case histories for a year of a county service center, decided by the domain's
 * own `decideCase` against the engine's demo catalog and calendar, so every event is one the
 * engine itself would have written. Each command's events come out as one append, and the
 * appends come out in time order, interleaved across cases as they would be in the log.
 *
 * The mix (≈3.5 events a case): 40% 不动产转移登记 with fees (assess, pay, complete within
 * the 5-day promise, some suspended for expert review, 5% late, 60% rated); 22% immediate
 * items completed within the hour; 10% vehicle items at the traffic-police sub-center with
 * fees; 16% other promised items; 5% withdrawn; 3% refused acceptance; 4% left open.
 */
export const FIRST_DAY: LocalDate = '2026-01-01';
export const LAST_DAY: LocalDate = '2026-11-20';
/** Nothing happens after this instant, so no event lies in the future of the bench's clock. */
const CUTOFF_MS = Date.parse('2026-11-25T09:00:00.000Z');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface PlannedAppend {
  readonly atMs: number;
  readonly streamId: string;
  /** Revision of the stream's last event before this append, or -1 for a new stream. */
  readonly after: number;
  readonly events: readonly CaseEvent[];
}

interface Step {
  readonly atMs: number;
  readonly command: CaseCommand;
}

type Random = () => number;

/** Deterministic PRNG (mulberry32), so every run builds the same year. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class YearOfCases {
  private readonly random = seededRandom(2026);
  private readonly sequences = new Map<string, number>();
  readonly workingDays: readonly LocalDate[];

  constructor(private readonly reference: ReferenceData) {
    const days: LocalDate[] = [];
    for (let ms = Date.parse(`${FIRST_DAY}T00:00:00Z`); ms <= Date.parse(`${LAST_DAY}T00:00:00Z`); ms += 24 * HOUR) {
      const day = new Date(ms).toISOString().slice(0, 10);
      if (reference.calendar.isWorkingDay(day)) days.push(day);
    }
    this.workingDays = days;
  }

  /** The appends of `count` cases received on `day`, each case's in order (not yet merged across cases). */
  casesOn(day: LocalDate, count: number): PlannedAppend[] {
    const appends: PlannedAppend[] = [];
    for (let i = 0; i < count; i += 1) appends.push(...this.oneCase(day));
    return appends;
  }

  private oneCase(day: LocalDate): PlannedAppend[] {
    const r = this.random();
    const receivedAt = this.officeTime(day, 9, 17);
    if (r < 0.4) return this.decide(this.receive('ZRZY-001', receivedAt, { windowId: 'w-zrzy' }), this.feeCase(day, receivedAt, 0.1));
    if (r < 0.62) {
      const [code, windowId] = this.random() < 0.55 ? ['SCJG-001', 'w-scjg'] : ['RS-001', 'w-rs'];
      const completedAt = receivedAt + this.between(5, 60) * MINUTE;
      return this.decide(this.receive(code, receivedAt, { windowId }), [...this.complete(completedAt), ...this.maybeRate(completedAt, 0.3)]);
    }
    if (r < 0.72) {
      const code = this.random() < 0.4 ? 'GA-001' : 'GA-002';
      const fee = code === 'GA-001' ? { feeCode: 'F-JDC-HP', amountFen: 10000 } : { feeCode: 'F-JSZ-GBF', amountFen: 1000 };
      const steps = [this.assess(receivedAt + 5 * MINUTE, [fee]), this.pay(receivedAt + 10 * MINUTE, fee.amountFen),
        ...this.complete(receivedAt + this.between(20, 60) * MINUTE)];
      return this.decide(this.receive(code, receivedAt, { subCenterId: 'jj' }), steps);
    }
    if (r < 0.88) {
      const pick = this.random();
      const [code, where, limit] = pick < 0.4 ? ['SCJG-003', { windowId: 'w-scjg' }, 3] as const
        : pick < 0.75 ? ['ZJJ-001', { windowId: 'w-zjj' }, 5] as const : ['YB-001', { subCenterId: 'yb' }, 5] as const;
      return this.decide(this.receive(code, receivedAt, where), this.promisedCase(day, receivedAt, limit, 0.15));
    }
    if (r < 0.93) {
      const withdrawnAt = this.officeTime(this.reference.calendar.nthWorkingDayAfter(day, this.between(1, 3)), 9, 17);
      return this.decide(this.receive('SCJG-003', receivedAt, { windowId: 'w-scjg' }),
        [{ atMs: withdrawnAt, command: { type: 'WithdrawCase', data: { reason: '申请人撤回' } } }]);
    }
    if (r < 0.96) {
      return this.decide(this.receive('SCJG-003', receivedAt, { windowId: 'w-scjg' }),
        [{ atMs: receivedAt + this.between(10, 120) * MINUTE, command: { type: 'NotAcceptCase', data: { reason: '不属于本机关职权范围' } } }]);
    }
    const [code, windowId] = this.random() < 0.5 ? ['ZRZY-001', 'w-zrzy'] : ['ZJJ-001', 'w-zjj'];
    return this.decide(this.receive(code, receivedAt, { windowId }), []);
  }

  /** Fees assessed and paid at the bank, then completed within the promise (5% late). */
  private feeCase(day: LocalDate, receivedAt: number, suspendShare: number): Step[] {
    const fees = [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }];
    const assessedAt = receivedAt + this.between(10, 60) * MINUTE;
    const paidAt = assessedAt + this.between(1, 30) * HOUR;
    const rest = this.promisedCase(day, paidAt, 5, suspendShare, shanghaiDay(paidAt));
    return [this.assess(assessedAt, fees), this.pay(paidAt, 9000), ...rest];
  }

  /** Optionally suspended for a few working days, completed within `limit` working days (5% late), maybe rated. */
  private promisedCase(day: LocalDate, notBefore: number, limit: number, suspendShare: number, from: LocalDate = day): Step[] {
    const calendar = this.reference.calendar;
    const steps: Step[] = [];
    let extra = 0;
    let last = notBefore;
    if (this.random() < suspendShare) {
      const suspendedAt = Math.max(last + MINUTE, this.officeTime(calendar.nthWorkingDayAfter(from, 1), 9, 12));
      const days = this.between(1, 3);
      const resumedAt = this.officeTime(calendar.nthWorkingDayAfter(shanghaiDay(suspendedAt), days), 9, 12);
      steps.push({ atMs: suspendedAt, command: { type: 'SuspendClock', data: { reason: 'expert-review', note: null } } },
        { atMs: resumedAt, command: { type: 'ResumeClock', data: {} } });
      extra = days;
      last = resumedAt;
    }
    const late = this.random() < 0.05;
    const workingDays = late ? limit + extra + this.between(1, 3) : this.between(1, Math.max(1, limit));
    const completedAt = Math.max(last + MINUTE, this.officeTime(calendar.nthWorkingDayAfter(day, workingDays + (late ? 0 : extra)), 9, 17));
    return [...steps, ...this.complete(completedAt), ...this.maybeRate(completedAt, 0.5)];
  }

  private complete(atMs: number): Step[] {
    const outcome = this.random() < 0.97 ? 'approved' : 'refused';
    return [{ atMs, command: { type: 'CompleteCase', data: { outcome, decision: outcome === 'approved' ? '准予许可' : '不予许可' } } }];
  }

  private maybeRate(completedAt: number, share: number): Step[] {
    if (this.random() >= share) return [];
    const r = this.random();
    const level: RatingLevel = r < 0.55 ? 'very-satisfied' : r < 0.9 ? 'satisfied' : r < 0.97 ? 'basically-satisfied' : 'dissatisfied';
    return [{ atMs: completedAt + this.between(5, 120) * MINUTE, command: { type: 'RateCase', data: { level, comment: null } } }];
  }

  private assess(atMs: number, fees: readonly { feeCode: string; amountFen: number }[]): Step {
    return { atMs, command: { type: 'AssessFee', data: { fees, feeCatalog: this.reference.feeCatalog } } };
  }

  private pay(atMs: number, amountFen: number): Step {
    const method = this.random() < 0.7 ? 'bank-counter' : 'bank-transfer';
    return { atMs, command: { type: 'PayFee', data: { amountFen, method, bankReceiptNo: `B${Math.floor(this.random() * 1e10)}` } } };
  }

  private receive(itemCode: string, atMs: number, where: { windowId?: string; subCenterId?: string }): { command: ReceiveCase; atMs: number } {
    const item = this.reference.item(itemCode);
    if (item.status === 'none') throw new Error(`item ${itemCode} is not in the catalog`);
    const organization = this.reference.organization;
    const prefix = organization.departments.get(item.current.departmentId)?.caseNoPrefix ?? 'ZW';
    const date = shanghaiDay(atMs);
    const key = `${prefix}-${date.replaceAll('-', '')}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    const channel = where.windowId ? 'window' : where.subCenterId ? 'sub-center' : 'online';
    return {
      atMs,
      command: {
        type: 'ReceiveCase',
        data: {
          // A person of their own per case: one shared person would be the same application accepted everywhere (两头受理) 300,000 times.
          caseNo: `${key}-${String(sequence).padStart(5, '0')}`, itemCode, item, applicant: sealedApplicant('张三', `person-${key}-${sequence}`), channel,
          windowId: where.windowId ?? null, window: organization.windows.get(where.windowId ?? '') ?? null,
          subCenterId: where.subCenterId ?? null, subCenter: organization.subCenters.get(where.subCenterId ?? '') ?? null,
          staffId: 'staff-0042', materials: ['申请书', '申请人身份证明'],
        },
      },
    };
  }

  /** Runs the steps through `decideCase`; a step past the cutoff ends the history there (the case stays open). */
  private decide(receipt: { command: ReceiveCase; atMs: number }, steps: readonly Step[]): PlannedAppend[] {
    const streamId = caseStreamId(receipt.command.data.caseNo);
    const appends: PlannedAppend[] = [];
    let state: CaseState = initialCaseState();
    let revision = -1;
    for (const step of [{ atMs: receipt.atMs, command: receipt.command as CaseCommand }, ...steps]) {
      if (step.atMs > CUTOFF_MS) break;
      const events = decideCase(step.command, state, this.reference.caseContext(new Date(step.atMs).toISOString()));
      if (events.length === 0) continue;
      appends.push({ atMs: step.atMs, streamId, after: revision, events });
      state = events.reduce(evolveCase, state);
      revision += events.length;
    }
    return appends;
  }

  /** A moment between `fromHour` and `toHour` o'clock, Shanghai time, on `day`. */
  private officeTime(day: LocalDate, fromHour: number, toHour: number): number {
    return Date.parse(`${day}T00:00:00+08:00`) + fromHour * HOUR + Math.floor(this.random() * (toHour - fromHour) * HOUR);
  }

  private between(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
}

export function shanghaiDay(ms: number): LocalDate {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}
