import { evolveCase, initialCaseState } from './case.evolve';
import { feesMustFollowTheFeeCatalog } from '../catalog';
import { staffRules } from '../staff';
import { LocalDate, shanghaiDateOf, WorkingCalendar } from '../calendar';
import { RuleViolation, Decider } from '../shared';
import { CaseCommand, ReceiveCase, RecordFeeRefusal } from './case.commands';
import { deadlineFor, fiveWorkingDaysMark, materialsNoticeDeadline } from './case.deadline';
import { assessReducedFee, refundFee } from './case.fees';
import { attachDocument } from './case.documents';
import { setNotificationPreferences } from './case.notifications';
import { rateByDefault } from './case.ratings';
import { recordDelivery } from './case.delivery';
import { CaseEvent } from './case.events';
import * as rules from './case.rules';
import { CaseRecord, CaseState } from './case.types';
import { followSteps, routeToSteps } from '../workflow/step.decider';
import { receivedForAnotherDepartment } from '../workflow/one-window';
import { escalate } from './case.special-handling';
import { acceptWithGaps, approvalNeedsCommittedMaterials, extendTimeLimit, supplyCommittedMaterials } from './case.legal-steps';

export interface CaseContext {
  /** When the command takes effect: the request time, or an imported history's own time. */
  readonly now: string;
  readonly calendar: WorkingCalendar;
  /** How many working days before the due date the yellow card falls (default 0: the last working day). */
  readonly warningWorkingDaysBefore?: number;
}

export const caseStreamId = (caseNo: string): string => `case-${caseNo}`;

/** A case's commands; a case whose item defines steps also runs them (libs/domain/src/workflow/). */
export function decideCase(command: CaseCommand, state: CaseState, context: CaseContext): CaseEvent[] {
  return routeToSteps(command, state, context, decideCaseCommand) ?? followSteps(state, decideCaseCommand(command, state, context), context);
}

function decideCaseCommand(command: CaseCommand, state: CaseState, context: CaseContext): CaseEvent[] {
  if (command.type === 'ReceiveCase') return receive(command, state, context);
  rules.caseMustExist(state);
  const watched = decideWatched(command, state, context);
  if (watched) return watched;
  rules.timeMovesForward(state, context.now);
  if (command.type === 'AttachDocument') return attachDocument(command, state, context.now);
  if (command.type === 'SetNotificationPreferences') return setNotificationPreferences(command, context.now);
  if (command.type === 'RateByDefault') return rateByDefault(state, context.now);
  if (command.type === 'RecordDelivery') return recordDelivery(command, state, context.now);
  if (command.type === 'RateCase') {
    rules.onlyCompletedCasesAreRated(state);
    return [{ type: 'CaseRated', data: { at: context.now, ...command.data } }];
  }
  if (command.type === 'RefundFee') return refundFee(state, command, context.now);
  rules.caseMustBeActive(state);
  const at = context.now;
  switch (command.type) {
    case 'NotAcceptCase':
      rules.notAcceptedOnlyBeforePayment(state);
      return [{ type: 'CaseNotAccepted', data: { at, reason: command.data.reason } }];
    case 'RequestMaterials':
      rules.clockMustBeRunning(state);
      rules.materialsAreRequestedAllAtOnce(state);
      rules.materialsAreListedWithinFiveDays(state, at);
      return [
        { type: 'MaterialsRequested', data: { at, materials: command.data.materials, note: command.data.note } },
        { type: 'ClockSuspended', data: { at, reason: 'supplement', note: command.data.note } },
      ];
    case 'SupplyMaterials':
      rules.clockMustBeSuspended(state);
      rules.suppliesAnswerARequest(state);
      return [
        { type: 'MaterialsSupplied', data: { at, materials: command.data.materials } },
        resume(state, context),
      ];
    case 'SuspendClock':
      rules.clockMustBeRunning(state);
      return [{ type: 'ClockSuspended', data: { at, reason: command.data.reason, note: command.data.note } }];
    case 'ResumeClock':
      rules.clockMustBeSuspended(state);
      return [resume(state, context)];
    case 'EscalateCase':
      return escalate(command, state, context);
    case 'ExtendTimeLimit':
      return extendTimeLimit(command, state, context);
    case 'AcceptWithGaps':
      return acceptWithGaps(command, state, context);
    case 'SupplyCommittedMaterials':
      return supplyCommittedMaterials(command, state, context);
    case 'AssessFee': {
      rules.feeIsAssessedOnce(state);
      rules.feesMustBeDeclaredOnTheItem(state, command.data.fees.map((fee) => fee.feeCode));
      feesMustFollowTheFeeCatalog(command.data.fees, command.data.feeCatalog);
      const totalFen = command.data.fees.reduce((sum, fee) => sum + fee.amountFen, 0);
      return [{ type: 'FeeAssessed', data: { at, fees: command.data.fees, totalFen } }];
    }
    case 'RecordFeeRefusal':
      return feeRefusal(state, command, at);
    case 'AssessReducedFee':
      return assessReducedFee(state, command, at);
    case 'PayFee': {
      const { method, amountFen, bankReceiptNo } = command.data;
      rules.cashIsRefused(method);
      rules.feeMustBeAssessedBeforePayment(state);
      rules.paymentMatchesTheAssessment(state, amountFen);
      return [{ type: 'FeePaid', data: { at, amountFen, bankReceiptNo, method: method as 'bank-counter' | 'bank-transfer' } }];
    }
    case 'CompleteCase': {
      const { outcome, decision, staffId, staff } = command.data;
      rules.clockMustBeRunning(state);
      staffRules.staffMustBeOnTheRoster(staffId, staff);
      staffRules.staffMustBeAuthorizedForTheItem(staffId ? staff : null, state.item.code);
      rules.approvalNeedsPaidFees(state, outcome);
      approvalNeedsCommittedMaterials(state, outcome);
      return [{ type: 'CaseCompleted', data: { at, outcome, decision, ...timeliness(state, context) } }];
    }
    case 'WithdrawCase':
      return [{ type: 'CaseWithdrawn', data: { at, reason: command.data.reason } }];
    default:
      return [];
  }
}

type WatchedCommand = Extract<CaseCommand, { type: 'RecordWarning' | 'RecordOverdue' | 'DeemAcceptance' | 'RescheduleDeadline' }>;

/**
 * The watcher's commands never fail: when the case has moved on (closed, suspended, a new
 * due time, already recorded) they record nothing. That is what makes each card exactly
 * once per case and due time, however often the watcher retries after a crash.
 */
function decideWatched(command: CaseCommand, state: CaseRecord, context: CaseContext): CaseEvent[] | null {
  if (!isWatched(command)) return null;
  const now = Date.parse(context.now);
  const running = state.status === 'open';
  const at = context.now;
  switch (command.type) {
    case 'RecordWarning': {
      const due = running && state.dueAt === command.data.dueAt && state.warnedFor !== state.dueAt;
      if (!due || state.warnAt === null || now < Date.parse(state.warnAt) || redIsDue(state, now)) return [];
      return [{ type: 'CaseWarned', data: { at, dueDate: state.dueDate, dueAt: state.dueAt, warnedFor: 'yellow', dueSince: state.warnAt } }];
    }
    case 'RecordOverdue': {
      const due = running && state.dueAt === command.data.dueAt && state.overdueFor !== state.dueAt;
      if (!due || now <= Date.parse(state.dueAt)) return [];
      return [{ type: 'CaseOverdue', data: { at, dueDate: state.dueDate, dueAt: state.dueAt, dueSince: overdueSince(state.dueAt) } }];
    }
    case 'DeemAcceptance': {
      const active = state.status === 'open' || state.status === 'suspended';
      if (!active || state.materialsRequested || state.acceptanceDeemed || now <= Date.parse(state.materialsNoticeBy)) return [];
      return [{ type: 'AcceptanceDeemed', data: { at, acceptedDate: state.acceptedDate, noticeDeadline: state.materialsNoticeBy } }];
    }
    case 'RescheduleDeadline': {
      if (!running) return [];
      const deadline = deadlineFor(context.calendar, state.acceptedDate, state.limitDays + state.suspendedWorkingDays, context.warningWorkingDaysBefore);
      if (deadline.dueAt === state.dueAt && deadline.warnAt === state.warnAt) return [];
      return [{ type: 'DeadlineRescheduled', data: { at, ...deadline, calendarYear: command.data.calendarYear, previousDueDate: state.dueDate,
        ...fiveWorkingDaysMark(context.calendar, state.acceptedDate, state.suspendedWorkingDays) } }];
    }
  }
}

/**
 * After downtime the watcher records what was due when it looks: once the red card is due the
 * yellow one is not recorded (it warns of what has already happened), and each card is dated
 * by the moment it fell due (`dueSince`) beside the moment it was recorded (`at`).
 */
function redIsDue(state: CaseRecord, now: number): boolean {
  return now > Date.parse(state.dueAt);
}

/** A red card falls due the millisecond after the due time. */
function overdueSince(dueAt: string): string {
  return new Date(Date.parse(dueAt) + 1).toISOString();
}

function isWatched(command: CaseCommand): command is WatchedCommand {
  return command.type === 'RecordWarning' || command.type === 'RecordOverdue' || command.type === 'DeemAcceptance'
    || command.type === 'RescheduleDeadline';
}

function receive(command: ReceiveCase, state: CaseState, context: CaseContext): CaseEvent[] {
  const data = command.data;
  rules.caseNumberIsNew(state, data.caseNo);
  const item = rules.itemMustBeInForce(data.item, data.itemCode);
  rules.caseIsReceivedByTheItemsDepartment(data, item);
  // A comprehensive window receives for another department without deciding for it (受办分离): no authorization for the item is needed.
  staffRules.staffMustBeAuthorizedForTheItem(data.staffId && !receivedForAnotherDepartment(data.window, item.departmentId) ? data.staff : null, item.code);
  const acceptedDate = shanghaiDateOf(context.now);
  const limitDays = item.promisedLimitDays;
  return [{
    type: 'CaseReceived',
    data: {
      at: context.now, caseNo: data.caseNo, item, applicant: data.applicant, channel: data.channel,
      windowId: data.channel === 'window' ? data.windowId : null,
      subCenterId: data.channel === 'sub-center' ? data.subCenterId : null,
      staffId: data.staffId, materials: data.materials, acceptedDate, limitDays,
      materialsNoticeBy: materialsNoticeDeadline(context.calendar, acceptedDate),
      ...deadlineFor(context.calendar, acceptedDate, limitDays, context.warningWorkingDaysBefore),
      ...fiveWorkingDaysMark(context.calendar, acceptedDate, 0),
      ...(data.ticketId ? { ticketId: data.ticketId } : {}),
    },
  }];
}

/**
 * The refusal is recorded only when the fees really are illegal — not declared on the item, or
 * not in the fee catalog at its standard amount; otherwise there is nothing to record.
 */
function feeRefusal(state: CaseRecord, command: RecordFeeRefusal, at: string): CaseEvent[] {
  try {
    rules.feesMustBeDeclaredOnTheItem(state, command.data.fees.map((fee) => fee.feeCode));
    feesMustFollowTheFeeCatalog(command.data.fees, command.data.feeCatalog);
    return [];
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    return [{ type: 'FeeAssessmentRefused', data: { at, fees: command.data.fees, code: error.code, rule: error.rule, reason: error.message } }];
  }
}

function resume(state: CaseRecord, context: CaseContext): CaseEvent {
  const suspension = state.suspension as NonNullable<CaseRecord['suspension']>;
  const suspendedWorkingDays = context.calendar.workingDaysBetween(shanghaiDateOf(suspension.since), shanghaiDateOf(context.now));
  const deadline = deadlineFor(context.calendar, state.acceptedDate, state.limitDays + state.suspendedWorkingDays + suspendedWorkingDays,
    context.warningWorkingDaysBefore);
  return { type: 'ClockResumed', data: { at: context.now, reason: suspension.reason, suspendedWorkingDays, ...deadline,
    ...fiveWorkingDaysMark(context.calendar, state.acceptedDate, state.suspendedWorkingDays + suspendedWorkingDays) } };
}

function timeliness(state: CaseRecord, context: CaseContext) {
  const completedDate: LocalDate = shanghaiDateOf(context.now);
  const calendar: WorkingCalendar = context.calendar;
  const late = Date.parse(context.now) > Date.parse(state.dueAt);
  return {
    completedDate,
    dueDate: state.dueDate,
    workingDaysTaken: Math.max(0, calendar.workingDaysBetween(state.acceptedDate, completedDate) - state.suspendedWorkingDays),
    early: completedDate < state.dueDate,
    late,
    workingDaysLate: late ? calendar.workingDaysBetween(state.dueDate, completedDate) : 0,
  };
}

/** The case aggregate: what the engine runs every case command through (write/commands.ts). */
export const caseDecider: Decider<CaseCommand, CaseState, CaseEvent, CaseContext> = {
  initialState: initialCaseState, evolve: evolveCase, decide: decideCase,
};
