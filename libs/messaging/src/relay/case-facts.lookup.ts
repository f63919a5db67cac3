import type { CaseReceived } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { CaseFacts, caseFactsOf } from './case-contract.mapping';

const DEFAULT_CAPACITY = 10_000;

/**
 * Finds a case's department, window and item (from its CaseReceived) for the events that do
 * not repeat them. Receipts seen by the relay fill a bounded cache; a miss reads the stream.
 */
export class CaseFactsLookup {
  private readonly cache = new Map<string, CaseFacts>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  async factsFor(event: StoredEvent): Promise<CaseFacts> {
    if (event.type === 'CaseReceived') {
      const facts = caseFactsOf(event.data as CaseReceived['data']);
      this.remember(event.streamId, facts);
      return facts;
    }
    const cached = this.cache.get(event.streamId);
    if (cached) return cached;
    const [first] = await this.store.readStream(event.streamId);
    // A case stream is created by its receipt ("no stream" expected): anything else is corruption,
    // and the relay stops there rather than publish a case without its department.
    if (first?.type !== 'CaseReceived') {
      throw new Error(`stream ${event.streamId} does not start with CaseReceived (found ${first?.type ?? 'nothing'})`);
    }
    const facts = caseFactsOf(first.data as CaseReceived['data']);
    this.remember(event.streamId, facts);
    return facts;
  }

  private remember(streamId: string, facts: CaseFacts): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, facts);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
  }
}
