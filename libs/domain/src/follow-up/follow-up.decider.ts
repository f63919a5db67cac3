import { endOfShanghaiDay, shanghaiDateOf, WorkingCalendar } from '../calendar';
import { RatingLevel } from '../case';
import { DomainEvent, rule, Decider } from '../shared';

/**
 * The follow-up visit (回访) of a bad rating (GB/T 39735-2020): besides the department's
 * rectification (整改), the center itself contacts the applicant within a set number of working
 * days, records the visit, and the applicant confirms (or not) that the rectification answers
 * them. One per rated case: `HF-<case number>`.
 */
export const followUpStreamId = (followUpNo: string): string => `follow-up-${followUpNo}`;
export const followUpNoFor = (caseNo: string): string => `HF-${caseNo}`;

export type OpenFollowUp = {
  readonly type: 'OpenFollowUp';
  readonly data: { readonly followUpNo: string; readonly caseNo: string; readonly departmentId: string; readonly level: RatingLevel };
};
export type RecordFollowUpVisit = { readonly type: 'RecordFollowUpVisit'; readonly data: { readonly visitedBy: string; readonly note: string } };
/** The handler looks up whether the department has answered the rectification (`rectificationAnswered`): decide judges. */
export type ConfirmRectification = {
  readonly type: 'ConfirmRectification';
  readonly data: { readonly accepted: boolean; readonly comment: string | null; readonly rectificationAnswered: boolean };
};
export type FollowUpCommand = OpenFollowUp | RecordFollowUpVisit | ConfirmRectification;

export type FollowUpOpened = DomainEvent<'FollowUpOpened', OpenFollowUp['data'] & { readonly at: string; readonly visitBy: string }>;
export type FollowUpVisited = DomainEvent<'FollowUpVisited', RecordFollowUpVisit['data'] & { readonly at: string; readonly late: boolean }>;
export type RectificationConfirmed = DomainEvent<'RectificationConfirmed', { readonly at: string; readonly accepted: boolean; readonly comment: string | null }>;
export type FollowUpEvent = FollowUpOpened | FollowUpVisited | RectificationConfirmed;

export type FollowUpState =
  | { readonly status: 'none' }
  | { readonly status: 'awaiting-visit' | 'visited' | 'confirmed'; readonly followUpNo: string; readonly visitBy: string };

export interface FollowUpContext {
  readonly now: string;
  readonly calendar: WorkingCalendar;
  /** Working days the center has for the visit, counted from the day after the rating. */
  readonly visitWorkingDays: number;
}

export function initialFollowUpState(): FollowUpState {
  return { status: 'none' };
}

export function decideFollowUp(command: FollowUpCommand, state: FollowUpState, context: FollowUpContext): FollowUpEvent[] {
  const at = context.now;
  if (command.type === 'OpenFollowUp') {
    // Opened by a log reader: a replay finds it open and records nothing.
    if (state.status !== 'none') return [];
    const visitBy = endOfShanghaiDay(context.calendar.nthWorkingDayAfter(shanghaiDateOf(at), context.visitWorkingDays));
    return [{ type: 'FollowUpOpened', data: { ...command.data, at, visitBy } }];
  }
  rule('FollowUpMustExist', 'FOLLOW_UP.NOT_FOUND', 'not-found', state.status !== 'none', 'no such follow-up visit');
  const open = state as Exclude<FollowUpState, { status: 'none' }>;
  if (command.type === 'RecordFollowUpVisit') {
    rule('AFollowUpIsVisitedOnce', 'FOLLOW_UP.ALREADY_VISITED', 'conflict', open.status === 'awaiting-visit', `follow-up ${open.followUpNo} is already visited`);
    return [{ type: 'FollowUpVisited', data: { ...command.data, at, late: Date.parse(at) > Date.parse(open.visitBy) } }];
  }
  rule('ConfirmationFollowsTheVisit', 'FOLLOW_UP.NOT_VISITED', 'conflict', open.status !== 'awaiting-visit', `follow-up ${open.followUpNo} has had no visit yet`);
  rule('ConfirmationFollowsTheRectification', 'FOLLOW_UP.RECTIFICATION_NOT_ANSWERED', 'conflict', command.data.rectificationAnswered,
    `the department has not answered the rectification of ${open.followUpNo} yet`);
  rule('ARectificationIsConfirmedOnce', 'FOLLOW_UP.ALREADY_CONFIRMED', 'conflict', open.status !== 'confirmed', `follow-up ${open.followUpNo} is already confirmed`);
  return [{ type: 'RectificationConfirmed', data: { at, accepted: command.data.accepted, comment: command.data.comment } }];
}

export function evolveFollowUp(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  switch (event.type) {
    case 'FollowUpOpened':
      return { status: 'awaiting-visit', followUpNo: event.data.followUpNo, visitBy: event.data.visitBy };
    case 'FollowUpVisited':
      return state.status === 'none' ? state : { ...state, status: 'visited' };
    case 'RectificationConfirmed':
      return state.status === 'none' ? state : { ...state, status: 'confirmed' };
  }
}

export const followUpDecider: Decider<FollowUpCommand, FollowUpState, FollowUpEvent, FollowUpContext> = {
  initialState: initialFollowUpState, evolve: evolveFollowUp, decide: decideFollowUp,
};
