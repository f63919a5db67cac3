import { shanghaiDateOf } from '@gov/domain';
import { CaseFiguresQuery, HallCompletion, HallPlace, HallQueries } from '@gov/projections';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../queries/fresh-read-models';

/** Completions listed on the screen. */
const LATEST_COMPLETED = 10;

/** What the hall's display screen shows: public, so nothing names an applicant in clear. */
export interface HallBoard {
  /** The Shanghai day the figures are for. */
  readonly date: string;
  readonly asOf: string;
  /**
   * The center today. `received`, `completionRate`, `immediateShare` and `pendingOfToday` are the
   * center report's `received`, `completionRate`, `immediateShare` and `pending` for this one day
   * (README, "Reported figures"); `completedToday` and `pending` add up the places below.
   */
  readonly center: {
    readonly received: number;
    readonly completionRate: number | null;
    readonly immediateShare: number | null;
    readonly pendingOfToday: number;
    readonly completedToday: number;
    readonly pending: number;
  };
  readonly places: readonly HallPlace[];
  readonly latestCompleted: readonly HallCompletion[];
}

/** Reads the board from fresh read models at the engine's clock. */
export async function readHallBoard(readModels: FreshReadModels, figures: CaseFiguresQuery, clock: Clock): Promise<HallBoard> {
  const db = await readModels.get();
  const now = clock.now().toISOString();
  const today = shanghaiDateOf(now);
  const queries = new HallQueries(db);
  const center = figures.figures({ from: today, to: today }, { kind: 'center' }, now);
  const places = queries.places(today);
  return {
    date: today,
    asOf: now,
    center: {
      received: center.received,
      completionRate: center.completionRate,
      immediateShare: center.immediateShare,
      pendingOfToday: center.pending,
      completedToday: places.reduce((sum, place) => sum + place.completedToday, 0),
      pending: places.reduce((sum, place) => sum + place.pending, 0),
    },
    places,
    latestCompleted: queries.latestCompleted(LATEST_COMPLETED),
  };
}
