import { LocalDate } from '../calendar';
import { SealedPersonalData } from '../personal-data';

/**
 * The grounds the discipline window (纪检监察) acts on (DOMAIN.md), with stable English
 * codes for the API and the county's own words kept as the label.
 */
export const COMPLAINT_CATEGORIES = {
  'not-in-center': '应进不进',
  'nominally-in-center': '名进实不进',
  'double-acceptance': '两头受理',
  'not-within-time-limit': '不按规定时限办结',
  'major-project-not-special': '重大项目不特事特办',
  'favours-gifts-bribes': '吃拿卡要',
  'illegal-fee': '乱收费',
  'immediate-treated-as-promised': '即办件按承诺件办理',
  'service-attitude': '服务态度',
  other: '其他',
} as const;
export type ComplaintCategory = keyof typeof COMPLAINT_CATEGORIES;
export const COMPLAINT_CATEGORY_CODES = Object.keys(COMPLAINT_CATEGORIES) as ComplaintCategory[];

/** Where a complaint came in; `automatic` files are opened by the engine itself from the record. */
export const COMPLAINT_CHANNELS = ['window', 'online', 'automatic'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/**
 * Who complains, as filed: a named complainant or an anonymous one with a contact for the
 * feedback; a file the engine opens names its trigger instead. The command carries it in clear
 * (the rules look at the contact); the event only sealed (`RecordedComplainant`).
 */
export type Complainant =
  | { readonly kind: 'named'; readonly name: string; readonly contact: string; readonly idNumber?: string }
  | { readonly kind: 'anonymous'; readonly contact: string }
  | { readonly kind: 'system'; readonly trigger: string };

/**
 * The complainant as the record keeps them: name, contact and ID number sealed under the
 * person's own key (README "Personal data"); only the discipline window reads them back.
 */
export type RecordedComplainant =
  | ({ readonly kind: 'named' | 'anonymous' } & SealedPersonalData)
  | { readonly kind: 'system'; readonly trigger: string };

/** What a complaint is against, as filed: at least one of these. */
export interface ComplaintTarget {
  readonly departmentId?: string | null;
  readonly windowId?: string | null;
  readonly staffId?: string | null;
  readonly caseNo?: string | null;
  readonly itemCode?: string | null;
}

/** The target after the handler's look-ups: every known thing says which department it belongs to. */
export interface ResolvedTarget {
  readonly departmentId: string;
  readonly windowId: string | null;
  readonly staffId: string | null;
  readonly caseNo: string | null;
  readonly itemCode: string | null;
}

/** Who is held accountable (问责): the department head, the head in charge, the person directly responsible. */
export const ACCOUNTABLE_ROLES = ['department-head', 'head-in-charge', 'directly-responsible'] as const;
export type AccountableRole = (typeof ACCOUNTABLE_ROLES)[number];

export type AccountabilityAction =
  /** 诫勉: the department is admonished. */
  | { readonly kind: 'admonish-department'; readonly departmentId: string }
  /** A window staff member is returned to their department: the posting and every authorization end. */
  | { readonly kind: 'return-staff'; readonly staffId: string }
  | { readonly kind: 'hold-accountable'; readonly role: AccountableRole; readonly person: string };
export const ACCOUNTABILITY_KINDS = ['admonish-department', 'return-staff', 'hold-accountable'] as const;

export type ComplaintStatus = 'filed' | 'accepted' | 'declined' | 'investigating' | 'concluded' | 'feedback-given';

export interface ComplaintRecord {
  readonly status: ComplaintStatus;
  readonly complaintNo: string;
  readonly category: ComplaintCategory;
  readonly departmentId: string;
  readonly filedAt: string;
  readonly filedDate: LocalDate;
  /** The end of the last working day for feedback; null for a file the engine opened (nobody to answer). */
  readonly feedbackBy: string | null;
  readonly substantiated: boolean | null;
  readonly lastEventAt: string;
}

export type ComplaintState = { readonly status: 'none' } | ComplaintRecord;
