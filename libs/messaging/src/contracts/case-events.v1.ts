import type { IntegrationEvent } from '../integration-event';
import { checkPayload, Field, PayloadSchema, TypedPayload } from './payload-check';

/**
 * The public contract of case events, version 1 (documented in libs/messaging/CONTRACT.md).
 * A breaking change is a new type (`….v2`) published beside this one for a while, never an
 * edit here. No applicant identity travels: no name, ID number or phone, no free text.
 */
export const CASE_EVENT_SOURCE = 'urn:cn:gov:servicecenter:case-engine';

export const CaseEventTypes = {
  received: 'cn.gov.servicecenter.case.received.v1',
  notAccepted: 'cn.gov.servicecenter.case.not-accepted.v1',
  warned: 'cn.gov.servicecenter.case.warned.v1',
  overdue: 'cn.gov.servicecenter.case.overdue.v1',
  completed: 'cn.gov.servicecenter.case.completed.v1',
  withdrawn: 'cn.gov.servicecenter.case.withdrawn.v1',
  // The steps (环节) of cases whose item defines them (issue 24): added types, skipped by consumers that do not know them.
  stepStarted: 'cn.gov.servicecenter.case.step-started.v1',
  stepCompleted: 'cn.gov.servicecenter.case.step-completed.v1',
  stepReturned: 'cn.gov.servicecenter.case.step-returned.v1',
  stepWarned: 'cn.gov.servicecenter.case.step-warned.v1',
  stepOverran: 'cn.gov.servicecenter.case.step-overran.v1',
  // Fees (收费): lawful reductions and waivers (减免), and refunds (退费): added types.
  feeReduced: 'cn.gov.servicecenter.case.fee-reduced.v1',
  feeRefunded: 'cn.gov.servicecenter.case.fee-refunded.v1',
} as const;

/** What every case event says about where the case is handled. */
export interface CaseRefV1 {
  readonly caseNo: string;
  readonly departmentId: string;
  /** Null for cases received online or at a sub-center without a window. */
  readonly windowId: string | null;
  readonly itemCode: string;
}

export interface CaseReceivedV1 extends CaseRefV1 {
  readonly itemVersion: number;
  readonly itemName: string;
  readonly category: 'immediate' | 'promised';
  readonly channel: 'window' | 'online' | 'sub-center';
  readonly subCenterId: string | null;
  /** A staff id of the window (official capacity), not the applicant. */
  readonly staffId: string | null;
  readonly applicantKind: 'person' | 'organization';
  readonly receivedAt: string;
  /** Asia/Shanghai day, YYYY-MM-DD. */
  readonly acceptedDate: string;
  readonly limitDays: number;
  readonly dueDate: string;
  readonly dueAt: string;
  /**
   * Added field: the queue ticket (排队号) the applicant was called with, e.g. `20261207-A001`
   * (null without one; absent on messages published before it was added). Ties a served
   * ticket to its case.
   */
  readonly ticketId?: string | null;
}

export interface CaseNotAcceptedV1 extends CaseRefV1 {
  readonly notAcceptedAt: string;
}

/** Yellow card (预警). */
export interface CaseWarnedV1 extends CaseRefV1 {
  readonly card: 'yellow';
  readonly warnedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
}

/** Red card (超期). */
export interface CaseOverdueV1 extends CaseRefV1 {
  readonly card: 'red';
  readonly overdueAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
}

export interface CaseCompletedV1 extends CaseRefV1 {
  readonly outcome: 'approved' | 'refused';
  readonly completedAt: string;
  readonly completedDate: string;
  readonly dueDate: string;
  readonly workingDaysTaken: number;
  readonly early: boolean;
  readonly late: boolean;
  readonly workingDaysLate: number;
}

export interface CaseWithdrawnV1 extends CaseRefV1 {
  readonly withdrawnAt: string;
}

/** What every step event says about its step. */
export interface StepRefV1 extends CaseRefV1 {
  readonly stepId: string;
  /** The department whose staff perform the step (the item's department). */
  readonly stepDepartmentId: string;
}

export interface StepStartedV1 extends StepRefV1 {
  readonly stepName: string;
  readonly kind: 'acceptance' | 'review' | 'decision' | 'delivery';
  readonly role: 'window-staff' | 'reviewer' | 'approver';
  readonly limitDays: number;
  readonly remoteAllowed: boolean;
  readonly startedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
}

export interface StepCompletedV1 extends StepRefV1 {
  /** The performer's staff id (official capacity). */
  readonly staffId: string;
  readonly opinion: 'agree' | 'disagree';
  readonly completedAt: string;
  readonly workingDaysTaken: number;
  readonly late: boolean;
  readonly workingDaysLate: number;
}

/** 退回: the step went back to an earlier one (the reason, free text, stays inside). */
export interface StepReturnedV1 extends StepRefV1 {
  readonly staffId: string;
  readonly toStepId: string;
  readonly returnedAt: string;
}

/** The step's warning point (预警), and its overrun (超时): who held it (null: it waited in a pool). */
export interface StepWarnedV1 extends StepRefV1 {
  readonly holder: string | null;
  readonly warnedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
}

export interface StepOverranV1 extends StepRefV1 {
  readonly holder: string | null;
  readonly overranAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
}

/** One fee line of a reduction: the catalog's standard amount and the amount charged (0: waived). */
export interface FeeReductionV1 {
  readonly feeCode: string;
  readonly standardAmountFen: number;
  readonly amountFen: number;
}

/**
 * 减免: fees charged below the catalog's standard on a legal basis, approved by the department
 * head (`approvedBy`, a staff id in an official capacity). The legal basis is typed text and
 * stays inside, with everything else the officer wrote.
 */
export interface FeeReducedV1 extends CaseRefV1 {
  readonly approvedBy: string;
  readonly reducedAt: string;
  /** Every fee line of the assessment, reduced or not. */
  readonly reductions: readonly FeeReductionV1[];
  readonly standardTotalFen: number;
  readonly totalFen: number;
  /** Nothing charged at all (免收). */
  readonly waived: boolean;
}

/** 退费: (part of) a paid fee returned. The bank's receipt number and the reason stay inside. */
export interface FeeRefundedV1 extends CaseRefV1 {
  readonly amountFen: number;
  readonly refundedAt: string;
}

/** A parsed case event: switch on `type` and `data` is typed. */
export type CaseEventV1 =
  | TypedPayload<typeof CaseEventTypes.received, CaseReceivedV1>
  | TypedPayload<typeof CaseEventTypes.notAccepted, CaseNotAcceptedV1>
  | TypedPayload<typeof CaseEventTypes.warned, CaseWarnedV1>
  | TypedPayload<typeof CaseEventTypes.overdue, CaseOverdueV1>
  | TypedPayload<typeof CaseEventTypes.completed, CaseCompletedV1>
  | TypedPayload<typeof CaseEventTypes.withdrawn, CaseWithdrawnV1>
  | TypedPayload<typeof CaseEventTypes.stepStarted, StepStartedV1>
  | TypedPayload<typeof CaseEventTypes.stepCompleted, StepCompletedV1>
  | TypedPayload<typeof CaseEventTypes.stepReturned, StepReturnedV1>
  | TypedPayload<typeof CaseEventTypes.stepWarned, StepWarnedV1>
  | TypedPayload<typeof CaseEventTypes.stepOverran, StepOverranV1>
  | TypedPayload<typeof CaseEventTypes.feeReduced, FeeReducedV1>
  | TypedPayload<typeof CaseEventTypes.feeRefunded, FeeRefundedV1>;

const REF_FIELDS = { caseNo: 'string', departmentId: 'string', windowId: 'string|null', itemCode: 'string' } as const;
const STEP_FIELDS = { ...REF_FIELDS, stepId: 'string', stepDepartmentId: 'string' } as const;

const isFen = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
const REDUCTIONS: Field = {
  description: 'a non-empty list of {feeCode, standardAmountFen, amountFen} (whole fen, amount at most the standard)',
  check: (value) => Array.isArray(value) && value.length > 0 && value.every((line: unknown) => {
    const l = line as Partial<FeeReductionV1> | null;
    return typeof l === 'object' && l !== null && typeof l.feeCode === 'string' && l.feeCode.length > 0
      && isFen(l.standardAmountFen) && isFen(l.amountFen) && (l.amountFen as number) <= (l.standardAmountFen as number);
  }),
};
const FEN: Field = { description: 'a whole number of fen, 0 or more', check: isFen };
/** An added field: checked when present, absent on older messages. */
const TICKET_ID: Field = {
  description: 'a ticket id, null or absent', check: (value) => value === undefined || value === null || (typeof value === 'string' && value.length > 0),
};

/** Each type's required fields; extra fields are allowed (a v1 payload may grow, never shrink). */
const SCHEMAS: Record<CaseEventV1['type'], PayloadSchema> = {
  [CaseEventTypes.received]: {
    ...REF_FIELDS, itemVersion: 'number', itemName: 'string', category: ['immediate', 'promised'],
    channel: ['window', 'online', 'sub-center'], subCenterId: 'string|null', staffId: 'string|null',
    applicantKind: ['person', 'organization'], receivedAt: 'string', acceptedDate: 'string', limitDays: 'number',
    dueDate: 'string', dueAt: 'string', ticketId: TICKET_ID,
  },
  [CaseEventTypes.notAccepted]: { ...REF_FIELDS, notAcceptedAt: 'string' },
  [CaseEventTypes.warned]: { ...REF_FIELDS, card: ['yellow'], warnedAt: 'string', dueDate: 'string', dueAt: 'string' },
  [CaseEventTypes.overdue]: { ...REF_FIELDS, card: ['red'], overdueAt: 'string', dueDate: 'string', dueAt: 'string' },
  [CaseEventTypes.completed]: {
    ...REF_FIELDS, outcome: ['approved', 'refused'], completedAt: 'string', completedDate: 'string', dueDate: 'string',
    workingDaysTaken: 'number', early: 'boolean', late: 'boolean', workingDaysLate: 'number',
  },
  [CaseEventTypes.withdrawn]: { ...REF_FIELDS, withdrawnAt: 'string' },
  [CaseEventTypes.stepStarted]: {
    ...STEP_FIELDS, stepName: 'string', kind: ['acceptance', 'review', 'decision', 'delivery'], role: ['window-staff', 'reviewer', 'approver'],
    limitDays: 'number', remoteAllowed: 'boolean', startedAt: 'string', dueDate: 'string', dueAt: 'string',
  },
  [CaseEventTypes.stepCompleted]: {
    ...STEP_FIELDS, staffId: 'string', opinion: ['agree', 'disagree'], completedAt: 'string', workingDaysTaken: 'number', late: 'boolean',
    workingDaysLate: 'number',
  },
  [CaseEventTypes.stepReturned]: { ...STEP_FIELDS, staffId: 'string', toStepId: 'string', returnedAt: 'string' },
  [CaseEventTypes.stepWarned]: { ...STEP_FIELDS, holder: 'string|null', warnedAt: 'string', dueDate: 'string', dueAt: 'string' },
  [CaseEventTypes.stepOverran]: { ...STEP_FIELDS, holder: 'string|null', overranAt: 'string', dueDate: 'string', dueAt: 'string' },
  [CaseEventTypes.feeReduced]: {
    ...REF_FIELDS, approvedBy: 'string', reducedAt: 'string', reductions: REDUCTIONS, standardTotalFen: FEN, totalFen: FEN, waived: 'boolean',
  },
  [CaseEventTypes.feeRefunded]: { ...REF_FIELDS, amountFen: FEN, refundedAt: 'string' },
};

export function isCaseEventV1Type(type: string): type is CaseEventV1['type'] {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, type);
}

/**
 * Checks a received event against the v1 contract. Returns undefined for a type this
 * version does not know (a newer event: the consumer skips it); throws
 * `UnprocessableEventError` when a known type's payload breaks the contract.
 */
export function parseCaseEventV1(event: Pick<IntegrationEvent, 'type' | 'data' | 'subject'>): CaseEventV1 | undefined {
  if (!isCaseEventV1Type(event.type)) return undefined;
  const data = checkPayload(event.type, event.data, SCHEMAS[event.type], 'caseNo', event.subject);
  return { type: event.type, data } as CaseEventV1;
}

