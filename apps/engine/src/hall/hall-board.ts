import { shanghaiDateOf } from '@gov/domain';
import { CaseFiguresQuery, HallBoard, HallQueries, QueueQueries } from '@gov/projections';

export type { HallBoard } from '@gov/projections';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import type { ReferenceData } from '../infrastructure/reference-data';
import { queueBoard } from '../queue';

/** Completions listed on the screen. */
const LATEST_COMPLETED = 10;

/** Reads the board from fresh read models at the engine's clock. */
export async function readHallBoard(
  readModels: FreshReadModels, figures: CaseFiguresQuery, hall: HallQueries, clock: Clock, queue: { reference: ReferenceData; queries: QueueQueries },
): Promise<HallBoard> {
  await readModels.waitForFresh();
  const reference = await queue.reference.current();
  const now = clock.now().toISOString();
  const today = shanghaiDateOf(now);
  // One snapshot: the center's figures, the places and the completions add up.
  return figures.snapshot(async (snapshot) => {
    const center = await snapshot.figures({ from: today, to: today }, { kind: 'center' }, now);
    const places = await hall.places(today, snapshot.tx);
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
      latestCompleted: await hall.latestCompleted(LATEST_COMPLETED, snapshot.tx),
      queue: await queueBoard(reference, queue.queries, today, snapshot.tx),
    };
  });
}
