import type { PageWork, PageWorker, StoredEvent, WorkedPage } from '../event-store.port';

/** The work `worker` names, started for one range: its module loaded, its export called with its options. */
export function startPageWork<T>(worker: PageWorker): PageWork<T> {
  const exported = (require(worker.module) as Record<string, unknown>)[worker.exportName];
  if (typeof exported !== 'function') throw new Error(`${worker.module} exports no function ${worker.exportName}`);
  const work = (exported as (options: unknown) => PageWork<T>)(worker.options);
  if (typeof work?.page !== 'function') throw new Error(`${worker.module}'s ${worker.exportName} starts no page work`);
  return work;
}

/**
 * The work run on the caller's thread, page by page as they come: where an in-memory store's
 * log is read. A failure says which page, as the reading thread's does.
 */
export function workHere<T>(pages: AsyncIterable<StoredEvent[]>, after: number, worker: PageWorker): AsyncGenerator<WorkedPage<T>> {
  return workPages(pages, after, startPageWork<T>(worker));
}

/** Started work run on the caller's thread over pages of the log (also a replay's fallback where a store reads no pages ahead). */
export async function* workPages<T>(pages: AsyncIterable<StoredEvent[]>, after: number, work: PageWork<T>): AsyncGenerator<WorkedPage<T>> {
  let last = after;
  for await (const events of pages) {
    const page = { after: last, last: events[events.length - 1].position, count: events.length, value: workAt(last, () => work.page(events)) };
    last = page.last;
    yield page;
  }
  if (work.end && last > after) {
    const end = work.end.bind(work);
    yield { after: last, last, count: 0, value: workAt(last, end), ending: true };
  }
}

function workAt<T>(after: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new Error(`the page after position ${after}: ${(error as Error).stack ?? String(error)}`, { cause: error });
  }
}
