import type { IntegrationEvent } from '../integration-event';
import { checkPayload, PayloadSchema, TypedPayload } from './payload-check';

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

/** A parsed case event: switch on `type` and `data` is typed. */
export type CaseEventV1 =
  | TypedPayload<typeof CaseEventTypes.received, CaseReceivedV1>
  | TypedPayload<typeof CaseEventTypes.notAccepted, CaseNotAcceptedV1>
  | TypedPayload<typeof CaseEventTypes.warned, CaseWarnedV1>
  | TypedPayload<typeof CaseEventTypes.overdue, CaseOverdueV1>
  | TypedPayload<typeof CaseEventTypes.completed, CaseCompletedV1>
  | TypedPayload<typeof CaseEventTypes.withdrawn, CaseWithdrawnV1>;

const REF_FIELDS = { caseNo: 'string', departmentId: 'string', windowId: 'string|null', itemCode: 'string' } as const;

/** Each type's required fields; extra fields are allowed (a v1 payload may grow, never shrink). */
const SCHEMAS: Record<CaseEventV1['type'], PayloadSchema> = {
  [CaseEventTypes.received]: {
    ...REF_FIELDS, itemVersion: 'number', itemName: 'string', category: ['immediate', 'promised'],
    channel: ['window', 'online', 'sub-center'], subCenterId: 'string|null', staffId: 'string|null',
    applicantKind: ['person', 'organization'], receivedAt: 'string', acceptedDate: 'string', limitDays: 'number',
    dueDate: 'string', dueAt: 'string',
  },
  [CaseEventTypes.notAccepted]: { ...REF_FIELDS, notAcceptedAt: 'string' },
  [CaseEventTypes.warned]: { ...REF_FIELDS, card: ['yellow'], warnedAt: 'string', dueDate: 'string', dueAt: 'string' },
  [CaseEventTypes.overdue]: { ...REF_FIELDS, card: ['red'], overdueAt: 'string', dueDate: 'string', dueAt: 'string' },
  [CaseEventTypes.completed]: {
    ...REF_FIELDS, outcome: ['approved', 'refused'], completedAt: 'string', completedDate: 'string', dueDate: 'string',
    workingDaysTaken: 'number', early: 'boolean', late: 'boolean', workingDaysLate: 'number',
  },
  [CaseEventTypes.withdrawn]: { ...REF_FIELDS, withdrawnAt: 'string' },
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

