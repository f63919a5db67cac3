import type { LocalDate } from '../calendar';
import type { CaseRecord } from '../case/case.types';
import type { StepKind, StepRole } from './procedure';
import type { StepEvent } from './step.events';

/** The step a case is at. */
export interface CurrentStep {
  readonly stepId: string;
  readonly index: number;
  readonly name: string;
  readonly kind: StepKind;
  readonly role: StepRole;
  readonly limitDays: number;
  readonly remoteAllowed: boolean;
  readonly departmentId: string;
  readonly startedAt: string;
  readonly startedDate: LocalDate;
  readonly dueDate: LocalDate;
  readonly dueAt: string;
  readonly warnAt: string | null;
  /** The due time a warning, and an overrun, was recorded for (once each per due time). */
  readonly warnedFor: string | null;
  readonly overranFor: string | null;
  /** Working days the case's clock stood still while the step ran. */
  readonly suspendedWorkingDays: number;
  /** The staff member holding the step, or null while it waits in a pool. */
  readonly holder: string | null;
  readonly pool: { readonly role: StepRole; readonly departmentId: string } | null;
}

/** A case's run through its procedure (only cases accepted under an item with steps have one). */
export interface WorkflowState {
  readonly current: CurrentStep | null;
  /** Who last completed each step: a return gives the step back to them. */
  readonly performedBy: Readonly<Record<string, string>>;
  /** How many times a step was returned. */
  readonly returns: number;
}

const EMPTY: WorkflowState = { current: null, performedBy: {}, returns: 0 };

/** Folds one step event into the case. Never throws. */
export function evolveStep(state: CaseRecord, event: StepEvent): CaseRecord {
  const workflow = state.workflow ?? EMPTY;
  const current = workflow.current;
  const d = event.data;
  switch (event.type) {
    case 'StepStarted':
      return {
        ...state,
        workflow: {
          ...workflow,
          current: {
            stepId: d.stepId, index: event.data.index, name: event.data.name, kind: event.data.kind, role: event.data.role,
            limitDays: event.data.limitDays, remoteAllowed: event.data.remoteAllowed, departmentId: event.data.departmentId,
            startedAt: d.at, startedDate: event.data.startedDate, dueDate: event.data.dueDate, dueAt: event.data.dueAt,
            warnAt: event.data.warnAt ?? null, warnedFor: null, overranFor: null, suspendedWorkingDays: 0, holder: null, pool: null,
          },
        },
      };
    case 'StepAssigned':
    case 'StepTransferred':
      return withCurrent(state, workflow, current && {
        ...current,
        holder: 'staffId' in event.data.to ? event.data.to.staffId : null,
        pool: 'pool' in event.data.to ? { role: event.data.to.pool, departmentId: event.data.to.departmentId } : null,
      });
    case 'StepClaimed':
      return withCurrent(state, workflow, current && { ...current, holder: event.data.staffId });
    case 'StepDelegated':
      return withCurrent(state, workflow, current && { ...current, holder: event.data.to, pool: null });
    case 'StepRescheduled':
      return withCurrent(state, workflow, current && {
        ...current, dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt ?? null,
        suspendedWorkingDays: event.data.suspendedWorkingDays,
      });
    case 'StepWarned':
      return withCurrent(state, workflow, current && { ...current, warnedFor: event.data.dueAt });
    case 'StepOverran':
      return withCurrent(state, workflow, current && { ...current, overranFor: event.data.dueAt });
    case 'StepCompleted':
      return { ...state, workflow: { ...workflow, current: null, performedBy: { ...workflow.performedBy, [d.stepId]: event.data.staffId } } };
    case 'StepReturned':
      return { ...state, workflow: { ...workflow, current: null, returns: workflow.returns + 1 } };
    case 'StepCancelled':
      return { ...state, workflow: { ...workflow, current: null } };
  }
}

function withCurrent(state: CaseRecord, workflow: WorkflowState, current: CurrentStep | null): CaseRecord {
  return { ...state, workflow: { ...workflow, current } };
}
