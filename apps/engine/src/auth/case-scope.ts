import { ForbiddenException } from '@nestjs/common';

/** The part of a caller's token that binds them to a department (window staff, department heads). */
export interface CallerScope {
  readonly role: string;
  readonly departmentId?: string;
}

/**
 * Rule CaseIsWorkedWithinTheCallersDepartment: a window clerk acts on, and reads, the cases of
 * their own department's items only — knowing another department's case number opens nothing.
 * The guard cannot see this (it needs the case), so handlers apply it to the loaded record.
 */
export function caseOutOfScope(caller: CallerScope | undefined, caseDepartmentId: string): string | null {
  if (caller?.role !== 'window-staff' && caller?.role !== 'department-head') return null;
  return caller.departmentId === caseDepartmentId ? null : `this token is for department ${caller.departmentId} only; the case is ${caseDepartmentId}'s`;
}

export function assertCaseInScope(caller: CallerScope | undefined, caseDepartmentId: string): void {
  const reason = caseOutOfScope(caller, caseDepartmentId);
  if (reason !== null) throw new ForbiddenException({ code: 'AUTH.OUT_OF_SCOPE', message: reason });
}
