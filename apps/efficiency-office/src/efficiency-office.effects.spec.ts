import { publishedStory } from '@gov/messaging/testing/published-stories';
import { DEPARTMENTS } from '@gov/messaging/testing/case-stories';
import { CaseEventTypes, TicketEventTypes } from '@gov/messaging';
import { ticketEvent } from '@gov/messaging/testing/ticket-events';
import { efficiencyOfficeEffects } from './efficiency-office.effects';

const [zrzy, , gaj] = DEPARTMENTS;
const CASE = 'ZRZY-20260407-00001';

describe('efficiency office (效能办): message → effects', () => {
  it('opens the case on receipt', () => {
    const [received] = publishedStory(CASE, 'completed-in-time', zrzy);
    expect(efficiencyOfficeEffects(received)).toEqual([{
      kind: 'case-opened', caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001',
      receivedAt: '2026-04-07T01:00:00.000Z', dueAt: '2026-04-14T15:59:59.999Z',
    }]);
  });

  it('counts a yellow card for the department and the window', () => {
    const [, warned] = publishedStory(CASE, 'overdue-open', zrzy);
    expect(efficiencyOfficeEffects(warned)).toEqual([
      { kind: 'card-counted', card: 'yellow', scope: 'department', scopeId: 'zrzy' },
      { kind: 'card-counted', card: 'yellow', scope: 'window', scopeId: 'w-zrzy-1' },
    ]);
  });

  it('counts a red card and lists the case as open and overdue', () => {
    const [, , overdue] = publishedStory(CASE, 'overdue-open', zrzy);
    expect(efficiencyOfficeEffects(overdue)).toEqual([
      { kind: 'card-counted', card: 'red', scope: 'department', scopeId: 'zrzy' },
      { kind: 'card-counted', card: 'red', scope: 'window', scopeId: 'w-zrzy-1' },
      { kind: 'overdue-opened', caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', dueDate: '2026-04-14', dueAt: '2026-04-14T15:59:59.999Z', overdueAt: '2026-04-14T16:00:00.000Z' },
    ]);
  });

  it('counts a card of an online case for its department only', () => {
    const [, overdue] = publishedStory('GAJ-20260407-00001', 'overdue-then-withdrawn', gaj);
    expect(efficiencyOfficeEffects(overdue).filter((effect) => effect.kind === 'card-counted')).toEqual([
      { kind: 'card-counted', card: 'red', scope: 'department', scopeId: 'gaj' },
    ]);
  });

  it('takes a case off the overdue list when it is completed or withdrawn', () => {
    const completed = publishedStory(CASE, 'overdue-then-completed-late', zrzy).at(-1)!;
    expect(efficiencyOfficeEffects(completed)).toEqual([
      { kind: 'case-closed', caseNo: CASE, status: 'completed', closedAt: '2026-04-16T15:59:59.999Z' },
      { kind: 'overdue-closed', caseNo: CASE },
    ]);
    const withdrawn = publishedStory(CASE, 'overdue-then-withdrawn', zrzy).at(-1)!;
    expect(efficiencyOfficeEffects(withdrawn)).toEqual([
      { kind: 'case-closed', caseNo: CASE, status: 'withdrawn', closedAt: '2026-04-14T16:59:59.999Z' },
      { kind: 'overdue-closed', caseNo: CASE },
    ]);
  });

  it('closes a case refused acceptance', () => {
    const notAccepted = publishedStory(CASE, 'not-accepted', zrzy).at(-1)!;
    expect(efficiencyOfficeEffects(notAccepted)).toEqual([{ kind: 'case-closed', caseNo: CASE, status: 'not-accepted', closedAt: '2026-04-07T02:00:00.000Z' }]);
  });

  it('ignores event types it does not know', () => {
    const [received] = publishedStory(CASE, 'completed-in-time', zrzy);
    expect(efficiencyOfficeEffects({ ...received, type: 'cn.gov.servicecenter.case.rated.v1' })).toEqual([]);
  });

  it('notes a step\'s warning, overrun and return with who held it (issue 24)', () => {
    const ref = { caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', stepId: 'review', stepDepartmentId: 'zrzy' };
    const message = (type: string, data: object) => ({ id: 'x', type, source: 's', subject: CASE, time: '2026-04-10T01:00:00.000Z', key: `case-${CASE}`, channel: 'cases', data }) as never;
    expect(efficiencyOfficeEffects(message(CaseEventTypes.stepOverran, { ...ref, holder: 'rev-1', overranAt: '2026-04-10T01:00:00.000Z', dueDate: '2026-04-09', dueAt: '2026-04-09T15:59:59.999Z' })))
      .toEqual([{ kind: 'step-noted', note: 'red', caseNo: CASE, stepId: 'review', departmentId: 'zrzy', staffId: 'rev-1', dueAt: '2026-04-09T15:59:59.999Z', at: '2026-04-10T01:00:00.000Z' }]);
    expect(efficiencyOfficeEffects(message(CaseEventTypes.stepReturned, { ...ref, staffId: 'head-1', toStepId: 'review', returnedAt: '2026-04-13T02:00:00.000Z' })))
      .toEqual([{ kind: 'step-noted', note: 'returned', caseNo: CASE, stepId: 'review', departmentId: 'zrzy', staffId: 'head-1', dueAt: null, at: '2026-04-13T02:00:00.000Z' }]);
  });
});

describe('efficiency office (效能办): the hall\'s waits from the queue\'s tickets', () => {
  const ticket = { ticketId: '20260407-A001', queueId: 'q-zrzy', departmentId: 'zrzy', day: '2026-04-07' };

  it('opens a wait when a ticket is drawn and ends it at the first call, in seconds', () => {
    expect(efficiencyOfficeEffects(ticketEvent(TicketEventTypes.drawn, {}))).toEqual([{ kind: 'ticket-drawn', ...ticket, waitFrom: '2026-04-07T01:00:00.000Z' }]);
    expect(efficiencyOfficeEffects(ticketEvent(TicketEventTypes.called, { windowId: 'w-zrzy', calledAt: '2026-04-07T01:17:30.000Z', appointment: false }))).toEqual([{
      kind: 'ticket-called', ...ticket, waitFrom: '2026-04-07T01:00:00.000Z', windowId: 'w-zrzy', calledAt: '2026-04-07T01:17:30.000Z', waitedSeconds: 1050,
    }]);
  });

  it('counts an appointment\'s wait from the start of its slot, not from when it was booked days before', () => {
    const booked = { drawnAt: '2026-04-03T08:00:00.000Z', appointmentFrom: '2026-04-07T01:30:00.000Z', appointmentTo: '2026-04-07T02:00:00.000Z' };
    const [called] = efficiencyOfficeEffects(ticketEvent(TicketEventTypes.called, { windowId: 'w-zrzy', calledAt: '2026-04-07T01:35:00.000Z', appointment: true }, booked));
    expect(called).toEqual(expect.objectContaining({ waitFrom: '2026-04-07T01:30:00.000Z', waitedSeconds: 300 }));
  });

  it('records a no-show, and nothing for a recall or a transfer', () => {
    expect(efficiencyOfficeEffects(ticketEvent(TicketEventTypes.noShow, { windowId: 'w-zrzy', noShowAt: '2026-04-07T01:40:00.000Z' })))
      .toEqual([{ kind: 'ticket-no-show', ...ticket, waitFrom: '2026-04-07T01:00:00.000Z' }]);
    expect(efficiencyOfficeEffects(ticketEvent(TicketEventTypes.recalled, { windowId: 'w-zrzy', recalledAt: '2026-04-07T01:20:00.000Z', times: 1 }))).toEqual([]);
    expect(efficiencyOfficeEffects(ticketEvent(TicketEventTypes.transferred, { fromWindowId: 'w-zrzy', toWindowId: 'w-zhck', transferredAt: '2026-04-07T01:21:00.000Z' }))).toEqual([]);
  });
});
