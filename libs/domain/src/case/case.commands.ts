import type { AssessReducedFee, RefundFee } from './case.fees';
import { FeeCatalogState, FeeLine, ServiceItemState } from '../catalog';
import { ServiceWindow, SubCenter } from '../organization';
import type { StaffAuthorizations } from '../staff';
import type { StepCommand } from '../workflow/step.commands';
import type { AttachDocument } from './case.documents';
import type { SetNotificationPreferences } from './case.notifications';
import type { RateByDefault } from './case.ratings';
import type { RecordDelivery } from './case.delivery';
import { Applicant, Channel, Outcome, PaymentMethod, RatingLevel, SuspensionReason } from './case.types';

/**
 * Commands carry what the handler looked up (the item, the window) so that `decide` can
 * judge them; the handler never judges.
 */
export type ReceiveCase = {
  readonly type: 'ReceiveCase';
  readonly data: {
    readonly caseNo: string;
    readonly itemCode: string;
    readonly item: ServiceItemState;
    readonly applicant: Applicant;
    readonly channel: Channel;
    readonly windowId: string | null;
    readonly window: ServiceWindow | null;
    readonly subCenterId: string | null;
    readonly subCenter: SubCenter | null;
    readonly staffId: string | null;
    /** The roster's look-up of `staffId`: the items a posted staff member is authorized for; null when not on the roster. */
    readonly staff?: StaffAuthorizations | null;
    readonly materials: readonly string[];
    /** The queue ticket the applicant was called with, if any (排队号). */
    readonly ticketId?: string;
  };
};
export type NotAcceptCase = { readonly type: 'NotAcceptCase'; readonly data: { readonly reason: string } };
export type RequestMaterials = {
  readonly type: 'RequestMaterials';
  readonly data: { readonly materials: readonly string[]; readonly note: string | null };
};
export type SupplyMaterials = { readonly type: 'SupplyMaterials'; readonly data: { readonly materials: readonly string[] } };
export type SuspendClock = {
  readonly type: 'SuspendClock';
  readonly data: { readonly reason: Exclude<SuspensionReason, 'supplement' | 'pre-review'>; readonly note: string | null };
};
export type ResumeClock = { readonly type: 'ResumeClock'; readonly data: Record<string, never> };
export type EscalateCase = {
  readonly type: 'EscalateCase';
  readonly data: { readonly limitDays: number; readonly approver: string; readonly reason: string };
};
export type AssessFee = {
  readonly type: 'AssessFee';
  readonly data: { readonly fees: readonly FeeLine[]; readonly feeCatalog: FeeCatalogState };
};
/** Records that an assessment was refused for breaking the fee catalog; sent after `AssessFee` was refused so. */
export type RecordFeeRefusal = {
  readonly type: 'RecordFeeRefusal';
  readonly data: { readonly fees: readonly FeeLine[]; readonly feeCatalog: FeeCatalogState };
};
export type PayFee = {
  readonly type: 'PayFee';
  readonly data: { readonly amountFen: number; readonly method: PaymentMethod; readonly bankReceiptNo: string };
};
export type CompleteCase = {
  readonly type: 'CompleteCase';
  readonly data: {
    readonly outcome: Outcome; readonly decision: string;
    /** The staff member recording the decision, if given, and the roster's look-up of them (null when not on the roster). */
    readonly staffId?: string | null; readonly staff?: StaffAuthorizations | null;
  };
};
export type WithdrawCase = { readonly type: 'WithdrawCase'; readonly data: { readonly reason: string } };
export type RateCase = {
  readonly type: 'RateCase';
  readonly data: {
    readonly level: RatingLevel; readonly comment: string | null;
    /** GB/T 39735: the window staff member's service and the channel, rated apart from the case as a whole (optional). */
    readonly staffLevel?: RatingLevel | null; readonly channelLevel?: RatingLevel | null;
  };
};

/** 行政许可法 §42: the department head extends the limit by 10 working days, once, with the reason for the applicant. */
export type ExtendTimeLimit = { readonly type: 'ExtendTimeLimit'; readonly data: { readonly approver: string; readonly reason: string } };
/** 容缺受理: accepted with non-essential materials missing, on a written commitment to supply them by a date. */
export type AcceptWithGaps = {
  readonly type: 'AcceptWithGaps';
  readonly data: { readonly missingMaterials: readonly string[]; readonly commitment: string; readonly materialsDueDate: string };
};
export type SupplyCommittedMaterials = { readonly type: 'SupplyCommittedMaterials'; readonly data: { readonly materials: readonly string[] } };

/**
 * The deadline watcher's commands. It acts on a read model that may lag, so each names the
 * due time it saw; `decide` records nothing when the case has moved on meanwhile.
 */
export type RecordWarning = { readonly type: 'RecordWarning'; readonly data: { readonly dueAt: string } };
export type RecordOverdue = { readonly type: 'RecordOverdue'; readonly data: { readonly dueAt: string } };
export type DeemAcceptance = { readonly type: 'DeemAcceptance'; readonly data: Record<string, never> };
export type RescheduleDeadline = { readonly type: 'RescheduleDeadline'; readonly data: { readonly calendarYear: number } };

export type CaseCommand =
  | ReceiveCase
  | NotAcceptCase
  | RequestMaterials
  | SupplyMaterials
  | SuspendClock
  | ResumeClock
  | EscalateCase
  | AssessFee
  | RecordFeeRefusal
  | PayFee
  | CompleteCase
  | WithdrawCase
  | RateCase
  | RecordWarning
  | RecordOverdue
  | DeemAcceptance
  | RescheduleDeadline
  | StepCommand
  | AssessReducedFee
  | RefundFee
  | ExtendTimeLimit
  | AcceptWithGaps
  | SupplyCommittedMaterials
  | AttachDocument
  | SetNotificationPreferences
  | RateByDefault
  | RecordDelivery;
