import type { StaffAuthorizations } from '../staff';
import type { StepRole } from './procedure';
import type { Assignee, Opinion } from './step.events';

/** Each step command names the step it acts on and the staff member acting (the token's subject). */
interface OnStep {
  readonly stepId: string;
  readonly staffId: string;
}

/**
 * Who comes to hold the decision step decides the case, so the roster is asked about them
 * (null: not on it). `legacy`: a step replayed from a legacy history (the import), not judged
 * against today's roster, as an imported completion names no staff member.
 */
interface RosterLookUp {
  readonly legacy?: boolean;
}

export type ClaimStep = {
  readonly type: 'ClaimStep';
  /** `capacity`: the step roles the claimant performs (window staff: acceptance, review, delivery; the department head: approval); absent, not judged. */
  readonly data: OnStep & RosterLookUp & { readonly capacity?: readonly StepRole[]; readonly staff?: StaffAuthorizations | null };
};
export type CompleteStep = {
  readonly type: 'CompleteStep';
  readonly data: OnStep & RosterLookUp & {
    readonly opinion: Opinion;
    readonly reasons: string | null;
    /** At the decision step: the decision's text (决定书), the case's decision. */
    readonly decision?: string | null;
    /** The roster's look-up of `staffId` (null when not on the roster): the decider must be authorized for the item. */
    readonly staff?: StaffAuthorizations | null;
  };
};
export type ReturnStep = { readonly type: 'ReturnStep'; readonly data: OnStep & { readonly toStepId: string; readonly reason: string } };
/** `toStaff`: the roster's look-up of the colleague a step is handed to (`to.staffId`). */
export type TransferStep = {
  readonly type: 'TransferStep';
  readonly data: OnStep & RosterLookUp & { readonly to: Assignee; readonly reason: string; readonly toStaff?: StaffAuthorizations | null };
};
/** `toStaff`: the roster's look-up of the delegate, who decides the case in the approver's place. */
export type DelegateStep = {
  readonly type: 'DelegateStep';
  readonly data: OnStep & RosterLookUp & { readonly to: string; readonly reason: string; readonly toStaff?: StaffAuthorizations | null };
};

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
