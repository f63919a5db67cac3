import type { PageFold, StoredEvent } from '@gov/event-store';
// The port alone: the reading thread that loads this module need not load the stores.
import { plainEvent } from '@gov/event-store/event-store.port';
import { foldCaseEvents } from './cases/case.fold';
import { readsStream, type Projection, type StreamFilter } from './projection';

/**
 * The folds a replay may run on the reading thread, by projection name. A thread cannot be
 * handed a function, only a module to load: this one. Each must be the projection's own `fold`
 * (a test checks).
 */
export const REPLAY_FOLDS: Readonly<Record<string, (events: readonly StoredEvent[]) => unknown>> = {
  cases: foldCaseEvents,
};

/** Which projections a replay folds on the reading thread, and the streams the others read. */
export interface ReplayPlan {
  readonly folded: readonly string[];
  readonly others: readonly (StreamFilter | null)[];
}

/** A page of the log as a folding replay gets it: each folded projection's batch, and the events the others read. */
export interface ReplayPage {
  readonly folds: Readonly<Record<string, unknown>>;
  readonly events: readonly StoredEvent[];
}

/** Runs on the reading thread (see PageFold): a page of events folded as the plan says. */
export function foldReplayPage(events: readonly StoredEvent[], plan: ReplayPlan): ReplayPage {
  const folds: Record<string, unknown> = {};
  for (const name of plan.folded) folds[name] = REPLAY_FOLDS[name](events);
  const others = plan.others.map((filter) => filter ?? undefined);
  const read = others.length === 0 ? [] : events.filter((event) => others.some((filter) => readsStream(filter, event.streamId)));
  return { folds, events: read.map(plainEvent) };
}

/** The fold a replay hands the event store. */
export function replayPageFold(plan: ReplayPlan): PageFold {
  return { module: __filename, exportName: foldReplayPage.name, argument: plan };
}

/**
 * How a replay of these projections folds, or nothing when folding would spare the projector
 * nothing: when none folds, or when another reads the streams a folded one reads (their events
 * would cross from the thread all the same, as objects, which costs more than the JSON they
 * cross as otherwise).
 */
export function replayPlan(projections: readonly Projection[]): ReplayPlan | undefined {
  const folding = projections.filter((projection) => projection.fold && projection.write && REPLAY_FOLDS[projection.name] === projection.fold);
  if (folding.length === 0) return undefined;
  const others = projections.filter((projection) => !folding.includes(projection));
  if (others.some((other) => folding.some((folded) => mayOverlap(other.streams, folded.streams)))) return undefined;
  return { folded: folding.map((projection) => projection.name), others: others.map((projection) => projection.streams ?? null) };
}

/** Whether some stream may pass both filters (conservative: true unless plainly disjoint). */
function mayOverlap(a: StreamFilter | undefined, b: StreamFilter | undefined): boolean {
  if (!a || !b) return true;
  if ('only' in a && 'only' in b) return a.only.some((x) => b.only.some((y) => x.startsWith(y) || y.startsWith(x)));
  const [only, except] = 'only' in a ? [a, b] : [b, a];
  if (!('only' in only) || !('except' in except)) return true;
  return only.only.some((prefix) => !except.except.some((excluded) => prefix.startsWith(excluded)));
}
