import type { EventStore, StoredEvent } from '@gov/event-store';

const DEFAULT_CAPACITY = 10_000;

/** The event that creates a stream of some category, and the facts its later events are published with. */
export interface StreamOrigin<TFacts> {
  /** The first event of every stream of the category (created with "no stream" expected). */
  readonly type: string;
  factsOf(data: unknown): TFacts;
}

/**
 * Finds the facts a stream's first event recorded (a case's department, a complaint's target)
 * for the later events that do not repeat them. First events seen by the relay fill a bounded
 * cache; a miss reads the stream.
 */
export class StreamFactsLookup<TFacts> {
  private readonly cache = new Map<string, TFacts>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly origin: StreamOrigin<TFacts>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  async factsFor(event: StoredEvent): Promise<TFacts> {
    if (event.type === this.origin.type) {
      const facts = this.origin.factsOf(event.data);
      this.remember(event.streamId, facts);
      return facts;
    }
    const cached = this.cache.get(event.streamId);
    if (cached) return cached;
    const [first] = await this.store.readStream(event.streamId);
    // Anything else first is corruption: the relay stops there rather than publish an event without its facts.
    if (first?.type !== this.origin.type) {
      throw new Error(`stream ${event.streamId} does not start with ${this.origin.type} (found ${first?.type ?? 'nothing'})`);
    }
    const facts = this.origin.factsOf(first.data);
    this.remember(event.streamId, facts);
    return facts;
  }

  private remember(streamId: string, facts: TFacts): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, facts);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
  }
}
