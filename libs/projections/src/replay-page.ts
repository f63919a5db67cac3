import type { PageFold, StoredEvent } from '@gov/event-store';
import { foldCaseEvents } from './cases/case.fold';
import { foldDeadlineEvents } from './deadlines/deadline.fold';
import { catalogEvents, complaintEvents, rectificationEvents, staffEvents, supervisionEvents } from './kept-events';
import type { Projection } from './projection';

/**
 * The folds a replay may run on the reading thread, by projection name. A thread cannot be
 * handed a function, only a module to load: this one. Each must be the projection's own `fold`
 * (foldingReplay checks).
 */
export const REPLAY_FOLDS: Readonly<Record<string, (events: readonly StoredEvent[]) => unknown>> = {
  cases: foldCaseEvents,
  catalog: catalogEvents,
  deadlines: foldDeadlineEvents,
  supervision: supervisionEvents,
  complaints: complaintEvents,
  staff: staffEvents,
  rectifications: rectificationEvents,
};

/** What each projection's fold made of a page of the log, by projection name. */
export type ReplayPage = Readonly<Record<string, unknown>>;

/** Runs on the reading thread (see PageFold): the page folded by each named projection's fold. */
export function foldReplayPage(events: readonly StoredEvent[], names: readonly string[]): ReplayPage {
  const page: Record<string, unknown> = {};
  for (const name of names) page[name] = REPLAY_FOLDS[name](events);
  return page;
}

/** The fold a replay of these projections hands the event store. */
export function replayPageFold(names: readonly string[]): PageFold {
  return { module: __filename, exportName: foldReplayPage.name, argument: names };
}

/**
 * The projections' names when each has its fold here, so that a replay can fold on the reading
 * thread; nothing when one has none (its events would have to cross as they are).
 */
export function foldingReplay(projections: readonly Projection[]): readonly string[] | undefined {
  const folding = projections.every((projection) => projection.fold !== undefined && REPLAY_FOLDS[projection.name] === projection.fold);
  return folding ? projections.map((projection) => projection.name) : undefined;
}
