import { IdempotentReadModelConsumer, openConsumerDb } from '@gov/messaging';
import { DEPARTMENTS } from '@gov/messaging/testing/case-stories';
import { publishedStory } from '@gov/messaging/testing/published-stories';
import { CaseEventTypes } from '@gov/messaging';
import { TicketEventTypes } from '@gov/messaging';
import { ticketEvent } from '@gov/messaging/testing/ticket-events';
import { caseStatuses, cardCounts, departmentWaits, efficiencyOfficeReadModel, openOverdueCases, stepNotes } from './efficiency-office.read-model';

const [zrzy, scjg, gaj] = DEPARTMENTS;

describe('efficiency office read model', () => {
  it('keeps card counts per department and window, and the open overdue cases', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, efficiencyOfficeReadModel);
    const events = [
      ...publishedStory('ZRZY-1', 'overdue-open', zrzy),
      ...publishedStory('ZRZY-2', 'overdue-then-completed-late', zrzy),
      ...publishedStory('SCJG-1', 'warned-then-completed', scjg),
      ...publishedStory('GAJ-1', 'overdue-then-withdrawn', gaj),
      ...publishedStory('GAJ-2', 'completed-in-time', gaj),
    ];
    for (const event of events) consumer.handle(event);
    expect(cardCounts(db, 'department')).toEqual([
      { scope: 'department', scopeId: 'gaj', yellow: 0, red: 1 },
      { scope: 'department', scopeId: 'scjg', yellow: 1, red: 0 },
      { scope: 'department', scopeId: 'zrzy', yellow: 2, red: 2 },
    ]);
    expect(cardCounts(db, 'window')).toEqual([
      { scope: 'window', scopeId: 'w-scjg-1', yellow: 1, red: 0 },
      { scope: 'window', scopeId: 'w-zrzy-1', yellow: 2, red: 2 },
    ]);
    expect(openOverdueCases(db).map((row) => row.caseNo)).toEqual(['ZRZY-1']);
    expect(caseStatuses(db)).toEqual({ 'ZRZY-1': 'open', 'ZRZY-2': 'completed', 'SCJG-1': 'completed', 'GAJ-1': 'withdrawn', 'GAJ-2': 'completed' });
  });

  it('counts a redelivered card once', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, efficiencyOfficeReadModel);
    const events = publishedStory('ZRZY-1', 'overdue-open', zrzy);
    for (const event of [...events, ...events]) consumer.handle(event);
    expect(cardCounts(db, 'department')).toEqual([{ scope: 'department', scopeId: 'zrzy', yellow: 1, red: 1 }]);
    expect(consumer.stats()).toEqual({ applied: 3, duplicates: 3 });
  });

  it("keeps the steps' warnings, overruns and returns once each, with who held the step (issue 24)", () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, efficiencyOfficeReadModel);
    const ref = { caseNo: 'SCJG-1', departmentId: 'scjg', windowId: 'w-scjg-1', itemCode: 'SCJG-002', stepId: 'review', stepDepartmentId: 'scjg' };
    const due = { dueDate: '2026-04-09', dueAt: '2026-04-09T15:59:59.999Z' };
    const message = (id: string, type: string, data: object) =>
      ({ id, type, source: 's', subject: 'SCJG-1', time: '2026-04-10T01:00:00.000Z', key: 'case-SCJG-1', channel: 'cases', data }) as never;
    const overran = message('e-2', CaseEventTypes.stepOverran, { ...ref, holder: 'rev-1', overranAt: '2026-04-10T01:00:00.000Z', ...due });
    for (const event of [
      message('e-1', CaseEventTypes.stepWarned, { ...ref, holder: 'rev-1', warnedAt: '2026-04-08T16:00:00.000Z', ...due }),
      overran, overran,
      message('e-3', CaseEventTypes.stepReturned, { ...ref, stepId: 'decision', staffId: 'head-1', toStepId: 'review', returnedAt: '2026-04-13T02:00:00.000Z' }),
    ]) consumer.handle(event);
    expect(stepNotes(db).map((n) => [n.note, n.stepId, n.staffId])).toEqual([['yellow', 'review', 'rev-1'], ['red', 'review', 'rev-1'], ['returned', 'decision', 'head-1']]);
  });

  it('keeps a day\'s waits per department: tickets, called, no-shows, the median and 90th percentile wait, the long waits; a second call or a redelivery changes nothing', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, efficiencyOfficeReadModel);
    const at = (minutes: number) => new Date(Date.parse('2026-04-07T01:00:00.000Z') + minutes * 60_000).toISOString();
    const events = [];
    for (let n = 1; n <= 10; n++) {
      const ticket = { ticketId: `20260407-A${String(n).padStart(3, '0')}`, drawnAt: at(0) };
      events.push(ticketEvent(TicketEventTypes.drawn, {}, ticket));
      // Ticket n waits 4n minutes; the 10th never comes.
      if (n < 10) events.push(ticketEvent(TicketEventTypes.called, { windowId: 'w-zrzy', calledAt: at(4 * n), appointment: false }, ticket));
      else events.push(ticketEvent(TicketEventTypes.noShow, { windowId: 'w-zrzy', noShowAt: at(45) }, ticket));
    }
    const gaTicket = { ticketId: '20260407-D001', queueId: 'q-rs', departmentId: 'rs', drawnAt: at(0) };
    events.push(ticketEvent(TicketEventTypes.drawn, {}, gaTicket));
    // Called at a second window after a transfer: the first call is the wait.
    events.push(ticketEvent(TicketEventTypes.called, { windowId: 'w-rs', calledAt: at(3), appointment: false }, gaTicket));
    events.push({ ...ticketEvent(TicketEventTypes.called, { windowId: 'w-zhck', calledAt: at(9), appointment: false }, gaTicket), id: 'second-call' });
    for (const event of [...events, ...events]) consumer.handle(event);
    expect(departmentWaits(db, '2026-04-07')).toEqual([
      { departmentId: 'rs', tickets: 1, called: 1, noShows: 0, medianWaitMinutes: 3, p90WaitMinutes: 3, longWaits: 0 },
      { departmentId: 'zrzy', tickets: 10, called: 9, noShows: 1, medianWaitMinutes: 20, p90WaitMinutes: 36, longWaits: 2 },
    ]);
    expect(departmentWaits(db, '2026-04-08')).toEqual([]);
  });
});

