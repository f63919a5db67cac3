import type { FoldRun, PageFold, StoredEvent } from '@gov/event-store';
import { foldCaseEvents } from './cases/case.fold';
import { foldDeadlineEvents } from './deadlines/deadline.fold';
import { catalogEvents, complaintEvents, rectificationEvents, staffEvents } from './kept-events';
import type { Projection } from './projection';
import { carriedRows, EACH_BATCH, type Hold, type RowCarry } from './store/row-fold';
import { foldSupervisionEvents } from './supervision/supervision.fold';

/**
 * The folds a replay may run on the reading thread, by projection name. A thread cannot be
 * handed a function, only a module to load: this one. Each must be the projection's own `fold`
 * (foldingReplay checks).
 */
export const REPLAY_FOLDS: Readonly<Record<string, (events: readonly StoredEvent[], carry: RowCarry) => unknown>> = {
  cases: foldCaseEvents,
  catalog: catalogEvents,
  deadlines: foldDeadlineEvents,
  supervision: foldSupervisionEvents,
  complaints: complaintEvents,
  staff: staffEvents,
  rectifications: rectificationEvents,
};

/** What each projection's fold made of a page of the log, by projection name. */
export type ReplayPage = Readonly<Record<string, unknown>>;

/** Which projections a replay folds, and how a carrying one holds rows of each table back between pages (none: it does not carry). */
export interface ReplayFolds {
  readonly names: readonly string[];
  readonly hold?: Hold;
}

/** Runs on the reading thread (see PageFold): the page folded by each named projection's fold. */
export function foldReplayPage(events: readonly StoredEvent[], { names, hold }: ReplayFolds, run: FoldRun): ReplayPage {
  const carry = hold ? carriedRows(run, hold) : EACH_BATCH;
  const page: Record<string, unknown> = {};
  for (const name of names) page[name] = REPLAY_FOLDS[name](events, carry);
  return page;
}

/**
 * The fold a replay of these projections hands the event store. With `hold`, a carrying fold
 * (PageFold.carries), which holds rows of each table back from page to page.
 */
export function replayPageFold(names: readonly string[], hold?: Hold): PageFold {
  const argument: ReplayFolds = { names, hold };
  return { module: __filename, exportName: foldReplayPage.name, argument, carries: hold !== undefined };
}

/**
 * The projections' names when each has its fold here, so that a replay can fold on the reading
 * thread; nothing when one has none (its events would have to cross as they are).
 */
export function foldingReplay(projections: readonly Projection[]): readonly string[] | undefined {
  const folding = projections.every((projection) => projection.fold !== undefined && REPLAY_FOLDS[projection.name] === projection.fold);
  return folding ? projections.map((projection) => projection.name) : undefined;
}
