import type { ServiceWindow } from '../organization';
import { rule } from '../shared';

/**
 * 一窗受理 (受办分离): a comprehensive window receives, besides its own department's items, the
 * items of every department it serves, and hands each case to that department's back office.
 */
export function windowReceivesFor(window: ServiceWindow | null, departmentId: string): boolean {
  if (!window) return false;
  return window.departmentId === departmentId || (window.comprehensive && (window.serves ?? []).includes(departmentId));
}

/** The window received the case for a department other than its own (the one-window case). */
export function receivedForAnotherDepartment(window: ServiceWindow | null, departmentId: string): boolean {
  return window !== null && window.departmentId !== departmentId && windowReceivesFor(window, departmentId);
}

/** Only a comprehensive window serves other departments, and only registered ones. */
export function windowServesRegisteredDepartments(window: ServiceWindow, departmentExists: (id: string) => boolean): void {
  const serves = window.serves ?? [];
  rule('OnlyAComprehensiveWindowServesOthers', 'ORG.WINDOW_NOT_COMPREHENSIVE', 'unprocessable', serves.length === 0 || window.comprehensive,
    `window ${window.id} is not comprehensive (综合窗口): it receives its own department's items only`);
  const unknown = serves.filter((id) => !departmentExists(id));
  rule('ServedDepartmentsMustExist', 'ORG.UNKNOWN_DEPARTMENT', 'unprocessable', unknown.length === 0,
    `departments ${unknown.join(', ')} are not registered`, { departmentIds: unknown });
}
