import type { ComplaintFiled, RectificationOpened } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { ComplaintEventTypes, parseComplaintEventV1 } from '../contracts/complaint-events.v1';
import { DEPARTMENTS, toStoredStream } from '../testing/case-stories';
import { COMPLAINANT, COMPLAINT_FREE_TEXT, complaintEvents, rectificationEvents } from '../testing/complaint-stories';
import {
  complaintFactsOf, rectificationFactsOf, toComplaintIntegrationEvent, toRectificationIntegrationEvent,
} from './complaint-contract.mapping';
import { ContractRouter } from './contract-router';

const [zrzy, , gaj] = DEPARTMENTS;
const NO = 'TS-20260415-0001';

function publish(events: readonly StoredEvent[]) {
  const facts = complaintFactsOf(events[0].data as ComplaintFiled['data']);
  return events.map((event) => toComplaintIntegrationEvent(event, facts));
}

describe('complaint events → public contract v1', () => {
  const events = toStoredStream(`complaint-${NO}`, complaintEvents(NO, zrzy, 'concluded-with-actions-feedback-late'));
  const published = publish(events);
  const filed = events[0].data as ComplaintFiled['data'];

  it('publishes the whole lifecycle on the complaints channel, keyed by the complaint stream', () => {
    expect(published.map((event) => [event?.type, (event?.data as { status: string }).status])).toEqual([
      [ComplaintEventTypes.filed, 'filed'], [ComplaintEventTypes.accepted, 'accepted'],
      [ComplaintEventTypes.investigationStarted, 'investigating'], [ComplaintEventTypes.concluded, 'concluded'],
      [ComplaintEventTypes.feedbackGiven, 'feedback-given'],
    ]);
    published.forEach((event, i) => expect(event).toMatchObject({
      id: events[i].id, subject: NO, key: `complaint-${NO}`, channel: 'complaints', time: events[i].metadata.occurredAt,
    }));
  });

  it('says what the complaint is against and its dates, with every event', () => {
    const ref = {
      complaintNo: NO, category: 'favours-gifts-bribes', channel: 'window', departmentId: 'zrzy', windowId: 'w-zrzy-1', staffId: 'staff-7',
      caseNo: null, itemCode: null, filedDate: '2026-04-15', feedbackBy: filed.feedbackBy,
    };
    expect(filed.feedbackBy).toMatch(/^2026-05-/);
    expect(published[0]?.data).toEqual({ ...ref, status: 'filed', filedAt: filed.at });
    expect(published[1]?.data).toEqual({ ...ref, status: 'accepted', acceptedAt: events[1].metadata.occurredAt });
    expect(published[2]?.data).toEqual({ ...ref, status: 'investigating', investigationStartedAt: events[2].metadata.occurredAt });
    expect(published[4]?.data).toEqual({ ...ref, status: 'feedback-given', feedbackGivenAt: events[4].metadata.occurredAt, late: true });
  });

  it('carries the accountability actions, with the role held accountable but not the person', () => {
    expect(published[3]?.data).toMatchObject({
      status: 'concluded', substantiated: true, concludedDate: '2026-04-25', workingDaysToConclusion: expect.any(Number),
      actions: [
        { kind: 'admonish-department', departmentId: 'zrzy' }, { kind: 'return-staff', staffId: 'staff-7' },
        { kind: 'hold-accountable', role: 'directly-responsible' },
      ],
    });
  });

  it('lets no complainant identity, sealed or clear, and no free text onto the bus', () => {
    const wire = JSON.stringify(published);
    const sealed = (filed.complainant as { personId: string; sealed: string });
    for (const secret of [COMPLAINANT.name, COMPLAINANT.contact, COMPLAINANT.idNumber, sealed.personId, sealed.sealed, 'complainant', ...COMPLAINT_FREE_TEXT]) {
      expect(wire).not.toContain(secret);
    }
  });

  it('publishes a declined complaint and an engine-opened file (no feedback deadline), each passing the consumers\' check', () => {
    const declined = publish(toStoredStream('complaint-TS-2', complaintEvents('TS-2', gaj, 'declined-then-feedback')));
    const automatic = publish(toStoredStream('complaint-CQ-1', complaintEvents('CQ-1', gaj, 'automatic-accepted')));
    expect(declined.map((event) => event?.type)).toEqual([ComplaintEventTypes.filed, ComplaintEventTypes.declined, ComplaintEventTypes.feedbackGiven]);
    expect(declined[2]?.data).toMatchObject({ late: false, windowId: null, staffId: null });
    expect(automatic[0]?.data).toMatchObject({ channel: 'automatic', feedbackBy: null, caseNo: 'GAJ-20260407-00001', category: 'not-within-time-limit' });
    for (const event of [...published, ...declined, ...automatic]) expect(parseComplaintEventV1(event!)).toEqual({ type: event!.type, data: event!.data });
  });

  it('gives the same message for the same stored event', () => {
    expect(publish(events)).toEqual(published);
  });
});

describe('rectification events → public contract v1', () => {
  const events = toStoredStream('rectification-ZG-ZRZY-1', rectificationEvents('ZRZY-1', zrzy, 'answered-late'));
  const opened = events[0].data as RectificationOpened['data'];
  const published = events.map((event) => toRectificationIntegrationEvent(event, rectificationFactsOf(opened)));

  it('publishes the opening and the late answer, without the rating\'s comment or the answer', () => {
    const ref = { rectificationNo: 'ZG-ZRZY-1', caseNo: 'ZRZY-1', departmentId: 'zrzy', windowId: 'w-zrzy-1', level: 'very-dissatisfied', answerBy: opened.answerBy };
    expect(published.map((event) => event?.data)).toEqual([
      { ...ref, openedAt: opened.at }, { ...ref, answeredAt: events[1].metadata.occurredAt, late: true },
    ]);
    expect(published.map((event) => [event?.type, event?.channel, event?.subject, event?.key])).toEqual([
      [ComplaintEventTypes.rectificationOpened, 'complaints', 'ZG-ZRZY-1', 'rectification-ZG-ZRZY-1'],
      [ComplaintEventTypes.rectificationAnswered, 'complaints', 'ZG-ZRZY-1', 'rectification-ZG-ZRZY-1'],
    ]);
    for (const event of published) expect(parseComplaintEventV1(event!)).toEqual({ type: event!.type, data: event!.data });
    expect(JSON.stringify(published)).not.toContain(COMPLAINT_FREE_TEXT[7]);
  });
});

describe('the contract router', () => {
  it('reads a complaint\'s target from its filing when the relay starts mid-stream', async () => {
    const events = toStoredStream(`complaint-${NO}`, complaintEvents(NO, zrzy, 'investigating'));
    const router = ContractRouter.default({ readStream: async (streamId) => (streamId === `complaint-${NO}` ? events : []) });
    const started = await router.toIntegrationEvent(events[2]);
    expect(started?.data).toMatchObject({ complaintNo: NO, departmentId: 'zrzy', staffId: 'staff-7', status: 'investigating' });
  });

  it('refuses a complaint stream that does not start with its filing rather than publish it without a target', async () => {
    const events = toStoredStream(`complaint-${NO}`, complaintEvents(NO, zrzy, 'investigating'));
    const router = ContractRouter.default({ readStream: async () => events.slice(1) });
    await expect(router.toIntegrationEvent(events[2])).rejects.toThrow(/does not start with ComplaintFiled/);
  });

  it('keeps other categories inside', async () => {
    const router = ContractRouter.default({ readStream: async () => [] });
    const notice = { ...toStoredStream('notice-DB-1', complaintEvents(NO, zrzy, 'filed-open'))[0], type: 'NoticeOpened' };
    expect(await router.toIntegrationEvent(notice)).toBeNull();
  });
});
