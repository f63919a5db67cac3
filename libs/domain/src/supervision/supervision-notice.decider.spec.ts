import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { deciderSpec } from '../testing/decider-spec';
import { decideNotice, evolveNotice, initialNoticeState, NoticeEvent, OpenNotice } from './supervision-notice.decider';
import { decideVisit } from './supervision-visit.decider';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideNotice, evolve: evolveNotice, initialState: initialNoticeState });
const at = (now: string) => ({ now, calendar, replyWorkingDays: 3 });
const open: OpenNotice = {
  type: 'OpenNotice',
  data: { noticeNo: 'DB-ZRZY-20260407-00001-20260414', caseNo: 'ZRZY-20260407-00001', departmentId: 'zrzy', windowId: 'w-zrzy',
    caseDueAt: '2026-04-14T15:59:59.999Z', reason: '不按规定时限办结' },
};
// Opened Wed 04-15 09:00 Shanghai: reply due by the end of Mon 04-20 (04-16, 17, 20).
const opened: NoticeEvent[] = [{ type: 'SupervisionNoticeOpened', data: { ...open.data, at: '2026-04-15T01:00:00.000Z', replyBy: '2026-04-20T15:59:59.999Z' } }];

describe('supervision notice (督办单)', () => {
  it('opens once per overdue case with a reply deadline in working days', () => {
    spec.given([]).when(open, at('2026-04-15T01:00:00.000Z')).then(opened);
    spec.given(opened).when(open, at('2026-04-15T02:00:00.000Z')).thenThrows('NOTICE.ALREADY_OPEN');
  });

  it('flags a late reply, and is closed or sent back only after a reply', () => {
    spec.given(opened).when({ type: 'ReplyToNotice', data: { rectification: '已整改' } }, at('2026-04-21T01:00:00.000Z'))
      .then([{ type: 'NoticeReplied', data: { at: '2026-04-21T01:00:00.000Z', rectification: '已整改', late: true } }]);
    spec.given(opened).when({ type: 'CloseNotice', data: { conclusion: 'ok' } }, at('2026-04-16T01:00:00.000Z')).thenThrows('NOTICE.NOT_REPLIED');
    const replied: NoticeEvent[] = [...opened, { type: 'NoticeReplied', data: { at: '2026-04-16T01:00:00.000Z', rectification: 'x', late: false } }];
    spec.given(replied).when({ type: 'ReplyToNotice', data: { rectification: 'y' } }, at('2026-04-16T02:00:00.000Z')).thenThrows('NOTICE.NOT_AWAITING_REPLY');
    spec.given(replied).when({ type: 'ReturnNotice', data: { reason: '整改不到位' } }, at('2026-04-16T02:00:00.000Z'))
      .then([{ type: 'NoticeReturned', data: { at: '2026-04-16T02:00:00.000Z', reason: '整改不到位', replyBy: '2026-04-21T15:59:59.999Z' } }]);
    const closed: NoticeEvent[] = [...replied, { type: 'NoticeClosed', data: { at: '2026-04-16T03:00:00.000Z', conclusion: 'ok' } }];
    spec.given(closed).when({ type: 'ReplyToNotice', data: { rectification: 'z' } }, at('2026-04-17T01:00:00.000Z')).thenThrows('NOTICE.CLOSED');
  });
});

describe('supervision visits', () => {
  it('records a visit that happened and refuses one in the future', () => {
    expect(decideVisit({ type: 'RecordVisit', data: { date: '2026-04-15', inspector: '王科长', findings: '窗口在岗' } }, '2026-04-15T09:00:00.000Z'))
      .toEqual([{ type: 'SupervisionVisitRecorded', data: { date: '2026-04-15', inspector: '王科长', findings: '窗口在岗', at: '2026-04-15T09:00:00.000Z' } }]);
    expect(() => decideVisit({ type: 'RecordVisit', data: { date: '2026-04-17', inspector: 'x', findings: 'x' } }, '2026-04-15T09:00:00.000Z'))
      .toThrow(expect.objectContaining({ code: 'VISIT.DATE_IN_FUTURE' }));
  });
});
