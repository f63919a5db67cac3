import { LocalDate, shanghaiDateOf } from '../calendar';
import { deadlineFor } from '../case/case.deadline';
import type { CaseCommand } from '../case/case.commands';
import type { CaseContext } from '../case/case.decider';
import type { CaseEvent } from '../case/case.events';
import { timeMovesForward, clockMustBeRunning } from '../case/case.rules';
import type { CaseRecord, CaseState } from '../case/case.types';
import { StaffAuthorizations, staffRules } from '../staff';
import { hasExplicitProcedure, ProcedureStep, procedureOf } from './procedure';
import { CompleteStep, isStepCommand, isWatchedStepCommand, StepCommand, WatchedStepCommand } from './step.commands';
import { Assignee, StepEvent } from './step.events';
import * as rules from './step.rules';
import { inPreReview, preReviewHold, returnForMaterials, suppliedInPreReview } from './pre-review';
import type { CurrentStep } from './step.state';

type DecideCaseCommand = (command: CaseCommand, state: CaseState, context: CaseContext) => CaseEvent[];

/**
 * The commands of a case's steps, and a decision on a case that runs steps (it is the decision
 * step's completion). Null when the command is not the steps' to decide.
 */
export function routeToSteps(command: CaseCommand, state: CaseState, context: CaseContext, decideCase: DecideCaseCommand): CaseEvent[] | null {
  if (state.status === 'none') return null;
  if (isWatchedStepCommand(command)) return watchStep(command, state, context);
  if (isStepCommand(command)) return decideStep(command, state, context, decideCase);
  if (inPreReview(state) && command.type === 'RequestMaterials') {
    timeMovesForward(state, context.now);
    return returnForMaterials(state, context.now, command.data.materials, command.data.note);
  }
  if (inPreReview(state) && command.type === 'SupplyMaterials') {
    timeMovesForward(state, context.now);
    return suppliedInPreReview(state, context.now, command.data.materials);
  }
  if (command.type === 'CompleteCase' && state.workflow) {
    const current = rules.aStepMustBeInProgress(state);
    rules.theCaseIsDecidedAtTheDecisionStep(state, isDeciding(state, current));
    const { outcome, decision, staffId, staff } = command.data;
    return decideStep({
      type: 'CompleteStep',
      data: { stepId: current.stepId, staffId: staffId ?? '', opinion: outcome === 'approved' ? 'agree' : 'disagree', reasons: decision, decision, staff },
    }, state, context, decideCase);
  }
  return null;
}

/**
 * The watcher's step commands never fail: a step that moved on (done, returned, rescheduled, a
 * case held or closed) or a card already recorded for this due time records nothing.
 */
function watchStep(command: WatchedStepCommand, state: CaseRecord, context: CaseContext): CaseEvent[] {
  const current = state.workflow?.current;
  const running = state.status === 'open' || (state.status === 'completed' && !!current);
  if (!current || !running || current.stepId !== command.data.stepId || current.dueAt !== command.data.dueAt) return [];
  const now = Date.parse(context.now);
  const data = { at: context.now, stepId: current.stepId, dueDate: current.dueDate, dueAt: current.dueAt, holder: current.holder, departmentId: current.departmentId };
  if (command.type === 'RecordStepWarning') {
    if (current.warnedFor === current.dueAt || current.warnAt === null || now < Date.parse(current.warnAt)) return [];
    return [{ type: 'StepWarned', data: { ...data, warnAt: current.warnAt } }];
  }
  if (current.overranFor === current.dueAt || now <= Date.parse(current.dueAt)) return [];
  return [{ type: 'StepOverran', data }];
}

function decideStep(command: Exclude<StepCommand, WatchedStepCommand>, state: CaseRecord, context: CaseContext, decideCase: DecideCaseCommand): CaseEvent[] {
  rules.caseTakesSteps(state);
  timeMovesForward(state, context.now);
  const current = rules.aStepMustBeInProgress(state);
  rules.stepMustBeCurrent(current, command.data.stepId);
  const at = context.now;
  const { stepId, staffId } = command.data;
  switch (command.type) {
    case 'ClaimStep':
      if (current.holder === staffId) return [];
      rules.stepIsClaimedOnce(current);
      rules.claimantPerformsTheStep(current, command.data.capacity);
      if (isDeciding(state, current)) deciderIsOnTheRoster(state, staffId, command.data.staff, command.data.legacy);
      return [{ type: 'StepClaimed', data: { at, stepId, staffId } }];
    case 'CompleteStep':
      return complete(command, state, current, context, decideCase);
    case 'ReturnStep': {
      rules.onlyTheHolderActs(current, staffId);
      rules.theDecisionIsFinal(state);
      clockMustBeRunning(state);
      const procedure = procedureOf(state.item);
      const index = rules.returnsGoToAnEarlierStep(procedure, current, command.data.toStepId);
      const back = procedure[index] as ProcedureStep;
      const performer = state.workflow?.performedBy[back.id];
      return [
        { type: 'StepReturned', data: { at, stepId, staffId, toStepId: back.id, reason: command.data.reason } },
        ...startStep(state, index, context, performer ? { staffId: performer } : poolOf(state, back)),
      ];
    }
    case 'TransferStep':
      rules.onlyTheHolderActs(current, staffId);
      rules.transfersStayInTheDepartment(current, command.data.to as { departmentId?: string });
      if (isDeciding(state, current) && 'staffId' in command.data.to) {
        deciderIsOnTheRoster(state, command.data.to.staffId, command.data.toStaff, command.data.legacy);
      }
      return [{ type: 'StepTransferred', data: { at, stepId, staffId, to: command.data.to, reason: command.data.reason } }];
    case 'DelegateStep':
      rules.onlyDecisionsAreDelegated(current, isDeciding(state, current));
      if (current.holder !== null) rules.onlyTheHolderActs(current, staffId);
      deciderIsOnTheRoster(state, command.data.to, command.data.toStaff, command.data.legacy);
      return [{ type: 'StepDelegated', data: { at, stepId, staffId, to: command.data.to, reason: command.data.reason } }];
  }
}

function complete(command: CompleteStep, state: CaseRecord, current: CurrentStep, context: CaseContext, decideCase: DecideCaseCommand): CaseEvent[] {
  const { stepId, staffId, opinion, reasons } = command.data;
  rules.onlyTheHolderActs(current, staffId);
  rules.disagreementGivesReasons(opinion, reasons);
  const done: StepEvent = { type: 'StepCompleted', data: { at: context.now, stepId, staffId, opinion, reasons, ...stepTimeliness(current, context) } };
  if (inPreReview(state)) {
    // Pre-review decided: not accepted with the reasons, or passed — the legal clock starts now.
    if (opinion === 'disagree') return [done, ...decideCase({ type: 'NotAcceptCase', data: { reason: reasons ?? '' } }, state, context)];
    const resumed = decideCase({ type: 'ResumeClock', data: {} }, state, context);
    const procedure = procedureOf(state.item);
    const next = current.index + 1 < procedure.length ? startStep(state, current.index + 1, context, poolOf(state, procedure[current.index + 1]!)) : [];
    return [done, ...resumed, ...next];
  }
  if (state.status !== 'completed') clockMustBeRunning(state);
  const decided: CaseEvent[] = isDeciding(state, current)
    ? decideCase({
      type: 'CompleteCase',
      data: {
        outcome: opinion === 'agree' ? 'approved' : 'refused', decision: command.data.decision ?? reasons ?? '同意',
        ...(command.data.legacy ? {} : { staffId, staff: command.data.staff }),
      },
    }, state, context)
    : [];
  const procedure = procedureOf(state.item);
  const next = current.index + 1 < procedure.length ? startStep(state, current.index + 1, context, poolOf(state, procedure[current.index + 1]!)) : [];
  return [done, ...decided, ...next];
}

/**
 * What a case's own events start or move in its steps: receipt under an item with steps starts
 * acceptance (done by the receiving clerk at once, and the next step lands in the department's
 * pool); a resumed clock moves the step's due time; withdrawal or non-acceptance ends the step.
 */
export function followSteps(before: CaseState, events: CaseEvent[], context: CaseContext): CaseEvent[] {
  const follow: CaseEvent[] = [];
  for (const event of events) {
    if (event.type === 'CaseReceived' && hasExplicitProcedure(event.data.item)) {
      follow.push(...acceptanceOf(event.data, context));
    } else if (before.status !== 'none' && before.workflow?.current) {
      const current = before.workflow.current;
      if (event.type === 'ClockResumed' || event.type === 'DeadlineRescheduled') {
        // A resumption adds its held days; a published or corrected calendar year counts the same days again.
        const suspendedWorkingDays = current.suspendedWorkingDays + (event.type === 'ClockResumed' ? event.data.suspendedWorkingDays : 0);
        const due = deadlineFor(context.calendar, current.startedDate, current.limitDays + suspendedWorkingDays, context.warningWorkingDaysBefore);
        if (event.type === 'DeadlineRescheduled' && due.dueAt === current.dueAt && due.warnAt === current.warnAt) continue;
        follow.push({
          type: 'StepRescheduled',
          data: { at: event.data.at, stepId: current.stepId, suspendedWorkingDays, dueDate: due.dueDate, dueAt: due.dueAt, warnAt: due.warnAt },
        });
      } else if (event.type === 'CaseWithdrawn' || event.type === 'CaseNotAccepted') {
        follow.push({ type: 'StepCancelled', data: { at: event.data.at, stepId: current.stepId, reason: event.data.reason } });
      }
    }
  }
  return follow.length === 0 ? events : [...events, ...follow];
}

function acceptanceOf(received: Extract<CaseEvent, { type: 'CaseReceived' }>['data'], context: CaseContext): CaseEvent[] {
  const procedure = procedureOf(received.item);
  const shell = { item: received.item };
  const first = procedure[0]!;
  const receiver = received.staffId;
  // An online application is pre-reviewed at the department: held, its acceptance in the department's pool.
  if (received.channel === 'online') return [preReviewHold(context.now), ...startStep(shell, 0, context, poolOf(shell, first))];
  const events = startStep(shell, 0, context, receiver ? { staffId: receiver } : poolOf(shell, first));
  const deciding = first.kind === 'decision' || procedure.length === 1;
  if (!receiver || deciding || first.kind !== 'acceptance') return events;
  return [
    ...events,
    { type: 'StepCompleted', data: { at: context.now, stepId: first.id, staffId: receiver, opinion: 'agree', reasons: null, workingDaysTaken: 0, late: false, workingDaysLate: 0 } },
    ...(procedure.length > 1 ? startStep(shell, 1, context, poolOf(shell, procedure[1]!)) : []),
  ];
}

function startStep(state: Pick<CaseRecord, 'item'>, index: number, context: CaseContext, to: Assignee): StepEvent[] {
  const s = procedureOf(state.item)[index]!;
  const startedDate: LocalDate = shanghaiDateOf(context.now);
  const due = deadlineFor(context.calendar, startedDate, s.limitDays, context.warningWorkingDaysBefore);
  return [
    {
      type: 'StepStarted',
      data: {
        at: context.now, stepId: s.id, index, name: s.name, kind: s.kind, role: s.role, limitDays: s.limitDays, remoteAllowed: s.remoteAllowed,
        departmentId: state.item.departmentId, startedDate, dueDate: due.dueDate, dueAt: due.dueAt, warnAt: due.warnAt,
      },
    },
    { type: 'StepAssigned', data: { at: context.now, stepId: s.id, to } },
  ];
}

function poolOf(state: Pick<CaseRecord, 'item'>, s: ProcedureStep): Assignee {
  return { pool: s.role, departmentId: state.item.departmentId };
}

/**
 * Who comes to hold the decision step (claimed, handed on, delegated) decides the case: on the
 * roster and authorized for the item, checked when they take it, as again when they decide.
 */
function deciderIsOnTheRoster(state: CaseRecord, staffId: string, staff: StaffAuthorizations | null | undefined, legacy: boolean | undefined): void {
  if (legacy) return;
  staffRules.staffMustBeOnTheRoster(staffId, staff);
  staffRules.staffMustBeAuthorizedForTheItem(staff, state.item.code);
}

/** The step whose completion is the case's decision: the decision step, or the only step of a one-step procedure. */
function isDeciding(state: Pick<CaseRecord, 'item'>, current: CurrentStep): boolean {
  return current.kind === 'decision' || procedureOf(state.item).length === 1;
}

function stepTimeliness(current: CurrentStep, context: CaseContext) {
  const completedDate = shanghaiDateOf(context.now);
  const late = Date.parse(context.now) > Date.parse(current.dueAt);
  return {
    workingDaysTaken: Math.max(0, context.calendar.workingDaysBetween(current.startedDate, completedDate) - current.suspendedWorkingDays),
    late,
    workingDaysLate: late ? context.calendar.workingDaysBetween(current.dueDate, completedDate) : 0,
  };
}
