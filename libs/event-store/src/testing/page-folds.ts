import { type FoldRun, plainEvent, type StoredEvent } from '../event-store.port';

/*
 * Page folds for the tests (see PageFold): a reading thread loads them from this module by path.
 */

/** What a test checks of a page: positions, data, the metadata's actor, and the argument it was given. */
export function summarizePage(events: readonly StoredEvent[], label: unknown) {
  return { label, positions: events.map((event) => event.position), data: events.map((event) => event.data),
    actors: events.map((event) => event.metadata.actor.id) };
}

/** The events themselves, as a fold must return them. */
export function keepPage(events: readonly StoredEvent[]): StoredEvent[] {
  return events.map(plainEvent);
}

/** The events as they came: wrong (see PageFold). */
export function rawPage(events: readonly StoredEvent[]): readonly StoredEvent[] {
  return events;
}

/** Positions only: reads no metadata. */
export function pagePositions(events: readonly StoredEvent[]): number[] {
  return events.map((event) => event.position);
}

/**
 * A carrying fold (PageFold.carries): holds every position back in the range's state and gives
 * them all out on the ending page, with the pages it saw.
 */
export function holdPositions(events: readonly StoredEvent[], _argument: unknown, run: FoldRun) {
  const held = (run.state.held ??= []) as number[];
  held.push(...events.map((event) => event.position));
  const pages = (run.state.pages = ((run.state.pages as number | undefined) ?? 0) + 1);
  return { pages, positions: run.ending ? held.splice(0) : [] };
}

/** A carrying fold that breaks when the range ends. */
export function breaksAtTheEnd(events: readonly StoredEvent[], _argument: unknown, run: FoldRun): number {
  if (run.ending) throw new Error('the ending broke');
  return events.length;
}

export function brokenFold(): never {
  throw new Error('the fold broke');
}

export const notAFold = 1;

export const PAGE_FOLDS_MODULE = __filename;
