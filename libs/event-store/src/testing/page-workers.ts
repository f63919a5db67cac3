import { type PageWork, plainEvent, type StoredEvent } from '../event-store.port';

/*
 * Page workers for the tests (see PageWorker): a reading thread loads them from this module by path.
 */

/** What a test checks of a page: positions, data, the metadata's actor, and the label it was started with. */
export function summarizePage(label: unknown): PageWork<unknown> {
  return {
    page: (events) => ({ label, positions: events.map((event) => event.position), data: events.map((event) => event.data),
      actors: events.map((event) => event.metadata.actor.id) }),
  };
}

/** The events themselves, as a work must return them. */
export function keepPage(): PageWork<StoredEvent[]> {
  return { page: (events) => events.map(plainEvent) };
}

/** The events as they came: wrong (see PageWorker). */
export function rawPage(): PageWork<readonly StoredEvent[]> {
  return { page: (events) => events };
}

/** Positions only: reads no metadata. */
export function pagePositions(): PageWork<number[]> {
  return { page: (events) => events.map((event) => event.position) };
}

/**
 * A work that ends (PageWork.end): holds every position back from page to page of its range
 * and gives them all out at the end, with the pages it saw.
 */
export function holdPositions(): PageWork<{ pages: number; positions: number[] }> {
  const held: number[] = [];
  let pages = 0;
  return {
    page: (events) => {
      held.push(...events.map((event) => event.position));
      return { pages: (pages += 1), positions: [] };
    },
    end: () => ({ pages: (pages += 1), positions: held.splice(0) }),
  };
}

/** A work that breaks at its end. */
export function breaksAtTheEnd(): PageWork<number> {
  return { page: (events) => events.length, end: endBreaks };
}

function endBreaks(): never {
  throw new Error('the ending broke');
}

export function brokenWork(): PageWork<never> {
  return { page: breaks };
}

function breaks(): never {
  throw new Error('the work broke');
}

/** An export that is no function. */
export const notAWorker = 1;

/** A function that starts no page work. */
export function startsNothing(): number {
  return 1;
}

export const PAGE_WORKERS_MODULE = __filename;
