import type { PageWork, PageWorker, StoredEvent } from '@gov/event-store';
import { foldCaseEvents } from '../cases/case.fold';
import { foldDeadlineEvents } from '../deadlines/deadline.fold';
import type { Projection } from '../projection';
import { carriedRows, EACH_BATCH, type Hold, type RowCarry } from '../store/row-fold';
import { foldSupervisionEvents } from '../supervision/supervision.fold';
import { queueEvents } from '../queue/queue.projection';
import { catalogEvents, complaintEvents, rectificationEvents, staffEvents, taskEvents } from './kept-events';

/**
 * The folds a replay may run where the event store reads the log (its reading thread), by
 * projection name. A thread cannot be handed a function, only a module to load: this one. Each
 * must be the projection's own `fold` (foldingReplay checks).
 */
export const REPLAY_FOLDS: Readonly<Record<string, (events: readonly StoredEvent[], carry: RowCarry) => unknown>> = {
  cases: foldCaseEvents,
  catalog: catalogEvents,
  deadlines: foldDeadlineEvents,
  supervision: foldSupervisionEvents,
  complaints: complaintEvents,
  staff: staffEvents,
  rectifications: rectificationEvents,
  tasks: taskEvents,
  queue: queueEvents,
};

/** What each projection's fold made of a page of the log, by projection name. */
export type FoldedPage = Readonly<Record<string, unknown>>;

/** Which projections a replay folds, and how a carrying one holds rows of each table back between pages (none: it does not carry). */
export interface ReplayFolds {
  readonly names: readonly string[];
  readonly hold?: Hold;
}

/**
 * The replay's page work (a PageWorker's export: the event store starts it where it reads the
 * log, once per range): each page folded by every named projection's fold. With `hold` it
 * carries rows from page to page (carriedRows) and, at the range's end, gives out those it held.
 */
export function foldReplayPages({ names, hold }: ReplayFolds): PageWork<FoldedPage> {
  const foldPage = (events: readonly StoredEvent[], carry: RowCarry) => {
    const page: Record<string, unknown> = {};
    for (const name of names) page[name] = REPLAY_FOLDS[name](events, carry);
    return page;
  };
  if (!hold) return { page: (events) => foldPage(events, EACH_BATCH) };
  const carried = carriedRows(hold);
  return { page: (events) => foldPage(events, carried.page), end: () => foldPage([], carried.end) };
}

/** The worker the event store starts foldReplayPages by. */
export function replayWorker(folds: ReplayFolds): PageWorker {
  return { module: __filename, exportName: foldReplayPages.name, options: folds };
}

/**
 * The projections' names when each has its fold here, so that a replay can fold where the log
 * is read; nothing when one has none (its events would have to cross as they are).
 */
export function foldingReplay(projections: readonly Projection[]): readonly string[] | undefined {
  const folding = projections.every((projection) => projection.fold !== undefined && REPLAY_FOLDS[projection.name] === projection.fold);
  return folding ? projections.map((projection) => projection.name) : undefined;
}
