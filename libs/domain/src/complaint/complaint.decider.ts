import { Decider } from '../shared';
import { endOfShanghaiDay, shanghaiDateOf, WorkingCalendar } from '../calendar';
import { ComplaintCommand } from './complaint.commands';
import { ComplaintEvent } from './complaint.events';
import * as rules from './complaint.rules';
import { COMPLAINT_CATEGORIES, ComplaintState } from './complaint.types';

export interface ComplaintContext {
  readonly now: string;
  readonly calendar: WorkingCalendar;
  /** Working days the discipline window has to give the complainant feedback, counted from the day after filing. */
  readonly feedbackWorkingDays: number;
}

export const complaintStreamId = (complaintNo: string): string => `complaint-${complaintNo}`;

/** Deterministic numbers of engine-opened files: one per trigger, so a replay opens nothing twice. */
export const overdueComplaintNo = (caseNo: string, dueDate: string): string => `CQ-${caseNo}-${dueDate.replaceAll('-', '')}`;
export const doubleAcceptanceComplaintNo = (laterCaseNo: string): string => `LT-${laterCaseNo}`;
/** One per refused assessment: the refusal's revision on the case stream. */
export const illegalFeeComplaintNo = (caseNo: string, revision: number): string => `SF-${caseNo}-${revision}`;

export function initialComplaintState(): ComplaintState {
  return { status: 'none' };
}

export function decideComplaint(command: ComplaintCommand, state: ComplaintState, context: ComplaintContext): ComplaintEvent[] {
  const at = context.now;
  if (command.type === 'FileComplaint') {
    const data = command.data;
    rules.complaintNumberIsNew(state, data.complaintNo);
    rules.complainantCanBeReached(data.complainant, data.channel);
    const complainant = rules.personalDataIsNeverRecordedInClear(data.complainant, data.sealedComplainant);
    const target = rules.targetResolvesToOneDepartment(data);
    const filedDate = shanghaiDateOf(at);
    const feedbackBy = data.complainant.kind === 'system'
      ? null : endOfShanghaiDay(context.calendar.nthWorkingDayAfter(filedDate, context.feedbackWorkingDays));
    return [{
      type: 'ComplaintFiled',
      data: {
        at, complaintNo: data.complaintNo, category: data.category, categoryLabel: COMPLAINT_CATEGORIES[data.category], channel: data.channel,
        complainant, target, summary: data.summary, evidence: data.evidence, filedDate, feedbackBy,
      },
    }];
  }
  rules.complaintMustExist(state);
  rules.timeMovesForward(state, at);
  switch (command.type) {
    case 'AcceptComplaint':
      rules.statusMustBe(state, ['filed'], 'Accepted');
      return [{ type: 'ComplaintAccepted', data: { at, note: command.data.note } }];
    case 'DeclineComplaint':
      rules.statusMustBe(state, ['filed'], 'Declined');
      return [{ type: 'ComplaintDeclined', data: { at, reason: command.data.reason } }];
    case 'StartInvestigation':
      rules.statusMustBe(state, ['accepted'], 'Investigated');
      return [{ type: 'ComplaintInvestigationStarted', data: { at, investigator: command.data.investigator } }];
    case 'ConcludeComplaint': {
      const { substantiated, findings, actions, postedStaff } = command.data;
      rules.statusMustBe(state, ['investigating'], 'Concluded');
      rules.actionsNeedASubstantiatedComplaint(substantiated, actions);
      rules.admonitionIsOfTheComplaintsDepartment(state, actions);
      rules.returnedStaffMustBePosted(actions, postedStaff);
      const concludedDate = shanghaiDateOf(at);
      return [{
        type: 'ComplaintConcluded',
        data: {
          at, substantiated, findings, actions, departmentId: state.departmentId, concludedDate,
          workingDaysToConclusion: context.calendar.workingDaysBetween(state.filedDate, concludedDate),
        },
      }];
    }
    case 'GiveFeedback':
      rules.feedbackNeedsAComplainant(state);
      rules.statusMustBe(state, ['declined', 'concluded'], 'Answered');
      return [{ type: 'ComplaintFeedbackGiven', data: { at, message: command.data.message, feedbackBy: state.feedbackBy,
        late: Date.parse(at) > Date.parse(state.feedbackBy) } }];
  }
}

/** Folds one event into the complaint. Never throws. */
export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintFiled') {
    const d = event.data;
    return {
      status: 'filed', complaintNo: d.complaintNo, category: d.category, departmentId: d.target.departmentId, filedAt: d.at,
      filedDate: d.filedDate, feedbackBy: d.feedbackBy, substantiated: null, lastEventAt: d.at,
    };
  }
  if (state.status === 'none') return state;
  const next = { ...state, lastEventAt: event.data.at };
  switch (event.type) {
    case 'ComplaintAccepted':
      return { ...next, status: 'accepted' };
    case 'ComplaintDeclined':
      return { ...next, status: 'declined' };
    case 'ComplaintInvestigationStarted':
      return { ...next, status: 'investigating' };
    case 'ComplaintConcluded':
      return { ...next, status: 'concluded', substantiated: event.data.substantiated };
    case 'ComplaintFeedbackGiven':
      return { ...next, status: 'feedback-given' };
  }
}

/** A complaint file (投诉) at the discipline window. */
export const complaintDecider: Decider<ComplaintCommand, ComplaintState, ComplaintEvent, ComplaintContext> = {
  initialState: initialComplaintState, evolve: evolveComplaint, decide: decideComplaint,
};
