import { endOfShanghaiDay, shanghaiDateOf, WorkingCalendar } from '../calendar';
import { DomainEvent, rule, Decider } from '../shared';

/**
 * A supervision notice (督办单): the efficiency office (效能办) sends it to the department of
 * an overdue case with a reply deadline; the department replies with its rectification; the
 * office closes it or sends it back for a better answer.
 */
export type OpenNotice = {
  readonly type: 'OpenNotice';
  readonly data: { readonly noticeNo: string; readonly caseNo: string; readonly departmentId: string; readonly windowId: string | null;
    readonly caseDueAt: string; readonly reason: string };
};
export type ReplyToNotice = { readonly type: 'ReplyToNotice'; readonly data: { readonly rectification: string } };
export type CloseNotice = { readonly type: 'CloseNotice'; readonly data: { readonly conclusion: string } };
export type ReturnNotice = { readonly type: 'ReturnNotice'; readonly data: { readonly reason: string } };
export type NoticeCommand = OpenNotice | ReplyToNotice | CloseNotice | ReturnNotice;

export type SupervisionNoticeOpened = DomainEvent<'SupervisionNoticeOpened', OpenNotice['data'] & { readonly at: string; readonly replyBy: string }>;
export type NoticeReplied = DomainEvent<'NoticeReplied', { readonly at: string; readonly rectification: string; readonly late: boolean }>;
export type NoticeClosed = DomainEvent<'NoticeClosed', { readonly at: string; readonly conclusion: string }>;
export type NoticeReturned = DomainEvent<'NoticeReturned', { readonly at: string; readonly reason: string; readonly replyBy: string }>;
export type NoticeEvent = SupervisionNoticeOpened | NoticeReplied | NoticeClosed | NoticeReturned;

export type NoticeState =
  | { readonly status: 'none' }
  | { readonly status: 'awaiting-reply' | 'replied' | 'closed'; readonly noticeNo: string; readonly departmentId: string; readonly replyBy: string };

export interface NoticeContext {
  readonly now: string;
  readonly calendar: WorkingCalendar;
  /** Working days the department has to reply, counted from the day after the notice or its return. */
  readonly replyWorkingDays: number;
}

export const noticeStreamId = (noticeNo: string): string => `notice-${noticeNo}`;

/** One notice per overdue case and due time: `DB-<case number>-<due date>`. */
export const noticeNoFor = (caseNo: string, dueDate: string): string => `DB-${caseNo}-${dueDate.replaceAll('-', '')}`;

export function initialNoticeState(): NoticeState {
  return { status: 'none' };
}

export function decideNotice(command: NoticeCommand, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  const at = context.now;
  const replyBy = endOfShanghaiDay(context.calendar.nthWorkingDayAfter(shanghaiDateOf(at), context.replyWorkingDays));
  if (command.type === 'OpenNotice') {
    rule('OneNoticePerOverdue', 'NOTICE.ALREADY_OPEN', 'conflict', state.status === 'none', `notice ${command.data.noticeNo} already exists`);
    return [{ type: 'SupervisionNoticeOpened', data: { ...command.data, at, replyBy } }];
  }
  rule('NoticeMustExist', 'NOTICE.NOT_FOUND', 'not-found', state.status !== 'none', 'no such supervision notice');
  const notice = state as Exclude<NoticeState, { status: 'none' }>;
  rule('ClosedNoticeIsFinal', 'NOTICE.CLOSED', 'conflict', notice.status !== 'closed', `notice ${notice.noticeNo} is closed`);
  switch (command.type) {
    case 'ReplyToNotice':
      rule('RepliesAnswerAnOpenNotice', 'NOTICE.NOT_AWAITING_REPLY', 'conflict', notice.status === 'awaiting-reply',
        `notice ${notice.noticeNo} already has a reply awaiting the office's review`);
      return [{ type: 'NoticeReplied', data: { at, rectification: command.data.rectification, late: Date.parse(at) > Date.parse(notice.replyBy) } }];
    case 'CloseNotice':
      rule('OnlyARepliedNoticeCloses', 'NOTICE.NOT_REPLIED', 'conflict', notice.status === 'replied',
        `notice ${notice.noticeNo} has no reply to accept yet`);
      return [{ type: 'NoticeClosed', data: { at, conclusion: command.data.conclusion } }];
    case 'ReturnNotice':
      rule('OnlyARepliedNoticeIsReturned', 'NOTICE.NOT_REPLIED', 'conflict', notice.status === 'replied',
        `notice ${notice.noticeNo} has no reply to send back`);
      return [{ type: 'NoticeReturned', data: { at, reason: command.data.reason, replyBy } }];
  }
}

export function evolveNotice(state: NoticeState, event: NoticeEvent): NoticeState {
  switch (event.type) {
    case 'SupervisionNoticeOpened':
      return { status: 'awaiting-reply', noticeNo: event.data.noticeNo, departmentId: event.data.departmentId, replyBy: event.data.replyBy };
    case 'NoticeReplied':
      return state.status === 'none' ? state : { ...state, status: 'replied' };
    case 'NoticeClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed' };
    case 'NoticeReturned':
      return state.status === 'none' ? state : { ...state, status: 'awaiting-reply', replyBy: event.data.replyBy };
  }
}

/** A supervision notice (督办通知) and its reply. */
export const noticeDecider: Decider<NoticeCommand, NoticeState, NoticeEvent, NoticeContext> = {
  initialState: initialNoticeState, evolve: evolveNotice, decide: decideNotice,
};
