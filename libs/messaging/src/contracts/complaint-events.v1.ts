import type { IntegrationEvent } from '../integration-event';
import { checkPayload, Field, matches, PayloadSchema, TypedPayload } from './payload-check';

/**
 * The public contract of complaint (投诉) and rectification (整改) events, version 1, on the
 * `complaints` topic (libs/messaging/CONTRACT.md). The complainant never travels, not even
 * sealed: no name, contact, ID number, person id, and no free text (summary, evidence,
 * reasons, findings, feedback, answers, the names of persons held accountable).
 */
export const ComplaintEventTypes = {
  filed: 'cn.gov.servicecenter.complaint.filed.v1',
  accepted: 'cn.gov.servicecenter.complaint.accepted.v1',
  declined: 'cn.gov.servicecenter.complaint.declined.v1',
  investigationStarted: 'cn.gov.servicecenter.complaint.investigation-started.v1',
  concluded: 'cn.gov.servicecenter.complaint.concluded.v1',
  feedbackGiven: 'cn.gov.servicecenter.complaint.feedback-given.v1',
  rectificationOpened: 'cn.gov.servicecenter.rectification.opened.v1',
  rectificationAnswered: 'cn.gov.servicecenter.rectification.answered.v1',
} as const;

export const COMPLAINT_STATUSES_V1 = ['filed', 'accepted', 'declined', 'investigating', 'concluded', 'feedback-given'] as const;
export type ComplaintStatusV1 = (typeof COMPLAINT_STATUSES_V1)[number];

/** What every complaint event says: the complaint, what it is against, its dates and where it now stands. */
export interface ComplaintRefV1 {
  readonly complaintNo: string;
  /** The stable category code (`illegal-fee`, `double-acceptance`…; DOMAIN.md's list). */
  readonly category: string;
  /** `window` or `online` for a complainant; `automatic` for a file the engine opened from the record. */
  readonly channel: 'window' | 'online' | 'automatic';
  /** The target, resolved: the department always, the rest when the complaint names them. */
  readonly departmentId: string;
  readonly windowId: string | null;
  /** A window officer's staff id (official capacity), when the complaint is against them. */
  readonly staffId: string | null;
  readonly caseNo: string | null;
  readonly itemCode: string | null;
  /** Asia/Shanghai day, YYYY-MM-DD. */
  readonly filedDate: string;
  /** The end of the last working day for feedback; null for an engine-opened file (nobody to answer). */
  readonly feedbackBy: string | null;
  /** The complaint's status after this event. */
  readonly status: ComplaintStatusV1;
}

export interface ComplaintFiledV1 extends ComplaintRefV1 { readonly filedAt: string }
export interface ComplaintAcceptedV1 extends ComplaintRefV1 { readonly acceptedAt: string }
export interface ComplaintDeclinedV1 extends ComplaintRefV1 { readonly declinedAt: string }
export interface ComplaintInvestigationStartedV1 extends ComplaintRefV1 { readonly investigationStartedAt: string }

/** An accountability action (问责), without the names of the persons held accountable. */
export type AccountabilityActionV1 =
  | { readonly kind: 'admonish-department'; readonly departmentId: string }
  | { readonly kind: 'return-staff'; readonly staffId: string }
  | { readonly kind: 'hold-accountable'; readonly role: 'department-head' | 'head-in-charge' | 'directly-responsible' };

export interface ComplaintConcludedV1 extends ComplaintRefV1 {
  readonly concludedAt: string;
  readonly concludedDate: string;
  readonly substantiated: boolean;
  readonly workingDaysToConclusion: number;
  readonly actions: readonly AccountabilityActionV1[];
}

export interface ComplaintFeedbackGivenV1 extends ComplaintRefV1 {
  readonly feedbackGivenAt: string;
  /** After `feedbackBy`: itself a finding against the discipline window. */
  readonly late: boolean;
}

/** What every rectification event says. */
export interface RectificationRefV1 {
  readonly rectificationNo: string;
  readonly caseNo: string;
  readonly departmentId: string;
  readonly windowId: string | null;
  /** The bad rating that opened it. */
  readonly level: 'dissatisfied' | 'very-dissatisfied';
  readonly answerBy: string;
}

export interface RectificationOpenedV1 extends RectificationRefV1 { readonly openedAt: string }
export interface RectificationAnsweredV1 extends RectificationRefV1 { readonly answeredAt: string; readonly late: boolean }

/** A parsed complaint or rectification event: switch on `type` and `data` is typed. */
export type ComplaintEventV1 =
  | TypedPayload<typeof ComplaintEventTypes.filed, ComplaintFiledV1>
  | TypedPayload<typeof ComplaintEventTypes.accepted, ComplaintAcceptedV1>
  | TypedPayload<typeof ComplaintEventTypes.declined, ComplaintDeclinedV1>
  | TypedPayload<typeof ComplaintEventTypes.investigationStarted, ComplaintInvestigationStartedV1>
  | TypedPayload<typeof ComplaintEventTypes.concluded, ComplaintConcludedV1>
  | TypedPayload<typeof ComplaintEventTypes.feedbackGiven, ComplaintFeedbackGivenV1>
  | TypedPayload<typeof ComplaintEventTypes.rectificationOpened, RectificationOpenedV1>
  | TypedPayload<typeof ComplaintEventTypes.rectificationAnswered, RectificationAnsweredV1>;

const COMPLAINT_REF: PayloadSchema = {
  complaintNo: 'string', category: 'string', channel: ['window', 'online', 'automatic'], departmentId: 'string', windowId: 'string|null',
  staffId: 'string|null', caseNo: 'string|null', itemCode: 'string|null', filedDate: 'string', feedbackBy: 'string|null',
  status: COMPLAINT_STATUSES_V1,
};
const RECTIFICATION_REF: PayloadSchema = {
  rectificationNo: 'string', caseNo: 'string', departmentId: 'string', windowId: 'string|null', level: ['dissatisfied', 'very-dissatisfied'],
  answerBy: 'string',
};

const ACTION_SCHEMAS: Record<AccountabilityActionV1['kind'], PayloadSchema> = {
  'admonish-department': { departmentId: 'string' },
  'return-staff': { staffId: 'string' },
  'hold-accountable': { role: ['department-head', 'head-in-charge', 'directly-responsible'] },
};
const ACTIONS: Field = {
  description: 'a list of accountability actions',
  check: (value) => Array.isArray(value) && value.every((action: unknown) => {
    const kind = (action as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(ACTION_SCHEMAS, kind)) return false;
    return Object.entries(ACTION_SCHEMAS[kind as AccountabilityActionV1['kind']]).every(([field, expected]) => matches((action as Record<string, unknown>)[field], expected));
  }),
};

const SCHEMAS: Record<ComplaintEventV1['type'], PayloadSchema> = {
  [ComplaintEventTypes.filed]: { ...COMPLAINT_REF, filedAt: 'string' },
  [ComplaintEventTypes.accepted]: { ...COMPLAINT_REF, acceptedAt: 'string' },
  [ComplaintEventTypes.declined]: { ...COMPLAINT_REF, declinedAt: 'string' },
  [ComplaintEventTypes.investigationStarted]: { ...COMPLAINT_REF, investigationStartedAt: 'string' },
  [ComplaintEventTypes.concluded]: {
    ...COMPLAINT_REF, concludedAt: 'string', concludedDate: 'string', substantiated: 'boolean', workingDaysToConclusion: 'number', actions: ACTIONS,
  },
  [ComplaintEventTypes.feedbackGiven]: { ...COMPLAINT_REF, feedbackGivenAt: 'string', late: 'boolean' },
  [ComplaintEventTypes.rectificationOpened]: { ...RECTIFICATION_REF, openedAt: 'string' },
  [ComplaintEventTypes.rectificationAnswered]: { ...RECTIFICATION_REF, answeredAt: 'string', late: 'boolean' },
};

export function isComplaintEventV1Type(type: string): type is ComplaintEventV1['type'] {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, type);
}

/**
 * Checks a received complaint or rectification event against the v1 contract: undefined for a
 * type this version does not know (the consumer skips it), `UnprocessableEventError` for a
 * known type whose payload breaks the contract. The subject is the complaint or rectification number.
 */
export function parseComplaintEventV1(event: Pick<IntegrationEvent, 'type' | 'data' | 'subject'>): ComplaintEventV1 | undefined {
  if (!isComplaintEventV1Type(event.type)) return undefined;
  const subjectField = event.type.startsWith('cn.gov.servicecenter.rectification.') ? 'rectificationNo' : 'complaintNo';
  const data = checkPayload(event.type, event.data, SCHEMAS[event.type], subjectField, event.subject);
  return { type: event.type, data } as ComplaintEventV1;
}
