import { type EventStore, type PageWork, readLogRange, type ReadRangeOptions, type WorkedPage, workPages } from '@gov/event-store';
import type { Projection, ReplayPlan } from '../projection';
import type { Hold } from '../store/row-fold';
import { type FoldedPage, foldingReplay, foldReplayPages, type ReplayFolds, replayWorker } from './replay-work';

/** How a replay reads the log (Projector): its pages, and what they hold. */
export interface Replay extends ReplayPlan {
  /**
   * Every projection folds (replay-work.ts): a page holds each one's fold by name. Otherwise a
   * page holds, under every name, the page's events, which each projection applies.
   */
  readonly folded: boolean;
  /**
   * The range's pages, read ahead: folded where the store reads the log if it can (SQLite: its
   * reading thread), else on this thread as they arrive. A carried replay's last page is its
   * folds' end (WorkedPage.ending).
   */
  pages(store: EventStore, range: ReadRangeOptions): AsyncIterable<WorkedPage<FoldedPage>>;
}

/**
 * The replay of these projections: folded when each has its fold in replay-work.ts; carried
 * (rows held from page to page, as `hold` says) when folded into a scratch store, which
 * nothing reads before it is complete.
 */
export function planReplay(projections: readonly Projection[], scratch: boolean, hold: Hold): Replay {
  const names = foldingReplay(projections);
  if (!names) {
    const all = projections.map((projection) => projection.name);
    const byName: PageWork<FoldedPage> = { page: (events) => Object.fromEntries(all.map((name) => [name, events])) };
    return { folded: false, carried: false, pages: (store, range) => workPages(readLogRange(store, range), range.after, byName) };
  }
  const carried = scratch && hold.initial > 0;
  const folds: ReplayFolds = { names, hold: carried ? hold : undefined };
  return {
    folded: true,
    carried,
    pages: (store, range) => store.readRangeWith
      ? store.readRangeWith<FoldedPage>(replayWorker(folds), range)
      : workPages(readLogRange(store, range), range.after, foldReplayPages(folds)),
  };
}
