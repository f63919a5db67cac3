import { rule } from '../shared';
import { FileComplaint } from './complaint.commands';
import { SealedPersonalData } from '../personal-data';
import { AccountabilityAction, Complainant, ComplaintRecord, ComplaintState, ComplaintStatus, RecordedComplainant, ResolvedTarget } from './complaint.types';

/** Each rule of a complaint's life, named as the discipline window would say it. */

export function complaintNumberIsNew(state: ComplaintState, complaintNo: string): void {
  rule('ComplaintNumberIsNew', 'COMPLAINT.ALREADY_EXISTS', 'conflict', state.status === 'none', `complaint ${complaintNo} already exists`);
}

export function complaintMustExist(state: ComplaintState): asserts state is ComplaintRecord {
  rule('ComplaintMustExist', 'COMPLAINT.NOT_FOUND', 'not-found', state.status !== 'none', 'no such complaint');
}

/** Feedback needs someone to reach: a named complainant gives a contact, an anonymous one must. */
export function complainantCanBeReached(complainant: Complainant, channel: FileComplaint['data']['channel']): void {
  const system = complainant.kind === 'system';
  rule('OnlyTheEngineFilesAutomatically', 'COMPLAINT.CHANNEL_MISMATCH', 'unprocessable', system === (channel === 'automatic'),
    'automatic files are opened by the engine; a complainant files at the window or online');
  if (complainant.kind !== 'system') {
    rule('ComplainantCanBeReached', 'COMPLAINT.CONTACT_REQUIRED', 'unprocessable', complainant.contact.trim().length > 0,
      'a complaint needs a contact for the feedback, anonymous or not');
  }
}

/**
 * The event records a named or anonymous complainant only as the handler sealed them (README
 * "Personal data"); a command without the sealed form is the handler's bug, refused.
 */
export function personalDataIsNeverRecordedInClear(complainant: Complainant, sealed: SealedPersonalData | null): RecordedComplainant {
  if (complainant.kind === 'system') return complainant;
  rule('PersonalDataIsNeverRecordedInClear', 'COMPLAINT.COMPLAINANT_NOT_SEALED', 'unprocessable', sealed !== null,
    'the complainant\'s personal fields must be sealed before the complaint is recorded');
  return { kind: complainant.kind, personId: (sealed as SealedPersonalData).personId, sealed: (sealed as SealedPersonalData).sealed };
}

/**
 * A complaint is against something the center knows: every named department, window, staff
 * member, case or item must exist, and they must all belong to one department — the one the
 * complaint counts against.
 */
export function targetResolvesToOneDepartment(data: FileComplaint['data']): ResolvedTarget {
  const { target, lookups } = data;
  const named = [target.departmentId, target.windowId, target.staffId, target.caseNo, target.itemCode].filter((v) => v);
  rule('ComplaintHasATarget', 'COMPLAINT.NO_TARGET', 'unprocessable', named.length > 0,
    'a complaint is against a department, a window, a staff member, a case or an item');
  const unknown = ([
    ['department', target.departmentId, lookups.department],
    ['window', target.windowId, lookups.window],
    ['staff member', target.staffId, lookups.staff],
    ['case', target.caseNo, lookups.case],
    ['item', target.itemCode, lookups.item],
  ] as const).filter(([, id, found]) => id && !found).map(([what, id]) => `${what} ${id}`);
  rule('TargetMustBeKnown', 'COMPLAINT.UNKNOWN_TARGET', 'unprocessable', unknown.length === 0, `unknown ${unknown.join(', ')}`, { unknown });
  const departments = new Set([lookups.department?.id, lookups.window?.departmentId, lookups.staff?.departmentId,
    lookups.case?.departmentId, lookups.item?.departmentId].filter((d): d is string => Boolean(d)));
  rule('TargetBelongsToOneDepartment', 'COMPLAINT.TARGET_SPANS_DEPARTMENTS', 'unprocessable', departments.size === 1,
    `the complaint's target belongs to departments ${[...departments].join(', ')}; file one complaint per department`);
  return {
    departmentId: [...departments][0], windowId: target.windowId ?? null, staffId: target.staffId ?? null,
    caseNo: target.caseNo ?? null, itemCode: target.itemCode ?? null,
  };
}

export function statusMustBe(state: ComplaintRecord, allowed: readonly ComplaintStatus[], action: string): void {
  rule(`${action}FollowsTheLifecycle`, 'COMPLAINT.WRONG_STATUS', 'conflict', allowed.includes(state.status),
    `complaint ${state.complaintNo} is ${state.status}; it can be ${action.toLowerCase()} only when ${allowed.join(' or ')}`,
    { status: state.status, allowed });
}

/** Accountability follows a finding: an unsubstantiated complaint holds nobody accountable. */
export function actionsNeedASubstantiatedComplaint(substantiated: boolean, actions: readonly AccountabilityAction[]): void {
  rule('ActionsNeedASubstantiatedComplaint', 'COMPLAINT.ACTIONS_WITHOUT_FINDING', 'unprocessable', substantiated || actions.length === 0,
    'accountability actions follow only a substantiated complaint');
}

/** 诫勉 falls on the department the complaint is against. */
export function admonitionIsOfTheComplaintsDepartment(state: ComplaintRecord, actions: readonly AccountabilityAction[]): void {
  const others = actions.filter((a) => a.kind === 'admonish-department' && a.departmentId !== state.departmentId);
  rule('AdmonitionIsOfTheComplaintsDepartment', 'COMPLAINT.ADMONITION_OF_ANOTHER_DEPARTMENT', 'unprocessable', others.length === 0,
    `complaint ${state.complaintNo} is against department ${state.departmentId}; it cannot admonish another`);
}

/** Only staff posted at a window can be returned to their department. */
export function returnedStaffMustBePosted(actions: readonly AccountabilityAction[], postedStaff: readonly string[]): void {
  const notPosted = actions.filter((a) => a.kind === 'return-staff' && !postedStaff.includes(a.staffId))
    .map((a) => (a as { staffId: string }).staffId);
  rule('ReturnedStaffMustBePosted', 'COMPLAINT.STAFF_NOT_POSTED', 'unprocessable', notPosted.length === 0,
    `${notPosted.join(', ')} is not posted at a window`, { staffIds: notPosted });
}

/** Engine-opened files have no complainant to answer. */
export function feedbackNeedsAComplainant(state: ComplaintRecord): asserts state is ComplaintRecord & { feedbackBy: string } {
  rule('FeedbackNeedsAComplainant', 'COMPLAINT.NO_COMPLAINANT', 'conflict', state.feedbackBy !== null,
    `complaint ${state.complaintNo} was opened by the engine; there is no complainant to answer`);
}

/** Histories are facts in order. */
export function timeMovesForward(state: ComplaintRecord, now: string): void {
  rule('TimeMovesForward', 'COMPLAINT.TIME_BEFORE_LAST_EVENT', 'unprocessable', Date.parse(now) >= Date.parse(state.lastEventAt),
    `the command's time ${now} is before the complaint's last event at ${state.lastEventAt}`);
}
