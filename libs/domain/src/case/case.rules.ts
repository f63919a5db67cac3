import { ServiceItemState } from '../catalog';
import { rule } from '../shared';
import { ReceiveCase } from './case.commands';
import { CaseRecord, CaseState } from './case.types';
import { ItemVersion } from '../catalog';
import { windowReceivesFor } from '../workflow/one-window';

/** Each rule of a case's life, named as the county would say it. */

export function caseNumberIsNew(state: CaseState, caseNo: string): void {
  rule('CaseNumberIsNew', 'CASE.ALREADY_EXISTS', 'conflict', state.status === 'none', `case ${caseNo} already exists`);
}

export function caseMustExist(state: CaseState): asserts state is CaseRecord {
  rule('CaseMustExist', 'CASE.NOT_FOUND', 'not-found', state.status !== 'none', 'no such case');
}

/** A completed, withdrawn or refused case takes no further step. */
export function caseMustBeActive(state: CaseRecord): void {
  rule('CompletedCaseIsFinal', 'CASE.ALREADY_COMPLETED', 'conflict', state.status !== 'completed', `case ${state.caseNo} is already completed`);
  rule('ClosedCaseIsFinal', 'CASE.CLOSED', 'conflict', state.status !== 'withdrawn' && state.status !== 'not-accepted',
    `case ${state.caseNo} is closed (${state.status})`);
}

/** Histories are facts in order: a command may not take effect before the case's last event. */
export function timeMovesForward(state: CaseRecord, now: string): void {
  rule('TimeMovesForward', 'CASE.TIME_BEFORE_LAST_EVENT', 'unprocessable', Date.parse(now) >= Date.parse(state.lastEventAt),
    `the command's time ${now} is before the case's last event at ${state.lastEventAt}`);
}

export function itemMustBeInForce(item: ServiceItemState, itemCode: string): ItemVersion {
  rule('ItemMustExist', 'ITEM.NOT_FOUND', 'unprocessable', item.status !== 'none', `item ${itemCode} is not in the catalog`);
  rule('WithdrawnItemTakesNoCases', 'CASE.ITEM_WITHDRAWN', 'unprocessable', item.status === 'published',
    `item ${itemCode} has been withdrawn from the catalog`);
  return (item as { current: ItemVersion }).current;
}

/** A case is received where its item's department sits: its own window or its sub-center. */
export function caseIsReceivedByTheItemsDepartment(data: ReceiveCase['data'], item: ItemVersion): void {
  if (data.channel === 'window') {
    rule('WindowMustBeRegistered', 'CASE.UNKNOWN_WINDOW', 'unprocessable', data.window !== null, `window ${data.windowId ?? '(none)'} is not registered`);
    rule('WindowMustBelongToTheItemsDepartment', 'CASE.WRONG_WINDOW', 'unprocessable', windowReceivesFor(data.window, item.departmentId),
      `window ${data.windowId} does not belong to department ${item.departmentId}, which owns item ${item.code}`);
  }
  if (data.channel === 'sub-center') {
    rule('SubCenterMustBeRegistered', 'CASE.UNKNOWN_SUB_CENTER', 'unprocessable', data.subCenter !== null,
      `sub-center ${data.subCenterId ?? '(none)'} is not registered`);
    rule('SubCenterMustBelongToTheItemsDepartment', 'CASE.WRONG_SUB_CENTER', 'unprocessable', data.subCenter?.departmentId === item.departmentId,
      `sub-center ${data.subCenterId} does not handle items of department ${item.departmentId}`);
  }
}

export function clockMustBeRunning(state: CaseRecord): void {
  rule('ClockMustBeRunning', 'CASE.CLOCK_SUSPENDED', 'conflict', state.status !== 'suspended',
    `case ${state.caseNo}'s clock is suspended (${state.suspension?.reason}); resume it first`);
}

export function clockMustBeSuspended(state: CaseRecord): void {
  rule('OnlyASuspendedClockResumes', 'CASE.CLOCK_NOT_SUSPENDED', 'conflict', state.status === 'suspended',
    `case ${state.caseNo}'s clock is not suspended`);
}

/** 一次性告知 (行政许可法 §32): missing materials are listed once, all at once. */
export function materialsAreRequestedAllAtOnce(state: CaseRecord): void {
  rule('MaterialsAreRequestedAllAtOnce', 'CASE.MATERIALS_ALREADY_REQUESTED', 'conflict', !state.materialsRequested,
    `missing materials of case ${state.caseNo} were already listed; they must be requested all at once`);
}

export function suppliesAnswerARequest(state: CaseRecord): void {
  rule('SuppliesAnswerARequest', 'CASE.NO_MATERIALS_REQUESTED', 'conflict', state.suspension?.reason === 'supplement',
    `case ${state.caseNo} is not waiting for materials`);
}

export function specialHandlingIsGrantedOnce(state: CaseRecord): void {
  rule('SpecialHandlingIsGrantedOnce', 'CASE.ALREADY_SPECIAL', 'conflict', !state.special, `case ${state.caseNo} is already under special handling`);
}

export function specialHandlingShortensTheDeadline(state: CaseRecord, newDueDate: string): void {
  rule('SpecialHandlingShortensTheDeadline', 'CASE.SPECIAL_LIMIT_NOT_SHORTER', 'unprocessable', newDueDate < state.dueDate,
    `special handling must bring the due date (${state.dueDate}) forward; ${newDueDate} does not`);
}

export function feeIsAssessedOnce(state: CaseRecord): void {
  rule('FeeIsAssessedOnce', 'CASE.FEE_ALREADY_ASSESSED', 'conflict', state.fee === null, `case ${state.caseNo} already has its fee assessed`);
}

/** A fee charged on a case must be one the item's published terms declare. */
export function feesMustBeDeclaredOnTheItem(state: CaseRecord, feeCodes: readonly string[]): void {
  const declared = new Set(state.item.fees.map((fee) => fee.feeCode));
  const undeclared = feeCodes.filter((code) => !declared.has(code));
  rule('FeesMustBeDeclaredOnTheItem', 'FEE.NOT_ON_ITEM', 'unprocessable', undeclared.length === 0,
    `item ${state.item.code} (version ${state.item.version}) declares no fee ${undeclared.join(', ')}`, { feeCodes: undeclared });
}

/** Windows never take cash: every fee goes through the bank stationed in the center. */
export function cashIsRefused(method: string): void {
  rule('CashIsRefused', 'FEE.CASH_REFUSED', 'unprocessable', method !== 'cash', 'fees are paid through the bank; windows never take cash');
}

export function feeMustBeAssessedBeforePayment(state: CaseRecord): void {
  rule('FeeMustBeAssessedBeforePayment', 'CASE.NO_FEE_ASSESSED', 'conflict', state.fee !== null, `case ${state.caseNo} has no fee assessed`);
  rule('FeeIsPaidOnce', 'CASE.FEE_ALREADY_PAID', 'conflict', !state.feePaid, `case ${state.caseNo}'s fee is already paid`);
}

export function paymentMatchesTheAssessment(state: CaseRecord, amountFen: number): void {
  rule('PaymentMatchesTheAssessment', 'FEE.AMOUNT_MISMATCH', 'unprocessable', state.fee?.totalFen === amountFen,
    `the assessed fee is ${state.fee?.totalFen} fen, not ${amountFen}`);
}

export function approvalNeedsPaidFees(state: CaseRecord, outcome: string): void {
  rule('ApprovalNeedsPaidFees', 'CASE.FEES_UNPAID', 'conflict', outcome !== 'approved' || state.fee === null || state.feePaid || state.fee.totalFen === 0,
    `case ${state.caseNo} cannot be approved before its fee of ${state.fee?.totalFen} fen is paid at the bank`);
}

export function notAcceptedOnlyBeforePayment(state: CaseRecord): void {
  rule('NotAcceptedOnlyBeforePayment', 'CASE.ALREADY_PAID_CANNOT_REFUSE_ACCEPTANCE', 'conflict', !state.feePaid,
    `case ${state.caseNo} has a paid fee: it was accepted and must be completed or withdrawn`);
}

export function onlyCompletedCasesAreRated(state: CaseRecord): void {
  rule('OnlyCompletedCasesAreRated', 'CASE.NOT_COMPLETED', 'conflict', state.status === 'completed', `case ${state.caseNo} is not completed yet`);
  rule('ACaseIsRatedOnce', 'CASE.ALREADY_RATED', 'conflict', state.rating === null, `case ${state.caseNo} is already rated`);
}

/** 行政许可法 §32: after the 5-day window, missing materials can no longer stop the clock. */
export function materialsAreListedWithinFiveDays(state: CaseRecord, now: string): void {
  rule('MaterialsAreListedWithinFiveDays', 'CASE.MATERIALS_NOTICE_TOO_LATE', 'unprocessable',
    !state.acceptanceDeemed && Date.parse(now) <= Date.parse(state.materialsNoticeBy),
    `missing materials had to be listed by ${state.materialsNoticeBy}; the application stands as accepted on ${state.acceptedDate}`);
}
