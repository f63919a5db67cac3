import type { StaffAuthorizations } from '../staff';
import type { StepRole } from './procedure';
import type { Assignee, Opinion } from './step.events';

/** Each step command names the step it acts on and the staff member acting (the token's subject). */
interface OnStep {
  readonly stepId: string;
  readonly staffId: string;
}

export type ClaimStep = {
  readonly type: 'ClaimStep';
  /** `capacity`: the step roles the claimant performs (window staff: acceptance, review, delivery; the department head: approval); absent, not judged. */
  readonly data: OnStep & { readonly capacity?: readonly StepRole[] };
};
export type CompleteStep = {
  readonly type: 'CompleteStep';
  readonly data: OnStep & {
    readonly opinion: Opinion;
    readonly reasons: string | null;
    /** At the decision step: the decision's text (决定书), the case's decision. */
    readonly decision?: string | null;
    /** The roster's look-up of `staffId` (null when not on the roster): the decider must be authorized for the item. */
    readonly staff?: StaffAuthorizations | null;
    /**
     * A step replayed from a legacy history (the import): its decider is not judged against today's
     * roster, as an imported completion names no staff member; a live step always carries `staff`.
     */
    readonly legacy?: boolean;
  };
};
export type ReturnStep = { readonly type: 'ReturnStep'; readonly data: OnStep & { readonly toStepId: string; readonly reason: string } };
export type TransferStep = { readonly type: 'TransferStep'; readonly data: OnStep & { readonly to: Assignee; readonly reason: string } };
export type DelegateStep = { readonly type: 'DelegateStep'; readonly data: OnStep & { readonly to: string; readonly reason: string } };

/**
 * The deadline watcher's step commands: each names the step and the due time it saw; nothing is
 * recorded when the step has moved on (exactly once per step run and due time).
 */
export type RecordStepWarning = { readonly type: 'RecordStepWarning'; readonly data: { readonly stepId: string; readonly dueAt: string } };
export type RecordStepOverrun = { readonly type: 'RecordStepOverrun'; readonly data: { readonly stepId: string; readonly dueAt: string } };
export type WatchedStepCommand = RecordStepWarning | RecordStepOverrun;

export type StepCommand = ClaimStep | CompleteStep | ReturnStep | TransferStep | DelegateStep | WatchedStepCommand;

export const STEP_COMMAND_TYPES: readonly StepCommand['type'][] = [
  'ClaimStep', 'CompleteStep', 'ReturnStep', 'TransferStep', 'DelegateStep', 'RecordStepWarning', 'RecordStepOverrun',
];

export function isWatchedStepCommand(command: { readonly type: string }): command is WatchedStepCommand {
  return command.type === 'RecordStepWarning' || command.type === 'RecordStepOverrun';
}

export function isStepCommand(command: { readonly type: string }): command is StepCommand {
  return (STEP_COMMAND_TYPES as readonly string[]).includes(command.type);
}
