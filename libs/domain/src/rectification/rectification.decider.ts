import { endOfShanghaiDay, shanghaiDateOf, WorkingCalendar } from '../calendar';
import { RatingLevel } from '../case';
import { DomainEvent, rule, Decider } from '../shared';

/**
 * A bad rating (不满意, 非常不满意; GB/T 39735-2020) is followed up: a rectification (整改)
 * the case's department must answer within a number of working days (15 is the common rule).
 */
export const BAD_RATINGS: readonly RatingLevel[] = ['dissatisfied', 'very-dissatisfied'];

export type OpenRectification = {
  readonly type: 'OpenRectification';
  readonly data: {
    readonly rectificationNo: string; readonly caseNo: string; readonly departmentId: string; readonly windowId: string | null;
    readonly level: RatingLevel; readonly comment: string | null;
  };
};
export type AnswerRectification = { readonly type: 'AnswerRectification'; readonly data: { readonly answer: string } };
export type RectificationCommand = OpenRectification | AnswerRectification;

export type RectificationOpened = DomainEvent<'RectificationOpened', OpenRectification['data'] & { readonly at: string; readonly answerBy: string }>;
export type RectificationAnswered = DomainEvent<'RectificationAnswered', { readonly at: string; readonly answer: string; readonly late: boolean }>;
export type RectificationEvent = RectificationOpened | RectificationAnswered;

export type RectificationState =
  | { readonly status: 'none' }
  | { readonly status: 'awaiting-answer' | 'answered'; readonly rectificationNo: string; readonly departmentId: string; readonly answerBy: string };

export interface RectificationContext {
  readonly now: string;
  readonly calendar: WorkingCalendar;
  /** Working days the department has to answer, counted from the day after the rating. */
  readonly answerWorkingDays: number;
}

export const rectificationStreamId = (rectificationNo: string): string => `rectification-${rectificationNo}`;
/** A case is rated once, so one rectification per case: `ZG-<case number>`. */
export const rectificationNoFor = (caseNo: string): string => `ZG-${caseNo}`;

export function initialRectificationState(): RectificationState {
  return { status: 'none' };
}

export function decideRectification(command: RectificationCommand, state: RectificationState, context: RectificationContext): RectificationEvent[] {
  const at = context.now;
  if (command.type === 'OpenRectification') {
    rule('OneRectificationPerBadRating', 'RECTIFICATION.ALREADY_OPEN', 'conflict', state.status === 'none',
      `rectification ${command.data.rectificationNo} already exists`);
    rule('OnlyBadRatingsAreRectified', 'RECTIFICATION.NOT_A_BAD_RATING', 'unprocessable', BAD_RATINGS.includes(command.data.level),
      `a ${command.data.level} rating needs no rectification`);
    const answerBy = endOfShanghaiDay(context.calendar.nthWorkingDayAfter(shanghaiDateOf(at), context.answerWorkingDays));
    return [{ type: 'RectificationOpened', data: { ...command.data, at, answerBy } }];
  }
  rule('RectificationMustExist', 'RECTIFICATION.NOT_FOUND', 'not-found', state.status !== 'none', 'no such rectification');
  const open = state as Exclude<RectificationState, { status: 'none' }>;
  rule('RectificationIsAnsweredOnce', 'RECTIFICATION.ALREADY_ANSWERED', 'conflict', open.status === 'awaiting-answer',
    `rectification ${open.rectificationNo} is already answered`);
  return [{ type: 'RectificationAnswered', data: { at, answer: command.data.answer, late: Date.parse(at) > Date.parse(open.answerBy) } }];
}

export function evolveRectification(state: RectificationState, event: RectificationEvent): RectificationState {
  switch (event.type) {
    case 'RectificationOpened':
      return { status: 'awaiting-answer', rectificationNo: event.data.rectificationNo, departmentId: event.data.departmentId, answerBy: event.data.answerBy };
    case 'RectificationAnswered':
      return state.status === 'none' ? state : { ...state, status: 'answered' };
  }
}

/** A rectification (整改) of a bad rating. */
export const rectificationDecider: Decider<RectificationCommand, RectificationState, RectificationEvent, RectificationContext> = {
  initialState: initialRectificationState, evolve: evolveRectification, decide: decideRectification,
};
