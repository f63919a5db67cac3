import { LocalDate, shanghaiDateOf } from '../calendar';
import { Department, ServiceWindow } from '../organization';
import { DomainEvent, Decider, DecisionContext } from '../shared';
import * as rules from './staff.rules';

/**
 * Window staff (窗口工作人员): posted to a window from their department, authorized by the
 * department head for a set of items — the electronic form of the approval seal
 * (行政审批专用章) — and returned to their department when a complaint's conclusion says so.
 */
export type PostStaff = {
  readonly type: 'PostStaff';
  readonly data: {
    readonly staffId: string; readonly name: string; readonly departmentId: string; readonly windowId: string; readonly postedOn: LocalDate;
    /** The handler's look-ups. */
    readonly department: Department | null; readonly window: ServiceWindow | null;
  };
};
export type AuthorizeStaff = {
  readonly type: 'AuthorizeStaff';
  readonly data: {
    readonly itemCodes: readonly string[];
    /** The department head who grants it. */
    readonly grantedBy: string;
    /** The handler's look-up of each item: its department, or null when it is not in the catalog. */
    readonly items: readonly { readonly code: string; readonly departmentId: string | null }[];
  };
};
export type RevokeAuthorization = { readonly type: 'RevokeAuthorization'; readonly data: { readonly itemCodes: readonly string[]; readonly reason: string } };
/** A complaint's conclusion returns the staff member to their department (the log reader's command: it never fails). */
export type ReturnStaff = { readonly type: 'ReturnStaff'; readonly data: { readonly complaintNo: string; readonly reason: string } };
export type StaffCommand = PostStaff | AuthorizeStaff | RevokeAuthorization | ReturnStaff;

export type StaffPosted = DomainEvent<'StaffPosted', {
  readonly at: string; readonly staffId: string; readonly name: string; readonly departmentId: string; readonly windowId: string; readonly postedOn: LocalDate;
}>;
export type StaffAuthorized = DomainEvent<'StaffAuthorized', { readonly at: string; readonly itemCodes: readonly string[]; readonly grantedBy: string }>;
export type StaffAuthorizationRevoked = DomainEvent<'StaffAuthorizationRevoked', { readonly at: string; readonly itemCodes: readonly string[]; readonly reason: string }>;
/** The posting ends and every authorization with it, in one event: there is no moment with one but not the other. */
export type StaffReturnedToDepartment = DomainEvent<'StaffReturnedToDepartment', {
  readonly at: string; readonly complaintNo: string; readonly reason: string; readonly departmentId: string; readonly windowId: string;
  readonly postedOn: LocalDate; readonly returnedOn: LocalDate; readonly revokedItemCodes: readonly string[];
}>;
export type StaffEvent = StaffPosted | StaffAuthorized | StaffAuthorizationRevoked | StaffReturnedToDepartment;
export const STAFF_EVENT_TYPES: readonly StaffEvent['type'][] = ['StaffPosted', 'StaffAuthorized', 'StaffAuthorizationRevoked', 'StaffReturnedToDepartment'];

export interface StaffRecord {
  readonly status: 'posted' | 'returned';
  readonly staffId: string;
  readonly name: string;
  readonly departmentId: string;
  readonly windowId: string;
  readonly postedOn: LocalDate;
  readonly itemCodes: readonly string[];
  /** Complaints that returned this staff member (one return per complaint). */
  readonly returnedBy: readonly string[];
}
export type StaffState = { readonly status: 'none' } | StaffRecord;

/** What the case's receipt and decision check: the items a staff member on the roster may handle (none once returned). */
export interface StaffAuthorizations {
  readonly staffId: string;
  readonly departmentId: string;
  readonly itemCodes: readonly string[];
}

export const staffStreamId = (staffId: string): string => `staff-${staffId}`;

export function initialStaffState(): StaffState {
  return { status: 'none' };
}

/** A posting is meant to last at least a year (DOMAIN.md); a shorter one so far is flagged on the roster. */
export function postingUnderOneYear(postedOn: LocalDate, today: LocalDate): boolean {
  const anniversary = `${Number(postedOn.slice(0, 4)) + 1}${postedOn.slice(4)}`;
  return today < anniversary;
}

export function decideStaff(command: StaffCommand, state: StaffState, now: string): StaffEvent[] {
  const at = now;
  switch (command.type) {
    case 'PostStaff': {
      const d = command.data;
      rules.staffIsNotPostedTwice(state, d.staffId);
      rules.postingIsAtAWindowOfTheDepartment(d);
      rules.postingHasHappened(d.postedOn, shanghaiDateOf(now));
      return [{ type: 'StaffPosted', data: { at, staffId: d.staffId, name: d.name, departmentId: d.departmentId, windowId: d.windowId, postedOn: d.postedOn } }];
    }
    case 'AuthorizeStaff': {
      rules.staffMustBePosted(state);
      rules.authorizedItemsAreTheDepartments(state, command.data.items);
      const fresh = command.data.itemCodes.filter((code) => !state.itemCodes.includes(code));
      if (fresh.length === 0) return [];
      return [{ type: 'StaffAuthorized', data: { at, itemCodes: fresh, grantedBy: command.data.grantedBy } }];
    }
    case 'RevokeAuthorization': {
      rules.staffMustBePosted(state);
      const held = command.data.itemCodes.filter((code) => state.itemCodes.includes(code));
      if (held.length === 0) return [];
      return [{ type: 'StaffAuthorizationRevoked', data: { at, itemCodes: held, reason: command.data.reason } }];
    }
    case 'ReturnStaff': {
      // Driven by a log reader: a staff member no longer posted, or already returned by this complaint, records nothing.
      if (state.status !== 'posted' || state.returnedBy.includes(command.data.complaintNo)) return [];
      return [{
        type: 'StaffReturnedToDepartment',
        data: { at, complaintNo: command.data.complaintNo, reason: command.data.reason, departmentId: state.departmentId, windowId: state.windowId,
          postedOn: state.postedOn, returnedOn: shanghaiDateOf(now), revokedItemCodes: state.itemCodes },
      }];
    }
  }
}

export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  if (event.type === 'StaffPosted') {
    const d = event.data;
    return { status: 'posted', staffId: d.staffId, name: d.name, departmentId: d.departmentId, windowId: d.windowId, postedOn: d.postedOn,
      itemCodes: [], returnedBy: state.status === 'none' ? [] : state.returnedBy };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'StaffAuthorized':
      return { ...state, itemCodes: [...state.itemCodes, ...event.data.itemCodes] };
    case 'StaffAuthorizationRevoked':
      return { ...state, itemCodes: state.itemCodes.filter((code) => !event.data.itemCodes.includes(code)) };
    case 'StaffReturnedToDepartment':
      return { ...state, status: 'returned', itemCodes: [], returnedBy: [...state.returnedBy, event.data.complaintNo] };
  }
}

/** A staff member: posting at a window, authorizations for items, return to the department. */
export const staffDecider: Decider<StaffCommand, StaffState, StaffEvent, DecisionContext> = {
  initialState: initialStaffState, evolve: evolveStaff, decide: (command, state, context) => decideStaff(command, state, context.now),
};
