import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { deciderSpec } from '../testing/decider-spec';
import {
  decideRectification, evolveRectification, initialRectificationState, OpenRectification, RectificationEvent, rectificationNoFor,
} from './rectification.decider';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideRectification, evolve: evolveRectification, initialState: initialRectificationState });
const at = (now: string) => ({ now, calendar, answerWorkingDays: 15 });
const open: OpenRectification = {
  type: 'OpenRectification',
  data: { rectificationNo: 'ZG-ZRZY-20260407-00001', caseNo: 'ZRZY-20260407-00001', departmentId: 'zrzy', windowId: 'w-zrzy',
    level: 'very-dissatisfied', comment: '跑了三趟' },
};
// Rated Tue 04-07: answer due by the end of the 15th working day after, Tue 04-28.
const opened: RectificationEvent[] = [{ type: 'RectificationOpened', data: { ...open.data, at: '2026-04-07T01:00:00.000Z', answerBy: '2026-04-28T15:59:59.999Z' } }];

describe('rectification of a bad rating (差评整改)', () => {
  it('opens once per bad rating, with an answer deadline in working days', () => {
    expect(rectificationNoFor('ZRZY-20260407-00001')).toBe('ZG-ZRZY-20260407-00001');
    spec.given([]).when(open, at('2026-04-07T01:00:00.000Z')).then(opened);
    spec.given(opened).when(open, at('2026-04-07T02:00:00.000Z')).thenThrows('RECTIFICATION.ALREADY_OPEN');
    spec.given([]).when({ ...open, data: { ...open.data, level: 'basically-satisfied' } }, at('2026-04-07T01:00:00.000Z'))
      .thenThrows('RECTIFICATION.NOT_A_BAD_RATING');
  });

  it('is answered once, flagged late after the deadline', () => {
    spec.given(opened).when({ type: 'AnswerRectification', data: { answer: '已整改' } }, at('2026-04-28T09:00:00.000Z'))
      .then([{ type: 'RectificationAnswered', data: { at: '2026-04-28T09:00:00.000Z', answer: '已整改', late: false } }]);
    spec.given(opened).when({ type: 'AnswerRectification', data: { answer: '已整改' } }, at('2026-04-29T01:00:00.000Z'))
      .thenMatch([{ data: { late: true } }]);
    const answered: RectificationEvent[] = [...opened, { type: 'RectificationAnswered', data: { at: '2026-04-20T01:00:00.000Z', answer: 'x', late: false } }];
    spec.given(answered).when({ type: 'AnswerRectification', data: { answer: 'y' } }, at('2026-04-21T01:00:00.000Z')).thenThrows('RECTIFICATION.ALREADY_ANSWERED');
    spec.given([]).when({ type: 'AnswerRectification', data: { answer: 'y' } }, at('2026-04-21T01:00:00.000Z')).thenThrows('RECTIFICATION.NOT_FOUND');
  });
});
