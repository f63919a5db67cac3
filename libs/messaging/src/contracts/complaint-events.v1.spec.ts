import { UnprocessableEventError } from '../messaging.errors';
import { toStoredStream, DEPARTMENTS } from '../testing/case-stories';
import { complaintEvents } from '../testing/complaint-stories';
import { complaintFactsOf, toComplaintIntegrationEvent } from '../relay/complaint-contract.mapping';
import { ComplaintEventTypes, parseComplaintEventV1 } from './complaint-events.v1';

const events = toStoredStream('complaint-TS-1', complaintEvents('TS-1', DEPARTMENTS[0], 'concluded-awaiting-feedback'));
const concluded = toComplaintIntegrationEvent(events[3], complaintFactsOf(events[0].data as never))!;
const data = concluded.data as Record<string, unknown>;

describe('complaint contract v1: the consumers\' check', () => {
  it('accepts what the relay publishes', () => {
    expect(parseComplaintEventV1(concluded)?.type).toBe(ComplaintEventTypes.concluded);
  });

  it('skips a type it does not know (a newer version)', () => {
    expect(parseComplaintEventV1({ ...concluded, type: 'cn.gov.servicecenter.complaint.reopened.v2' })).toBeUndefined();
  });

  it.each([
    ['an action of an unknown kind', { actions: [{ kind: 'fire-everyone' }] }, /actions must be a list of accountability actions/],
    ['an action without its role', { actions: [{ kind: 'hold-accountable' }] }, /actions must be a list/],
    ['a status outside the list', { status: 'closed' }, /status must be one of filed/],
    ['no department', { departmentId: null }, /departmentId must be string/],
    ['another complaint than the subject', { complaintNo: 'TS-2' }, /data.complaintNo TS-2 differs from subject TS-1/],
  ])('dead-letters %s', (_what, change, message) => {
    const broken = { ...concluded, data: { ...data, ...change } };
    expect(() => parseComplaintEventV1(broken)).toThrow(UnprocessableEventError);
    expect(() => parseComplaintEventV1(broken)).toThrow(message);
  });
});
