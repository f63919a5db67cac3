import { LocalDate } from '../calendar';
import { FeeLine, ItemVersion } from '../catalog';
import { DomainEvent } from '../shared';
import { STEP_EVENT_TYPES, StepEvent } from '../workflow/step.events';
import type { FeeReduced, FeeRefunded } from './case.fees';
import type { DocumentRef } from './case.documents';
import type { NotificationPreferences } from './case.notifications';
import type { DeliveryMethod } from './case.delivery';
import { Applicant, Channel, Deadline, Outcome, PaymentMethod, RatingLevel, SuspensionReason } from './case.types';

/** Every case event says when it happened (`at`): the fold and the read models need no metadata. */
interface At {
  readonly at: string;
}

/** The end of the 5th working day after acceptance, suspended days added (fiveWorkingDaysMark). Absent before issue 23. */
interface FiveWorkingDaysMark {
  readonly fifthWorkingDayEndsAt?: string;
}

export type CaseReceived = DomainEvent<'CaseReceived', At & Deadline & FiveWorkingDaysMark & {
  readonly caseNo: string;
  /** The item version the case is accepted under, kept for the case's whole life. */
  readonly item: ItemVersion;
  readonly applicant: Applicant;
  readonly channel: Channel;
  readonly windowId: string | null;
  readonly subCenterId: string | null;
  readonly staffId: string | null;
  readonly materials: readonly string[];
  readonly acceptedDate: LocalDate;
  readonly limitDays: number;
  readonly materialsNoticeBy: string;
  /** The queue ticket the applicant was called with: absent on receipts without one (and on those recorded before tickets). */
  readonly ticketId?: string;
}>;
export type CaseNotAccepted = DomainEvent<'CaseNotAccepted', At & { readonly reason: string }>;
export type MaterialsRequested = DomainEvent<'MaterialsRequested', At & { readonly materials: readonly string[]; readonly note: string | null }>;
export type MaterialsSupplied = DomainEvent<'MaterialsSupplied', At & { readonly materials: readonly string[] }>;
export type ClockSuspended = DomainEvent<'ClockSuspended', At & { readonly reason: SuspensionReason; readonly note: string | null }>;
export type ClockResumed = DomainEvent<'ClockResumed', At & Deadline & FiveWorkingDaysMark & {
  readonly reason: SuspensionReason;
  /** Working days in (suspension day, resumption day]: added to the limit. */
  readonly suspendedWorkingDays: number;
}>;
export type CaseEscalated = DomainEvent<'CaseEscalated', At & Deadline & {
  readonly limitDays: number;
  readonly approver: string;
  readonly reason: string;
  /** The day the granted limit counts from (not counted): the grant day, or the day the clock stopped. Absent before issue 23. */
  readonly countedFrom?: LocalDate;
  /** The same limit counted from acceptance, suspended days apart: what later deadlines add suspensions to. Absent before issue 23 (then `limitDays`). */
  readonly limitDaysFromAcceptance?: number;
}>;
export type FeeAssessed = DomainEvent<'FeeAssessed', At & { readonly fees: readonly FeeLine[]; readonly totalFen: number }>;
/** A fee assessment refused because it broke the fee catalog (乱收费 attempted): recorded, and the discipline window opens a file. */
export type FeeAssessmentRefused = DomainEvent<'FeeAssessmentRefused', At & {
  readonly fees: readonly FeeLine[];
  readonly code: string;
  readonly rule: string;
  readonly reason: string;
}>;
export type FeePaid = DomainEvent<'FeePaid', At & {
  readonly amountFen: number;
  readonly method: Exclude<PaymentMethod, 'cash'>;
  readonly bankReceiptNo: string;
}>;
export type CaseCompleted = DomainEvent<'CaseCompleted', At & {
  readonly outcome: Outcome;
  readonly decision: string;
  readonly completedDate: LocalDate;
  readonly dueDate: LocalDate;
  /** Working days from acceptance to completion, acceptance day and suspended days not counted. */
  readonly workingDaysTaken: number;
  /** Completed on a day before the due date (提前办结). */
  readonly early: boolean;
  readonly late: boolean;
  readonly workingDaysLate: number;
}>;
export type CaseWithdrawn = DomainEvent<'CaseWithdrawn', At & { readonly reason: string }>;
/** A document filed online, scanned at the window, or the case's decision, stored apart (case.documents.ts). */
export type DocumentAttached = DomainEvent<'DocumentAttached', At & DocumentRef>;
/** The applicant's choice of how (and whether) to be notified (case.notifications.ts). */
export type NotificationPreferencesSet = DomainEvent<'NotificationPreferencesSet', At & NotificationPreferences>;
/** The decision delivered to the applicant (送达): how, and when (case.delivery.ts). */
export type DecisionDelivered = DomainEvent<'DecisionDelivered', At & { readonly method: DeliveryMethod; readonly trackingNo: string | null; readonly deliveredAt: string }>;
export type CaseRated = DomainEvent<'CaseRated', At & {
  readonly level: RatingLevel; readonly comment: string | null;
  /** The staff member's service and the channel, when the applicant rated them apart (absent in ratings before issue 29). */
  readonly staffLevel?: RatingLevel | null; readonly channelLevel?: RatingLevel | null;
  /** Rated by default (默认好评): the applicant did not rate within the period (case.ratings.ts). */
  readonly byDefault?: boolean;
}>;

/** Yellow card (预警): the warning point before the due time passed with the case still open. */
export type CaseWarned = DomainEvent<'CaseWarned', At & {
  readonly dueDate: LocalDate; readonly dueAt: string; readonly warnedFor: 'yellow';
  /** When the card fell due (the warning point); `at` is when it was recorded. Absent before issue 23. */
  readonly dueSince?: string;
}>;
/** Red card (超期): the due time passed with the case still open. */
export type CaseOverdue = DomainEvent<'CaseOverdue', At & {
  readonly dueDate: LocalDate; readonly dueAt: string;
  /** When the card fell due (the millisecond after `dueAt`); `at` is when it was recorded. Absent before issue 23. */
  readonly dueSince?: string;
}>;
/** A published or corrected calendar year moved the case's due date. */
export type DeadlineRescheduled = DomainEvent<'DeadlineRescheduled', At & Deadline & FiveWorkingDaysMark & {
  readonly calendarYear: number;
  readonly previousDueDate: LocalDate;
}>;
/** 行政许可法 §32: no list of missing materials within 5 days, so the application stands as accepted on arrival. */
export type AcceptanceDeemed = DomainEvent<'AcceptanceDeemed', At & { readonly acceptedDate: LocalDate; readonly noticeDeadline: string }>;

/** 行政许可法 §42: the limit extended by 10 working days by the department head, with the reason told to the applicant. */
export type TimeLimitExtended = DomainEvent<'TimeLimitExtended', At & Deadline & {
  readonly approver: string;
  readonly reason: string;
  readonly extraWorkingDays: number;
  /** The limit now, in working days from acceptance. */
  readonly limitDays: number;
  readonly previousDueDate: LocalDate;
}>;
/** 容缺受理: accepted with non-essential materials missing, on the applicant's commitment; the clock runs. */
export type AcceptedWithGaps = DomainEvent<'AcceptedWithGaps', At & {
  readonly missingMaterials: readonly string[];
  readonly commitment: string;
  readonly materialsDueDate: LocalDate;
}>;
export type CommittedMaterialsSupplied = DomainEvent<'CommittedMaterialsSupplied', At & { readonly materials: readonly string[]; readonly late: boolean }>;

export type CaseEvent =
  | CaseReceived
  | CaseNotAccepted
  | MaterialsRequested
  | MaterialsSupplied
  | ClockSuspended
  | ClockResumed
  | CaseEscalated
  | FeeAssessed
  | FeeAssessmentRefused
  | FeePaid
  | CaseCompleted
  | CaseWithdrawn
  | CaseRated
  | CaseWarned
  | CaseOverdue
  | DeadlineRescheduled
  | AcceptanceDeemed
  | StepEvent
  | FeeReduced
  | FeeRefunded
  | TimeLimitExtended
  | AcceptedWithGaps
  | CommittedMaterialsSupplied
  | DocumentAttached
  | NotificationPreferencesSet
  | DecisionDelivered;

export const CASE_EVENT_TYPES: readonly CaseEvent['type'][] = [
  'CaseReceived', 'CaseNotAccepted', 'MaterialsRequested', 'MaterialsSupplied', 'ClockSuspended', 'ClockResumed',
  'CaseEscalated', 'FeeAssessed', 'FeeAssessmentRefused', 'FeePaid', 'CaseCompleted', 'CaseWithdrawn', 'CaseRated', 'CaseWarned', 'CaseOverdue',
  'DeadlineRescheduled', 'AcceptanceDeemed',
  ...STEP_EVENT_TYPES,
  'FeeReduced', 'FeeRefunded',
  'TimeLimitExtended', 'AcceptedWithGaps', 'CommittedMaterialsSupplied',
  'DocumentAttached', 'NotificationPreferencesSet', 'DecisionDelivered',
];
