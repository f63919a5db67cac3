import type { CaseEvent } from '../case/case.events';
import type { CaseRecord } from '../case/case.types';
import { materialsAreListedWithinFiveDays, materialsAreRequestedAllAtOnce } from '../case/case.rules';
import { rule } from '../shared';

/**
 * 网上预审: an application from the online channel under an item with steps is held at its
 * department's acceptance pool, its clock stopped (`pre-review`), until a pre-reviewer passes it
 * (the clock starts that day), returns it for every missing material at once, or does not accept
 * it with the reason.
 */
export const PRE_REVIEW_NOTE = '网上预审';

export function inPreReview(state: CaseRecord): boolean {
  return state.status === 'suspended' && state.suspension?.reason === 'pre-review';
}

/** What an online application starts with: its clock held for pre-review. */
export function preReviewHold(at: string): CaseEvent {
  return { type: 'ClockSuspended', data: { at, reason: 'pre-review', note: PRE_REVIEW_NOTE } };
}

/** Returned in pre-review: every missing material listed at once (一次性告知); the clock stays held until it is passed. */
export function returnForMaterials(state: CaseRecord, at: string, materials: readonly string[], note: string | null): CaseEvent[] {
  materialsAreRequestedAllAtOnce(state);
  materialsAreListedWithinFiveDays(state, at);
  return [{ type: 'MaterialsRequested', data: { at, materials, note } }];
}

export function suppliedInPreReview(state: CaseRecord, at: string, materials: readonly string[]): CaseEvent[] {
  rule('SuppliesAnswerARequest', 'CASE.NO_MATERIALS_REQUESTED', 'conflict', state.materialsRequested,
    `case ${state.caseNo} is not waiting for materials`);
  return [{ type: 'MaterialsSupplied', data: { at, materials } }];
}
