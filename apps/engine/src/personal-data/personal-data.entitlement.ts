import type { Principal } from '../auth/roles';

/** How personal fields are shown to a caller: in clear, masked (330102********1234), or erased when the person's key is gone. */
export type Shown = 'clear' | 'masked' | 'erased';

/** What the entitlement rule needs to know about a case. */
export interface CaseFacts {
  readonly caseNo: string;
  readonly departmentId: string;
}

/**
 * ApplicantDataIsForTheirCaseHandlersOnly: the clear values of a case's applicant go to the
 * applicant themself (their case token) and to the window staff of the case's department,
 * who handle it. Everyone else — department heads, the center, the efficiency office,
 * discipline, the integration services — sees them masked: their work needs the case, not
 * the person.
 */
export function mayReadApplicantInClear(principal: Principal | undefined, facts: CaseFacts): boolean {
  if (!principal) return false;
  if (principal.role === 'applicant') return principal.caseNo === facts.caseNo;
  if (principal.role === 'window-staff') return principal.departmentId === facts.departmentId;
  return false;
}

/** ComplainantIdentityIsForDisciplineOnly: who complained is the discipline window's (纪检监察) alone. */
export function mayReadComplainantInClear(principal: Principal | undefined): boolean {
  return principal?.role === 'discipline';
}
