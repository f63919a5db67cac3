import type { EventStore, PageWorker, ReadRangeOptions, StoredEvent, WorkedPage } from '@gov/event-store';

/**
 * The same store, telling `reached` the position of each page of the log read from it: how
 * far a replay is, seen from outside the projector (a page is read just ahead of its use).
 * Appends, subscriptions and the rest pass straight through.
 */
export function reportingReads(store: EventStore, reached: (position: number) => void): EventStore {
  const lastOf = (events: readonly StoredEvent[]) => {
    if (events.length > 0) reached(events[events.length - 1].position);
  };
  async function* pages<T>(read: AsyncIterable<T>, position: (page: T) => number | undefined): AsyncGenerator<T> {
    for await (const page of read) {
      const at = position(page);
      if (at !== undefined) reached(at);
      yield page;
    }
  }
  const { readRange, readRangeWith } = store;
  return {
    // A rebuild reads the log only: nothing reaches the store through this wrapper.
    append: () => Promise.reject(new Error('the rebuild reads the log; it appends nothing')),
    readStream: (streamId) => store.readStream(streamId),
    readAll: async (options) => {
      const events = await store.readAll(options);
      lastOf(events);
      return events;
    },
    ...(readRange && {
      readRange: (options: ReadRangeOptions) => pages(readRange.call(store, options), (events) => events.at(-1)?.position),
    }),
    ...(readRangeWith && {
      readRangeWith: <T>(worker: PageWorker, options: ReadRangeOptions) => pages(readRangeWith.call(store, worker, options) as AsyncIterable<WorkedPage<T>>, (page) => page.last),
    }),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options, handler) => store.subscribeToAll(options, handler),
    findIdempotencyRecord: (key) => store.findIdempotencyRecord(key),
    close: () => store.close(),
  };
}
