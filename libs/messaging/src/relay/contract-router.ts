import type { EventStore, StoredEvent } from '@gov/event-store';
import type { IntegrationEvent } from '../integration-event';
import { CASE_STREAM_PREFIX, PUBLISHED_CASE_EVENT_TYPES, toCaseIntegrationEvent } from './case-contract.mapping';
import { CaseFactsLookup } from './case-facts.lookup';

/** Turns the internal events of one stream category into their public form. */
export interface CategoryMapper {
  /** The stream id prefix of the category, e.g. `case-`. */
  readonly streamPrefix: string;
  toIntegrationEvent(event: StoredEvent): Promise<IntegrationEvent | null>;
}

export class CaseCategoryMapper implements CategoryMapper {
  readonly streamPrefix = CASE_STREAM_PREFIX;
  private readonly facts: CaseFactsLookup;

  constructor(store: Pick<EventStore, 'readStream'>) {
    this.facts = new CaseFactsLookup(store);
  }

  async toIntegrationEvent(event: StoredEvent): Promise<IntegrationEvent | null> {
    if (!PUBLISHED_CASE_EVENT_TYPES.has(event.type)) return null;
    return toCaseIntegrationEvent(event, await this.facts.factsFor(event));
  }
}

/**
 * The one place that says which stream categories leave the engine and on which channel.
 * Only cases today; the complaint and supervision mappers of later issues are added here
 * (channels `complaints` and `supervision`). Streams of other categories are not published.
 */
export class ContractRouter {
  constructor(private readonly mappers: readonly CategoryMapper[]) {}

  static default(store: Pick<EventStore, 'readStream'>): ContractRouter {
    return new ContractRouter([new CaseCategoryMapper(store)]);
  }

  toIntegrationEvent(event: StoredEvent): Promise<IntegrationEvent | null> {
    const mapper = this.mappers.find((candidate) => event.streamId.startsWith(candidate.streamPrefix));
    return mapper ? mapper.toIntegrationEvent(event) : Promise.resolve(null);
  }
}
