import { LocalDate } from '../calendar';
import { DomainEvent } from '../shared';
import { AccountabilityAction, ComplaintCategory, ComplaintChannel, RecordedComplainant, ResolvedTarget } from './complaint.types';

interface At {
  readonly at: string;
}

export type ComplaintFiled = DomainEvent<'ComplaintFiled', At & {
  readonly complaintNo: string;
  readonly category: ComplaintCategory;
  /** The county's word for the category (应进不进, 乱收费…). */
  readonly categoryLabel: string;
  readonly channel: ComplaintChannel;
  readonly complainant: RecordedComplainant;
  readonly target: ResolvedTarget;
  readonly summary: string;
  /** References to evidence kept elsewhere (file ids, photo numbers, receipt numbers). */
  readonly evidence: readonly string[];
  readonly filedDate: LocalDate;
  readonly feedbackBy: string | null;
}>;
export type ComplaintAccepted = DomainEvent<'ComplaintAccepted', At & { readonly note: string | null }>;
export type ComplaintDeclined = DomainEvent<'ComplaintDeclined', At & { readonly reason: string }>;
export type ComplaintInvestigationStarted = DomainEvent<'ComplaintInvestigationStarted', At & { readonly investigator: string }>;
export type ComplaintConcluded = DomainEvent<'ComplaintConcluded', At & {
  readonly substantiated: boolean;
  readonly findings: string;
  readonly actions: readonly AccountabilityAction[];
  readonly departmentId: string;
  readonly concludedDate: LocalDate;
  /** Working days from filing to conclusion, the filing day not counted. */
  readonly workingDaysToConclusion: number;
}>;
export type ComplaintFeedbackGiven = DomainEvent<'ComplaintFeedbackGiven', At & {
  readonly message: string;
  readonly feedbackBy: string;
  /** Given after the feedback deadline: itself a finding against the discipline window. */
  readonly late: boolean;
}>;

export type ComplaintEvent =
  | ComplaintFiled
  | ComplaintAccepted
  | ComplaintDeclined
  | ComplaintInvestigationStarted
  | ComplaintConcluded
  | ComplaintFeedbackGiven;

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEvent['type'][] = [
  'ComplaintFiled', 'ComplaintAccepted', 'ComplaintDeclined', 'ComplaintInvestigationStarted', 'ComplaintConcluded', 'ComplaintFeedbackGiven',
];
