import { LocalDate } from '../calendar';
import { rule } from '../shared';
import type { PostStaff, StaffAuthorizations, StaffRecord, StaffState } from './staff.decider';

export function staffIsNotPostedTwice(state: StaffState, staffId: string): void {
  rule('StaffIsPostedOnce', 'STAFF.ALREADY_POSTED', 'conflict', state.status !== 'posted', `staff member ${staffId} is already posted at a window`);
}

export function postingIsAtAWindowOfTheDepartment(data: PostStaff['data']): void {
  rule('DepartmentMustBeRegistered', 'STAFF.UNKNOWN_DEPARTMENT', 'unprocessable', data.department !== null, `department ${data.departmentId} is not registered`);
  rule('WindowMustBeRegistered', 'STAFF.UNKNOWN_WINDOW', 'unprocessable', data.window !== null, `window ${data.windowId} is not registered`);
  rule('StaffSitAtTheirDepartmentsWindow', 'STAFF.WRONG_WINDOW', 'unprocessable', data.window?.departmentId === data.departmentId,
    `window ${data.windowId} does not belong to department ${data.departmentId}`);
}

export function postingHasHappened(postedOn: LocalDate, today: LocalDate): void {
  rule('PostingsAreRecordedWhenTheyHappen', 'STAFF.POSTED_IN_FUTURE', 'unprocessable', postedOn <= today, `a posting on ${postedOn} has not happened yet`);
}

export function staffMustBePosted(state: StaffState): asserts state is StaffRecord {
  rule('StaffMustExist', 'STAFF.NOT_FOUND', 'not-found', state.status !== 'none', 'no such staff member');
  rule('StaffMustBePosted', 'STAFF.NOT_POSTED', 'conflict', state.status === 'posted',
    `staff member ${(state as StaffRecord).staffId} is no longer posted at a window`);
}

/** A department head authorizes their own staff for their own department's items only. */
export function authorizedItemsAreTheDepartments(state: StaffRecord, items: readonly { code: string; departmentId: string | null }[]): void {
  const unknown = items.filter((i) => i.departmentId === null).map((i) => i.code);
  rule('AuthorizedItemsMustExist', 'STAFF.UNKNOWN_ITEM', 'unprocessable', unknown.length === 0, `items ${unknown.join(', ')} are not in the catalog`,
    { itemCodes: unknown });
  const foreign = items.filter((i) => i.departmentId !== null && i.departmentId !== state.departmentId).map((i) => i.code);
  rule('AuthorizationIsForTheDepartmentsItems', 'STAFF.ITEM_OF_ANOTHER_DEPARTMENT', 'unprocessable', foreign.length === 0,
    `items ${foreign.join(', ')} belong to another department than ${state.departmentId}`, { itemCodes: foreign });
}

/**
 * Receipt or decision by a staff member on the roster needs their authorization for the item.
 * A command naming no staff member, or one not on the roster, is not judged here.
 */
/** A staff member a decision is recorded under must be on the roster: the roster, not the token, says what they may do. */
export function staffMustBeOnTheRoster(staffId: string | null | undefined, staff: StaffAuthorizations | null | undefined): void {
  rule('StaffMustBeOnTheRoster', 'CASE.STAFF_NOT_ON_ROSTER', 'unprocessable', !staffId || Boolean(staff),
    `staff member ${staffId} is not on the center's roster`, { staffId });
}

export function staffMustBeAuthorizedForTheItem(staff: StaffAuthorizations | null | undefined, itemCode: string): void {
  if (!staff) return;
  rule('StaffMustBeAuthorizedForTheItem', 'CASE.STAFF_NOT_AUTHORIZED', 'unprocessable', staff.itemCodes.includes(itemCode),
    `staff member ${staff.staffId} is not authorized for item ${itemCode}`, { staffId: staff.staffId, itemCode });
}
