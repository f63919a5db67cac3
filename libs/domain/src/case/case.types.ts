import { LocalDate } from '../calendar';
import { FeeLine, ItemVersion } from '../catalog';
import { SealedPersonalData } from '../personal-data';
import type { WorkflowState } from '../workflow/step.state';

export const CHANNELS = ['window', 'online', 'sub-center'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Why a case's clock stops (行政许可法 §45: this time is not counted). `pre-review`: an online
 * application held in 网上预审 until it is passed (issue 24; the legal clock starts then).
 */
export const SUSPENSION_REASONS = ['supplement', 'site-inspection', 'hearing', 'expert-review', 'testing', 'pre-review'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

export const OUTCOMES = ['approved', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** GB/T 39735-2020 five-level rating (好差评), best first. */
export const RATING_LEVELS = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
/** The levels that count as satisfied in the satisfaction rate. */
export const SATISFIED_LEVELS: readonly RatingLevel[] = ['very-satisfied', 'satisfied', 'basically-satisfied'];

export const PAYMENT_METHODS = ['bank-counter', 'bank-transfer', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * The applicant as the record keeps them: their name, ID number, phone and address sealed under
 * their own key (`SealedPersonalData`, README "Personal data"); in clear only the kind and the
 * masked name the hall's public screen shows anyway.
 */
export interface Applicant extends SealedPersonalData {
  readonly kind: 'person' | 'organization';
  /** 张*丰: what anyone may see; the name itself is sealed. */
  readonly maskedName: string;
}

export interface Deadline {
  /** The last working day of the limit, Asia/Shanghai. */
  readonly dueDate: LocalDate;
  /** The last millisecond of `dueDate`: completing after it is late. */
  readonly dueAt: string;
  /**
   * When the yellow card (预警) falls due: the start of the working day that many working
   * days before the due date. Null when that is not after the acceptance day (an immediate
   * case is not warned; it is decided the day it arrives).
   */
  readonly warnAt: string | null;
}

export interface Suspension {
  readonly reason: SuspensionReason;
  readonly since: string;
}

export interface FeeAssessment {
  readonly fees: readonly FeeLine[];
  readonly totalFen: number;
}

export type CaseStatus = 'open' | 'suspended' | 'completed' | 'withdrawn' | 'not-accepted';

export interface CaseRecord extends Deadline {
  readonly status: CaseStatus;
  readonly caseNo: string;
  readonly item: ItemVersion;
  /** Where the case came in: the channel, and the window or sub-center that received it. */
  readonly channel: Channel;
  readonly windowId: string | null;
  readonly subCenterId: string | null;
  /** The Shanghai day of receipt: deadlines count from the working day after it. */
  readonly acceptedDate: LocalDate;
  /** Working days in the current limit: the item's promised limit, or special handling's. */
  readonly limitDays: number;
  readonly suspendedWorkingDays: number;
  readonly suspension: Suspension | null;
  readonly materialsRequested: boolean;
  readonly special: boolean;
  readonly fee: FeeAssessment | null;
  readonly feePaid: boolean;
  /** What the bank has refunded of the paid fee (退费), in fen; absent before any refund. */
  readonly refundedFen?: number;
  /** The bank's receipt numbers of those refunds: a refund notified again is recorded once. */
  readonly refundReceipts?: readonly string[];
  readonly rating: RatingLevel | null;
  readonly lastEventAt: string;
  /** The end of the 5th working day after acceptance: the last moment to list missing materials (§32). */
  readonly materialsNoticeBy: string;
  readonly acceptanceDeemed: boolean;
  /** The due time a yellow card was recorded for, if any: one card per case and due time. */
  readonly warnedFor: string | null;
  /** The due time a red card was recorded for, if any. */
  readonly overdueFor: string | null;
  /** The case's run through its procedure's steps; absent on a case whose item defines no steps. */
  readonly workflow?: WorkflowState;
  /** 行政许可法 §42: the extension (once): who approved it and the reason told to the applicant. */
  readonly extension?: { readonly approver: string; readonly reason: string; readonly at: string } | null;
  /** 容缺受理: the materials committed at acceptance, their date, and whether they are still awaited. */
  readonly gaps?: { readonly missingMaterials: readonly string[]; readonly materialsDueDate: string; readonly outstanding: boolean } | null;
  /** The decision has been delivered (送达, case.delivery.ts); absent in states folded before issue 29. */
  readonly delivered?: boolean;
}

export type CaseState = { readonly status: 'none' } | CaseRecord;
