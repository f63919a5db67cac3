import type { LocalDate } from '../calendar';
import type { DomainEvent } from '../shared';
import type { StepKind, StepRole } from './procedure';

/** Who holds a step: one staff member, or the pool of a role in a department (anyone of it may claim). */
export type Assignee =
  | { readonly staffId: string }
  | { readonly pool: StepRole; readonly departmentId: string };

export const OPINIONS = ['agree', 'disagree'] as const;
/** A performer's opinion on their step (同意 / 不同意). */
export type Opinion = (typeof OPINIONS)[number];

interface OfStep {
  readonly at: string;
  readonly stepId: string;
}

interface StepDeadline {
  /** The last working day of the step's limit (its own suspended days added). */
  readonly dueDate: LocalDate;
  /** The last millisecond of `dueDate`. */
  readonly dueAt: string;
  /** When the step's warning (预警) falls due: the start of its due date, if after its start day (absent on steps recorded before warnings). */
  readonly warnAt?: string | null;
}

export type StepStarted = DomainEvent<'StepStarted', OfStep & StepDeadline & {
  readonly index: number;
  readonly name: string;
  readonly kind: StepKind;
  readonly role: StepRole;
  readonly limitDays: number;
  readonly remoteAllowed: boolean;
  /** The department whose back office performs the step. */
  readonly departmentId: string;
  readonly startedDate: LocalDate;
}>;
export type StepAssigned = DomainEvent<'StepAssigned', OfStep & { readonly to: Assignee }>;
export type StepClaimed = DomainEvent<'StepClaimed', OfStep & { readonly staffId: string }>;
export type StepCompleted = DomainEvent<'StepCompleted', OfStep & {
  readonly staffId: string;
  readonly opinion: Opinion;
  readonly reasons: string | null;
  /** Working days from the step's start, its start day and its suspended days not counted. */
  readonly workingDaysTaken: number;
  readonly late: boolean;
  readonly workingDaysLate: number;
}>;
/** 退回: the step goes back to an earlier one, which starts again. */
export type StepReturned = DomainEvent<'StepReturned', OfStep & { readonly staffId: string; readonly toStepId: string; readonly reason: string }>;
/** 转办: the holder hands the step to another person or pool. */
export type StepTransferred = DomainEvent<'StepTransferred', OfStep & { readonly staffId: string; readonly to: Assignee; readonly reason: string }>;
/** 委托: the approver has a staff member decide in their place. */
export type StepDelegated = DomainEvent<'StepDelegated', OfStep & { readonly staffId: string; readonly to: string; readonly reason: string }>;
/** The case's clock was suspended while the step ran: the step's due time moves by the same working days. */
export type StepRescheduled = DomainEvent<'StepRescheduled', OfStep & StepDeadline & { readonly suspendedWorkingDays: number }>;
/** The step's warning point passed with the step still in progress (预警), recorded once per due time. */
export type StepWarned = DomainEvent<'StepWarned', OfStep & StepDeadline & { readonly holder: string | null; readonly departmentId: string }>;
/** The step's due time passed with the step still in progress (超时): who held it; its completion says how long over. */
export type StepOverran = DomainEvent<'StepOverran', OfStep & StepDeadline & { readonly holder: string | null; readonly departmentId: string }>;
/** The case was withdrawn or not accepted while a step ran: the step ends without an opinion. */
export type StepCancelled = DomainEvent<'StepCancelled', OfStep & { readonly reason: string }>;

export type StepEvent =
  | StepStarted | StepAssigned | StepClaimed | StepCompleted | StepReturned | StepTransferred | StepDelegated | StepRescheduled | StepCancelled
  | StepWarned | StepOverran;

export const STEP_EVENT_TYPES: readonly StepEvent['type'][] = [
  'StepStarted', 'StepAssigned', 'StepClaimed', 'StepCompleted', 'StepReturned', 'StepTransferred', 'StepDelegated', 'StepRescheduled',
  'StepCancelled', 'StepWarned', 'StepOverran',
];

export function isStepEvent(event: { readonly type: string }): event is StepEvent {
  return (STEP_EVENT_TYPES as readonly string[]).includes(event.type);
}
