import type { StoredEvent } from '@gov/event-store';
import type { IntegrationEvent } from '../integration-event';
import { caseFactsOf, toCaseIntegrationEvent } from '../relay/case-contract.mapping';
import { CaseStory, caseEvents, DEPARTMENTS, toStoredEvents } from './case-stories';

/** A story as consumers receive it: the public events the relay would publish for it. */
export function publishedStory(caseNo: string, story: CaseStory, department = DEPARTMENTS[0]): IntegrationEvent[] {
  const stored: StoredEvent[] = toStoredEvents(caseNo, caseEvents(caseNo, department, story));
  const facts = caseFactsOf(stored[0].data as never);
  return stored.map((event) => toCaseIntegrationEvent(event, facts)).filter((event): event is IntegrationEvent => event !== null);
}
