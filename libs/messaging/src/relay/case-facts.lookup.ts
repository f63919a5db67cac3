import type { CaseReceived } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { CaseFacts, caseFactsOf } from './case-contract.mapping';
import { StreamFactsLookup } from './stream-facts.lookup';

/** Finds a case's department, window and item (from its CaseReceived) for the events that do not repeat them. */
export class CaseFactsLookup extends StreamFactsLookup<CaseFacts> {
  constructor(store: Pick<EventStore, 'readStream'>, capacity?: number) {
    super(store, { type: 'CaseReceived', factsOf: (data) => caseFactsOf(data as CaseReceived['data']) }, capacity);
  }
}
