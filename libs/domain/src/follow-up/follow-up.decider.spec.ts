import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { deciderSpec } from '../testing/decider-spec';
import { followUpDecider, FollowUpEvent, OpenFollowUp } from './follow-up.decider';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec(followUpDecider);
// Thursday 2026-04-30, before the May Day holiday (May 1-5).
const RATED = '2026-04-30T02:00:00.000Z';
const at = (now: string) => ({ now, calendar, visitWorkingDays: 3 });
const open: OpenFollowUp = { type: 'OpenFollowUp', data: { followUpNo: 'HF-ZRZY-20260430-00001', caseNo: 'ZRZY-20260430-00001', departmentId: 'zrzy', level: 'dissatisfied' } };
const opened = (): FollowUpEvent[] => followUpDecider.decide(open, followUpDecider.initialState(), at(RATED));
const visited = (when = '2026-05-07T02:00:00.000Z'): FollowUpEvent[] => {
  const history = opened();
  const state = history.reduce(followUpDecider.evolve, followUpDecider.initialState());
  return [...history, ...followUpDecider.decide({ type: 'RecordFollowUpVisit', data: { visitedBy: 'eo-1', note: '电话回访' } }, state, at(when))];
};

describe('the follow-up visit of a bad rating', () => {
  it('is due by the end of the 3rd working day after the rating, holidays skipped, and opens once however often it is asked', () => {
    spec.given([]).when(open, at(RATED)).then([{ type: 'FollowUpOpened', data: { ...open.data, at: RATED, visitBy: '2026-05-08T15:59:59.999Z' } }]);
    spec.given(opened()).when(open, at(RATED)).then([]);
  });

  it('records the visit once, late when after its due time', () => {
    spec.given(opened()).when({ type: 'RecordFollowUpVisit', data: { visitedBy: 'eo-1', note: '电话回访' } }, at('2026-05-07T02:00:00.000Z'))
      .thenMatch([{ type: 'FollowUpVisited', data: { late: false } }]);
    spec.given(opened()).when({ type: 'RecordFollowUpVisit', data: { visitedBy: 'eo-1', note: '电话回访' } }, at('2026-05-09T02:00:00.000Z'))
      .thenMatch([{ type: 'FollowUpVisited', data: { late: true } }]);
    spec.given(visited()).when({ type: 'RecordFollowUpVisit', data: { visitedBy: 'eo-1', note: 'x' } }, at('2026-05-07T03:00:00.000Z')).thenThrows('FOLLOW_UP.ALREADY_VISITED');
  });

  it('takes the applicant\'s confirmation after the visit and the department\'s answer, once', () => {
    const confirm = (rectificationAnswered: boolean) => ({ type: 'ConfirmRectification' as const, data: { accepted: true, comment: '已解决', rectificationAnswered } });
    spec.given(opened()).when(confirm(true), at('2026-05-07T03:00:00.000Z')).thenThrows('FOLLOW_UP.NOT_VISITED');
    spec.given(visited()).when(confirm(false), at('2026-05-07T03:00:00.000Z')).thenThrows('FOLLOW_UP.RECTIFICATION_NOT_ANSWERED');
    const confirmed = spec.given(visited()).when(confirm(true), at('2026-05-07T03:00:00.000Z'))
      .then([{ type: 'RectificationConfirmed', data: { at: '2026-05-07T03:00:00.000Z', accepted: true, comment: '已解决' } }]);
    spec.given([...visited(), ...confirmed]).when(confirm(true), at('2026-05-07T04:00:00.000Z')).thenThrows('FOLLOW_UP.ALREADY_CONFIRMED');
    spec.given([]).when(confirm(true), at(RATED)).thenThrows('FOLLOW_UP.NOT_FOUND');
  });
});
