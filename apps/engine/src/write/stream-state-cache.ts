/**
 * The folded state of recently written streams, so a command on a case it has just seen skips
 * reading and folding the case's history. Bounded (least recently used out first): memory
 * stays flat however many cases there are.
 *
 * An entry is a hint, never the truth: the append it leads to carries the cached revision as
 * its expected revision, so a stream that changed elsewhere (another API instance, the watcher
 * in its own process) fails the append and the command decides again on the stream as stored.
 */
export interface CachedStreamState<TState> {
  /** The fold that built this state: a command folding the stream another way never gets it. */
  readonly evolve: unknown;
  readonly revision: number;
  readonly state: TState;
}

export const DEFAULT_CACHED_STREAMS = 10_000;

export class StreamStateCache {
  private readonly entries = new Map<string, CachedStreamState<unknown>>();

  constructor(private readonly capacity = DEFAULT_CACHED_STREAMS) {}

  get<TState>(streamId: string, evolve: unknown): CachedStreamState<TState> | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.evolve !== evolve) return undefined;
    // Re-inserting moves it to the young end of the Map's insertion order.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry as CachedStreamState<TState>;
  }

  set<TState>(streamId: string, entry: CachedStreamState<TState>): void {
    if (this.capacity <= 0) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
