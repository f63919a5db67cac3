import { shanghaiDateOf } from '../calendar';
import { EscalateCase } from './case.commands';
import { deadlineFor } from './case.deadline';
import type { CaseContext } from './case.decider';
import { CaseEscalated } from './case.events';
import * as rules from './case.rules';
import { CaseRecord } from './case.types';

/**
 * Special handling (特事特办): the department head or the center grants a shorter limit, once.
 * The granted limit counts from the day it is granted (that day not counted), or from the day the
 * clock stopped when it is granted while suspended; the working days already used stay used. So
 * a grant never makes a case overdue at the moment it is granted: its due day is never before
 * the grant day. It must still bring the due date forward (`CASE.SPECIAL_LIMIT_NOT_SHORTER`).
 */
export function escalate(command: EscalateCase, state: CaseRecord, context: CaseContext): CaseEscalated[] {
  rules.specialHandlingIsGrantedOnce(state);
  const countedFrom = state.suspension ? shanghaiDateOf(state.suspension.since) : shanghaiDateOf(context.now);
  const target = context.calendar.nthWorkingDayAfter(countedFrom, command.data.limitDays);
  const limitDaysFromAcceptance = context.calendar.workingDaysBetween(state.acceptedDate, target) - state.suspendedWorkingDays;
  const deadline = deadlineFor(context.calendar, state.acceptedDate, limitDaysFromAcceptance + state.suspendedWorkingDays, context.warningWorkingDaysBefore);
  rules.specialHandlingShortensTheDeadline(state, deadline.dueDate);
  return [{ type: 'CaseEscalated', data: { at: context.now, ...command.data, ...deadline, countedFrom, limitDaysFromAcceptance } }];
}
