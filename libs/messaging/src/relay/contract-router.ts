import type { ComplaintFiled, RectificationOpened } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { IntegrationEvent } from '../integration-event';
import { CASE_STREAM_PREFIX, CaseFacts, PUBLISHED_CASE_EVENT_TYPES, toCaseIntegrationEvent } from './case-contract.mapping';
import { CaseFactsLookup } from './case-facts.lookup';
import {
  COMPLAINT_STREAM_PREFIX, complaintFactsOf, PUBLISHED_COMPLAINT_EVENT_TYPES, PUBLISHED_RECTIFICATION_EVENT_TYPES, RECTIFICATION_STREAM_PREFIX,
  rectificationFactsOf, toComplaintIntegrationEvent, toRectificationIntegrationEvent,
} from './complaint-contract.mapping';
import { PUBLISHED_TICKET_EVENT_TYPES, TICKET_STREAM_PREFIX, TicketFactsLookup, toTicketIntegrationEvent } from './queue-contract.mapping';
import { StreamFactsLookup } from './stream-facts.lookup';

/** Turns the internal events of one stream category into their public form. */
export interface CategoryMapper {
  /** The stream id prefix of the category, e.g. `case-`. */
  readonly streamPrefix: string;
  toIntegrationEvent(event: StoredEvent): Promise<IntegrationEvent | null>;
}

/** One category: which of its types are published, the facts of its streams' first event, the pure mapping. */
export class StreamCategoryMapper<TFacts> implements CategoryMapper {
  constructor(
    readonly streamPrefix: string,
    private readonly publishedTypes: ReadonlySet<string>,
    private readonly facts: Pick<StreamFactsLookup<TFacts>, 'factsFor'>,
    private readonly map: (event: StoredEvent, facts: TFacts) => IntegrationEvent | null,
  ) {}

  async toIntegrationEvent(event: StoredEvent): Promise<IntegrationEvent | null> {
    if (!this.publishedTypes.has(event.type)) return null;
    return this.map(event, await this.facts.factsFor(event));
  }
}

export function caseCategoryMapper(store: Pick<EventStore, 'readStream'>): CategoryMapper {
  return new StreamCategoryMapper<CaseFacts>(CASE_STREAM_PREFIX, PUBLISHED_CASE_EVENT_TYPES, new CaseFactsLookup(store), toCaseIntegrationEvent);
}

export function complaintCategoryMapper(store: Pick<EventStore, 'readStream'>): CategoryMapper {
  const facts = new StreamFactsLookup(store, { type: 'ComplaintFiled', factsOf: (data) => complaintFactsOf(data as ComplaintFiled['data']) });
  return new StreamCategoryMapper(COMPLAINT_STREAM_PREFIX, PUBLISHED_COMPLAINT_EVENT_TYPES, facts, toComplaintIntegrationEvent);
}

export function rectificationCategoryMapper(store: Pick<EventStore, 'readStream'>): CategoryMapper {
  const facts = new StreamFactsLookup(store, { type: 'RectificationOpened', factsOf: (data) => rectificationFactsOf(data as RectificationOpened['data']) });
  return new StreamCategoryMapper(RECTIFICATION_STREAM_PREFIX, PUBLISHED_RECTIFICATION_EVENT_TYPES, facts, toRectificationIntegrationEvent);
}

/** The hall's queue tickets (排队叫号): the queues' days, never their setup (it has no ticket events). */
export function ticketCategoryMapper(store: Pick<EventStore, 'readStream'>): CategoryMapper {
  return new StreamCategoryMapper(TICKET_STREAM_PREFIX, PUBLISHED_TICKET_EVENT_TYPES, new TicketFactsLookup(store), toTicketIntegrationEvent);
}

/**
 * The one place that says which stream categories leave the engine and on which channel:
 * cases on `cases`; complaints and rectifications on `complaints` (what the discipline window
 * acts on); queue tickets on `queue` (the efficiency office's waits). Streams of other categories (notices, staff, catalog…) are not published.
 */
export class ContractRouter {
  constructor(private readonly mappers: readonly CategoryMapper[]) {}

  static default(store: Pick<EventStore, 'readStream'>): ContractRouter {
    return new ContractRouter([caseCategoryMapper(store), complaintCategoryMapper(store), rectificationCategoryMapper(store), ticketCategoryMapper(store)]);
  }

  toIntegrationEvent(event: StoredEvent): Promise<IntegrationEvent | null> {
    const mapper = this.mappers.find((candidate) => event.streamId.startsWith(candidate.streamPrefix));
    return mapper ? mapper.toIntegrationEvent(event) : Promise.resolve(null);
  }
}
