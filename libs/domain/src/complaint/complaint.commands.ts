import { SealedPersonalData } from '../personal-data';
import { AccountabilityAction, Complainant, ComplaintCategory, ComplaintChannel, ComplaintTarget } from './complaint.types';

/** What the handler looked up about each thing the target names: the department it belongs to, or null when unknown. */
export interface TargetLookups {
  readonly department: { readonly id: string } | null;
  readonly window: { readonly departmentId: string } | null;
  readonly staff: { readonly departmentId: string } | null;
  readonly case: { readonly departmentId: string } | null;
  readonly item: { readonly departmentId: string } | null;
}

export type FileComplaint = {
  readonly type: 'FileComplaint';
  readonly data: {
    readonly complaintNo: string;
    readonly category: ComplaintCategory;
    readonly channel: ComplaintChannel;
    readonly complainant: Complainant;
    /** The complainant's personal fields sealed by the handler (null for an engine-opened file): what the event records. */
    readonly sealedComplainant: SealedPersonalData | null;
    readonly target: ComplaintTarget;
    readonly lookups: TargetLookups;
    readonly summary: string;
    readonly evidence: readonly string[];
  };
};
export type AcceptComplaint = { readonly type: 'AcceptComplaint'; readonly data: { readonly note: string | null } };
export type DeclineComplaint = { readonly type: 'DeclineComplaint'; readonly data: { readonly reason: string } };
export type StartInvestigation = { readonly type: 'StartInvestigation'; readonly data: { readonly investigator: string } };
export type ConcludeComplaint = {
  readonly type: 'ConcludeComplaint';
  readonly data: {
    readonly substantiated: boolean;
    readonly findings: string;
    readonly actions: readonly AccountabilityAction[];
    /** The handler's look-up of every staff member a `return-staff` action names: posted at a window, or not. */
    readonly postedStaff: readonly string[];
  };
};
export type GiveFeedback = { readonly type: 'GiveFeedback'; readonly data: { readonly message: string } };

export type ComplaintCommand = FileComplaint | AcceptComplaint | DeclineComplaint | StartInvestigation | ConcludeComplaint | GiveFeedback;
