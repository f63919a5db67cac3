import { rule } from '../shared';
import type { CaseRecord } from '../case/case.types';
import type { ProcedureStep } from './procedure';
import type { CurrentStep } from './step.state';

/** Each rule of a case's steps, with its stable code. */

export function aStepMustBeInProgress(state: CaseRecord): CurrentStep {
  rule('AStepMustBeInProgress', 'STEP.NO_STEP_IN_PROGRESS', 'conflict', !!state.workflow?.current,
    `case ${state.caseNo} has no step in progress`);
  return state.workflow!.current!;
}

export function stepMustBeCurrent(current: CurrentStep, stepId: string): void {
  rule('StepMustBeCurrent', 'STEP.NOT_CURRENT', 'conflict', current.stepId === stepId,
    `the case is at step ${current.stepId} (${current.name}), not ${stepId}`, { currentStepId: current.stepId });
}

export function stepIsClaimedOnce(current: CurrentStep): void {
  rule('StepIsClaimedOnce', 'STEP.ALREADY_CLAIMED', 'conflict', current.holder === null,
    `step ${current.stepId} is held by ${current.holder}`, { holder: current.holder });
}

/** Only the holder completes, returns, transfers or delegates a step; a step in a pool is claimed first. */
/** A step in a pool is claimed by someone who performs its role (the approver's by the department head). */
export function claimantPerformsTheStep(current: CurrentStep, capacity: readonly string[] | undefined): void {
  if (!capacity) return;
  const role = current.pool?.role ?? current.role;
  rule('ClaimantPerformsTheStep', 'STEP.NOT_PERFORMER', 'unprocessable', capacity.includes(role),
    `step ${current.stepId} (${current.name}) is performed by the ${role} role`, { role });
}

export function onlyTheHolderActs(current: CurrentStep, staffId: string): void {
  rule('OnlyTheHolderActs', 'STEP.NOT_HOLDER', 'conflict', current.holder === staffId,
    current.holder === null ? `step ${current.stepId} waits in a pool: claim it first` : `step ${current.stepId} is held by ${current.holder}, not ${staffId}`,
    { holder: current.holder });
}

export function disagreementGivesReasons(opinion: string, reasons: string | null): void {
  rule('DisagreementGivesReasons', 'STEP.REASONS_REQUIRED', 'unprocessable', opinion === 'agree' || !!reasons?.trim(),
    'an opinion of disagreement (不同意) states its reasons');
}

export function returnsGoToAnEarlierStep(procedure: readonly ProcedureStep[], current: CurrentStep, toStepId: string): number {
  const index = procedure.findIndex((s) => s.id === toStepId);
  rule('ReturnsGoToAnEarlierStep', 'STEP.RETURN_NOT_EARLIER', 'unprocessable', index >= 0 && index < current.index,
    `step ${current.stepId} returns to an earlier step of the procedure; ${toStepId} is not one`);
  return index;
}

/** Once the case is decided, its decision stands: delivery cannot send it back. */
export function theDecisionIsFinal(state: CaseRecord): void {
  rule('TheDecisionIsFinal', 'STEP.DECISION_IS_FINAL', 'conflict', state.status !== 'completed',
    `case ${state.caseNo} is decided; its delivery cannot return it`);
}

export function onlyDecisionsAreDelegated(current: CurrentStep, deciding: boolean): void {
  rule('OnlyDecisionsAreDelegated', 'STEP.NOT_A_DECISION', 'unprocessable', deciding,
    `step ${current.stepId} (${current.name}) is not the decision: only the approver delegates`);
}

export function theCaseIsDecidedAtTheDecisionStep(state: CaseRecord, deciding: boolean): void {
  rule('TheCaseIsDecidedAtTheDecisionStep', 'STEP.DECIDED_AT_DECISION_STEP', 'conflict', deciding,
    `case ${state.caseNo} follows its procedure: it is decided at the decision step, not at ${state.workflow?.current?.stepId ?? '(none)'}`);
}

/** Steps after the decision (delivery) still run on a decided case; nothing runs on a closed one. */
export function caseTakesSteps(state: CaseRecord): void {
  rule('ClosedCaseIsFinal', 'CASE.CLOSED', 'conflict', state.status !== 'withdrawn' && state.status !== 'not-accepted',
    `case ${state.caseNo} is closed (${state.status})`);
}

/** A step is handed on inside the department that performs it. */
export function transfersStayInTheDepartment(current: CurrentStep, to: { readonly departmentId?: string }): void {
  rule('TransfersStayInTheDepartment', 'STEP.TRANSFER_OUT_OF_DEPARTMENT', 'unprocessable', to.departmentId === undefined || to.departmentId === current.departmentId,
    `step ${current.stepId} is performed in department ${current.departmentId}; it cannot go to ${to.departmentId}'s pool`);
}
