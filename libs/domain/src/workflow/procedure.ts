import { rule } from '../shared';
import type { ItemTerms } from '../catalog/service-item';

/** What a step (环节) of an item's procedure is for. */
export const STEP_KINDS = ['acceptance', 'review', 'decision', 'delivery'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * Who performs a step: the window staff (受理, 送达), a reviewer of the department's back office
 * (审查), the approver (决定: the department head, or a staff member the head delegated to).
 */
export const STEP_ROLES = ['window-staff', 'reviewer', 'approver'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

/** One step (环节) of an item's procedure: what a case accepted under the item goes through, in order. */
export interface ProcedureStep {
  /** Stable within the procedure: events and tasks name the step by it (e.g. `review`). */
  readonly id: string;
  /** 受理, 审查, 决定, 送达… */
  readonly name: string;
  readonly kind: StepKind;
  readonly role: StepRole;
  /** Working days the step may take; the steps' limits add up to at most the promised limit. */
  readonly limitDays: number;
  /** May be performed outside the hall (远程审批: on a phone, from the "my tasks" page). */
  readonly remoteAllowed: boolean;
}

const NAMES: Record<StepKind, string> = { acceptance: '受理', review: '审查', decision: '决定', delivery: '送达' };
const ROLE_OF: Record<StepKind, StepRole> = {
  acceptance: 'window-staff', review: 'reviewer', decision: 'approver', delivery: 'window-staff',
};

/** Builds one step with the usual name and performer of its kind. */
export function step(kind: StepKind, limitDays: number, overrides: Partial<ProcedureStep> = {}): ProcedureStep {
  return { id: kind, name: NAMES[kind], kind, role: ROLE_OF[kind], limitDays, remoteAllowed: kind === 'review' || kind === 'decision', ...overrides };
}

/**
 * The procedure a case accepted under these terms goes through: the item's own steps, or,
 * for an item that defines none, one derived from it. An immediate item is one step
 * (acceptance, decided on the spot); a promised item is acceptance (same day), review (the
 * promised limit less one day, at least one), decision (one day), delivery (same day).
 */
export function procedureOf(terms: Pick<ItemTerms, 'category' | 'promisedLimitDays'> & { readonly steps?: readonly ProcedureStep[] }): readonly ProcedureStep[] {
  if (terms.steps && terms.steps.length > 0) return terms.steps;
  if (terms.category === 'immediate') return [step('acceptance', 0, { name: '受理即办' })];
  const decision = terms.promisedLimitDays >= 2 ? 1 : 0;
  return [step('acceptance', 0), step('review', terms.promisedLimitDays - decision), step('decision', decision), step('delivery', 0)];
}

/** Whether the item defines its own procedure (a case under it runs its steps) or leaves it to the default. */
export function hasExplicitProcedure(terms: { readonly steps?: readonly ProcedureStep[] }): boolean {
  return terms.steps !== undefined && terms.steps.length > 0;
}

/** The rules a published procedure keeps (checked when an item is published or revised). */
export function procedureMustBeLawful(terms: Pick<ItemTerms, 'category' | 'promisedLimitDays'> & { readonly steps?: readonly ProcedureStep[] }): void {
  if (!hasExplicitProcedure(terms)) return;
  const steps = terms.steps as readonly ProcedureStep[];
  const ids = new Set(steps.map((s) => s.id));
  rule('StepIdsAreUnique', 'PROCEDURE.DUPLICATE_STEP', 'unprocessable', ids.size === steps.length, 'every step of a procedure needs an id of its own');
  const total = steps.reduce((sum, s) => sum + s.limitDays, 0);
  rule('StepLimitsFitThePromisedLimit', 'PROCEDURE.STEPS_EXCEED_PROMISED_LIMIT', 'unprocessable', total <= terms.promisedLimitDays,
    `the steps' limits add up to ${total} working days, more than the promised limit (${terms.promisedLimitDays})`,
    { stepsLimitDays: total, promisedLimitDays: terms.promisedLimitDays });
  if (terms.category === 'immediate') {
    rule('ImmediateItemsHaveOneStep', 'PROCEDURE.IMMEDIATE_WITH_STEPS', 'unprocessable', steps.length === 1,
      'an immediate item (即办件) is decided where it is received: its procedure is one step');
    return;
  }
  const kinds = steps.map((s) => s.kind);
  const order = ['acceptance', 'review', 'decision', 'delivery'] as const;
  rule('PromisedItemsHaveTheFourSteps', 'PROCEDURE.STEP_MISSING', 'unprocessable', order.every((kind) => kinds.includes(kind)),
    `a promised item's procedure has at least 受理, 审查, 决定, 送达 (acceptance, review, decision, delivery); missing: ${order.filter((k) => !kinds.includes(k)).join(', ')}`);
  const positions = order.map((kind) => kinds.indexOf(kind));
  rule('StepsAreInOrder', 'PROCEDURE.STEPS_OUT_OF_ORDER', 'unprocessable', positions.every((p, i) => i === 0 || p > positions[i - 1]!),
    'acceptance comes first, then review, decision and delivery');
  rule('OneAcceptanceOneDecision', 'PROCEDURE.STEP_REPEATED', 'unprocessable',
    kinds.filter((k) => k === 'acceptance').length === 1 && kinds.filter((k) => k === 'decision').length === 1 && kinds.filter((k) => k === 'delivery').length === 1,
    'a procedure has one acceptance, one decision and one delivery (review steps may repeat)');
  rule('AcceptanceComesFirst', 'PROCEDURE.STEPS_OUT_OF_ORDER', 'unprocessable', kinds[0] === 'acceptance', 'a procedure starts with acceptance (受理)');
  rule('DeliveryComesLast', 'PROCEDURE.STEPS_OUT_OF_ORDER', 'unprocessable', kinds[kinds.length - 1] === 'delivery', 'delivery (送达) is the last step');
  const decision = steps.find((s) => s.kind === 'decision') as ProcedureStep;
  rule('TheApproverDecides', 'PROCEDURE.DECISION_NOT_BY_APPROVER', 'unprocessable', decision.role === 'approver',
    'the decision step is performed by the approver (the department head or their delegate)');
}
