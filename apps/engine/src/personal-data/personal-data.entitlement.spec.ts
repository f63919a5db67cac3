import type { Principal, Role } from '../auth/roles';
import { mayReadApplicantInClear, mayReadComplainantInClear } from './personal-data.entitlement';

const scjgCase = { caseNo: 'SCJG-20260407-00001', departmentId: 'scjg' };
const as = (role: Role, over: Partial<Principal> = {}): Principal => ({ subject: `test-${role}`, role, ...over });

describe('who sees personal data in clear', () => {
  it('shows a case\'s applicant to the applicant themself and to window staff of the case\'s department', () => {
    expect(mayReadApplicantInClear(as('applicant', { caseNo: scjgCase.caseNo }), scjgCase)).toBe(true);
    expect(mayReadApplicantInClear(as('window-staff', { departmentId: 'scjg', windowId: 'w-scjg' }), scjgCase)).toBe(true);
  });

  it('masks it for another case\'s applicant, another department\'s staff, and every other role', () => {
    expect(mayReadApplicantInClear(as('applicant', { caseNo: 'SCJG-20260407-00002' }), scjgCase)).toBe(false);
    expect(mayReadApplicantInClear(as('window-staff', { departmentId: 'zrzy', windowId: 'w-zrzy' }), scjgCase)).toBe(false);
    for (const role of ['department-head', 'center-admin', 'efficiency-office', 'discipline', 'integration', 'migration'] as const) {
      expect(mayReadApplicantInClear(as(role, { departmentId: 'scjg' }), scjgCase)).toBe(false);
    }
    expect(mayReadApplicantInClear(undefined, scjgCase)).toBe(false);
  });

  it('shows complainants to the discipline window only', () => {
    expect(mayReadComplainantInClear(as('discipline'))).toBe(true);
    expect(['center-admin', 'efficiency-office', 'window-staff'].map((role) => mayReadComplainantInClear(as(role as Role)))).toEqual([false, false, false]);
  });
});
