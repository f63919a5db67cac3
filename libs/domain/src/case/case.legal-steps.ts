import { LocalDate, shanghaiDateOf } from '../calendar';
import { rule } from '../shared';
import { AcceptWithGaps, ExtendTimeLimit, SupplyCommittedMaterials } from './case.commands';
import { deadlineFor } from './case.deadline';
import type { CaseContext } from './case.decider';
import { AcceptedWithGaps, CommittedMaterialsSupplied, TimeLimitExtended } from './case.events';
import { CaseRecord } from './case.types';

/*
 * Two steps of the Administrative Licensing Law (行政许可法) beside the case's ordinary life.
 * Each rule is a named function with a stable code, as in case.rules.ts.
 */

/** §42: the limit may be extended by 10 working days, with the approval of the agency head, once. */
export const EXTENSION_WORKING_DAYS = 10;

/**
 * 延期 (§42): the department head extends the limit by 10 working days, once, before it has run
 * out; the reason is recorded to be told to the applicant (it is on the case's own view).
 */
export function extendTimeLimit(command: ExtendTimeLimit, state: CaseRecord, context: CaseContext): TimeLimitExtended[] {
  extensionIsGrantedOnce(state);
  extensionBeforeTheLimitRunsOut(state, context.now);
  const limitDays = state.limitDays + EXTENSION_WORKING_DAYS;
  const deadline = deadlineFor(context.calendar, state.acceptedDate, limitDays + state.suspendedWorkingDays, context.warningWorkingDaysBefore);
  return [{ type: 'TimeLimitExtended', data: { at: context.now, approver: command.data.approver, reason: command.data.reason,
    extraWorkingDays: EXTENSION_WORKING_DAYS, limitDays, previousDueDate: state.dueDate, ...deadline } }];
}

/**
 * 容缺受理: the case is accepted with non-essential materials missing, on the applicant's written
 * commitment to supply them by a date within the limit; the clock keeps running.
 */
export function acceptWithGaps(command: AcceptWithGaps, state: CaseRecord, context: CaseContext): AcceptedWithGaps[] {
  gapsAreRecordedOnce(state);
  gapMaterialsAreDueWithinTheLimit(state, command.data.materialsDueDate, shanghaiDateOf(context.now));
  return [{ type: 'AcceptedWithGaps', data: { at: context.now, missingMaterials: command.data.missingMaterials, commitment: command.data.commitment,
    materialsDueDate: command.data.materialsDueDate } }];
}

/** The committed materials arrive (late when after their date: the case may then be refused instead). */
export function supplyCommittedMaterials(command: SupplyCommittedMaterials, state: CaseRecord, context: CaseContext): CommittedMaterialsSupplied[] {
  rule('SuppliesAnswerACommitment', 'CASE.NO_COMMITTED_MATERIALS', 'conflict', state.gaps?.outstanding === true,
    `case ${state.caseNo} awaits no committed materials`);
  const late = shanghaiDateOf(context.now) > (state.gaps?.materialsDueDate ?? '');
  return [{ type: 'CommittedMaterialsSupplied', data: { at: context.now, materials: command.data.materials, late } }];
}

/** An approval needs the materials committed at acceptance (容缺受理); a refusal does not — it is how such a case ends. */
export function approvalNeedsCommittedMaterials(state: CaseRecord, outcome: string): void {
  rule('ApprovalNeedsCommittedMaterials', 'CASE.COMMITTED_MATERIALS_MISSING', 'conflict', outcome !== 'approved' || state.gaps?.outstanding !== true,
    `case ${state.caseNo} was accepted on a commitment to supply ${state.gaps?.missingMaterials.join(', ')} by ${state.gaps?.materialsDueDate}: not yet supplied`);
}

export function extensionIsGrantedOnce(state: CaseRecord): void {
  rule('ExtensionIsGrantedOnce', 'CASE.ALREADY_EXTENDED', 'conflict', !state.extension, `case ${state.caseNo}'s limit was already extended (§42: once)`);
}

/** An extension is decided within the limit (§42), not after the case is overdue. */
export function extensionBeforeTheLimitRunsOut(state: CaseRecord, now: string): void {
  rule('ExtensionBeforeTheLimitRunsOut', 'CASE.EXTENSION_TOO_LATE', 'unprocessable', Date.parse(now) <= Date.parse(state.dueAt),
    `case ${state.caseNo}'s limit ran out at ${state.dueAt}: an extension is decided within it`);
}

export function gapsAreRecordedOnce(state: CaseRecord): void {
  rule('GapsAreRecordedOnce', 'CASE.GAPS_ALREADY_RECORDED', 'conflict', state.gaps === undefined || state.gaps === null,
    `case ${state.caseNo} was already accepted with gaps`);
}

/** The materials' date lies between today and the case's due date (the supplement deadline cannot exceed the limit). */
export function gapMaterialsAreDueWithinTheLimit(state: CaseRecord, dueDate: LocalDate, today: LocalDate): void {
  rule('GapMaterialsAreDueWithinTheLimit', 'CASE.GAP_DEADLINE_BEYOND_LIMIT', 'unprocessable', dueDate <= state.dueDate,
    `the committed materials must be due by the case's due date ${state.dueDate}, not ${dueDate}`);
  rule('GapMaterialsAreDueAfterToday', 'CASE.GAP_DEADLINE_PASSED', 'unprocessable', dueDate >= today, `${dueDate} has passed`);
}
