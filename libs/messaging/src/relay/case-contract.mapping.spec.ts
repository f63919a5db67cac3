import type { StoredEvent } from '@gov/event-store';
import { CaseEventTypes, parseCaseEventV1 } from '../contracts/case-events.v1';
import { APPLICANT, caseEvents, DEPARTMENTS, toStoredEvents } from '../testing/case-stories';
import { caseFactsOf, toCaseIntegrationEvent } from './case-contract.mapping';

const [zrzy, , gaj] = DEPARTMENTS;

function publish(events: readonly StoredEvent[]) {
  const facts = caseFactsOf(events[0].data as never);
  return events.map((event) => toCaseIntegrationEvent(event, facts));
}

describe('case events → public contract v1', () => {
  const events = toStoredEvents('ZRZY-20260407-00001', caseEvents('ZRZY-20260407-00001', zrzy, 'overdue-then-completed-late'));
  const published = publish(events);

  it('publishes receipt, cards and completion, each as a versioned CloudEvent keyed by its stream', () => {
    expect(published.map((event) => event?.type)).toEqual([
      CaseEventTypes.received, CaseEventTypes.warned, CaseEventTypes.overdue, CaseEventTypes.completed,
    ]);
    published.forEach((event, i) => expect(event).toMatchObject({
      id: events[i].id, subject: 'ZRZY-20260407-00001', key: 'case-ZRZY-20260407-00001', channel: 'cases',
      source: 'urn:cn:gov:servicecenter:case-engine', time: events[i].metadata.occurredAt,
    }));
  });

  it('names the fields for consumers: the receipt', () => {
    expect(published[0]?.data).toEqual({
      caseNo: 'ZRZY-20260407-00001', departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', itemVersion: 2,
      itemName: '营业执照变更登记', category: 'promised', channel: 'window', subCenterId: null, staffId: 'staff-7', applicantKind: 'person',
      receivedAt: '2026-04-07T01:00:00.000Z', acceptedDate: '2026-04-07', limitDays: 5, dueDate: '2026-04-14', dueAt: '2026-04-14T15:59:59.999Z',
      ticketId: null,
    });
  });

  it('names the queue ticket the applicant was called with (a served ticket), and checks it when present', () => {
    const [received] = events;
    const withTicket = { ...received, data: { ...(received.data as object), ticketId: '20260407-A001' } } as StoredEvent;
    const event = toCaseIntegrationEvent(withTicket, caseFactsOf(withTicket.data as never))!;
    expect(event.data).toMatchObject({ ticketId: '20260407-A001' });
    expect(parseCaseEventV1(event)).toBeDefined();
    const { ticketId: _absent, ...older } = published[0]!.data as Record<string, unknown>;
    expect(parseCaseEventV1({ ...event, data: older })).toBeDefined();
    expect(() => parseCaseEventV1({ ...event, data: { ...(event.data as object), ticketId: 7 } })).toThrow(/ticketId/);
  });

  it('tells the department and window with every card, from the receipt', () => {
    expect(published[1]?.data).toEqual({
      caseNo: 'ZRZY-20260407-00001', departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', card: 'yellow',
      warnedAt: '2026-04-13T16:00:00.000Z', dueDate: '2026-04-14', dueAt: '2026-04-14T15:59:59.999Z',
    });
    expect(published[2]?.data).toEqual({
      caseNo: 'ZRZY-20260407-00001', departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', card: 'red',
      overdueAt: '2026-04-14T16:00:00.000Z', dueDate: '2026-04-14', dueAt: '2026-04-14T15:59:59.999Z',
    });
    expect(published[3]?.data).toMatchObject({ outcome: 'approved', late: true, workingDaysLate: 2, early: false, dueDate: '2026-04-14' });
  });

  it('lets no personal data or free text onto the bus', () => {
    const wire = JSON.stringify(published);
    for (const secret of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, '准予变更', '申请书']) expect(wire).not.toContain(secret);
  });

  it('keeps internal-only events inside', () => {
    const suspended = { ...events[1], type: 'ClockSuspended', data: { at: events[1].data } } as StoredEvent;
    expect(toCaseIntegrationEvent(suspended, caseFactsOf(events[0].data as never))).toBeNull();
  });

  it('gives the same message for the same stored event (the relay sends a failed batch again as it was)', () => {
    expect(publish(events)).toEqual(published);
  });

  it('produces payloads that pass the consumers\' contract check, for online cases too (no window)', () => {
    const online = toStoredEvents('GAJ-20260407-00002', caseEvents('GAJ-20260407-00002', gaj, 'overdue-then-withdrawn'));
    for (const event of [...published, ...publish(online)]) expect(parseCaseEventV1(event!)).toEqual({ type: event!.type, data: event!.data });
    expect(publish(online)[0]?.data).toMatchObject({ windowId: null, channel: 'online', staffId: null });
  });
});
