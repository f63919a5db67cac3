import type { StoredEvent } from '@gov/event-store';
import type { IntegrationEvent } from '../integration-event';
import { caseFactsOf, toCaseIntegrationEvent } from '../relay/case-contract.mapping';
import { complaintStreamId, rectificationStreamId } from '@gov/domain';
import { complaintFactsOf, rectificationFactsOf, toComplaintIntegrationEvent, toRectificationIntegrationEvent } from '../relay/complaint-contract.mapping';
import { CaseStory, caseEvents, DEPARTMENTS, toStoredEvents, toStoredStream } from './case-stories';
import { ComplaintStory, complaintEvents, rectificationEvents } from './complaint-stories';

/** A story as consumers receive it: the public events the relay would publish for it. */
export function publishedStory(caseNo: string, story: CaseStory, department = DEPARTMENTS[0]): IntegrationEvent[] {
  const stored: StoredEvent[] = toStoredEvents(caseNo, caseEvents(caseNo, department, story));
  const facts = caseFactsOf(stored[0].data as never);
  return stored.map((event) => toCaseIntegrationEvent(event, facts)).filter((event): event is IntegrationEvent => event !== null);
}

/** A complaint story as the discipline window receives it. */
export function publishedComplaintStory(complaintNo: string, story: ComplaintStory, department = DEPARTMENTS[0]): IntegrationEvent[] {
  const stored = toStoredStream(complaintStreamId(complaintNo), complaintEvents(complaintNo, department, story));
  const facts = complaintFactsOf(stored[0].data as never);
  return stored.map((event) => toComplaintIntegrationEvent(event, facts)).filter((event): event is IntegrationEvent => event !== null);
}

/** A rectification as the discipline window receives it. */
export function publishedRectification(caseNo: string, answered: 'open' | 'answered-late', department = DEPARTMENTS[0]): IntegrationEvent[] {
  const stored = toStoredStream(rectificationStreamId(`ZG-${caseNo}`), rectificationEvents(caseNo, department, answered));
  const facts = rectificationFactsOf(stored[0].data as never);
  return stored.map((event) => toRectificationIntegrationEvent(event, facts)).filter((event): event is IntegrationEvent => event !== null);
}
