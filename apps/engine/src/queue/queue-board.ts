import type { LocalDate } from '@gov/domain';
import type { QueueQueries, ReadModelDb } from '@gov/projections';
import type { ReferenceData } from '../infrastructure/reference-data';

/** Calls the hall screen lists. */
const LATEST_CALLS = 10;

/** Today's queues with their waiting counts, and the latest calls with the windows' names: the hall screen's queue part. */
export async function queueBoard(reference: ReferenceData, queries: QueueQueries, today: LocalDate, db?: ReadModelDb) {
  const { queueSetup, organization } = reference;
  const board = await queries.board(today, LATEST_CALLS, db);
  return {
    queues: [...queueSetup.queues.values()].map((q) => ({ queueId: q.queueId, name: q.name, prefix: q.prefix, waiting: board.waiting.get(q.queueId) ?? 0 })),
    calls: board.calls.map((call) => ({ ...call, windowName: organization.windows.get(call.windowId)?.name ?? call.windowId })),
  };
}
