import { CaseReceived, caseStreamId } from '@gov/domain';
import type { EventStore } from '@gov/event-store';

/** The case's receipt (its first event): the department, window and item it was received for, fixed for its whole life. */
export async function caseReceipt(store: EventStore, caseNo: string): Promise<CaseReceived['data']> {
  const [first] = await store.readStream(caseStreamId(caseNo));
  if (first?.type !== 'CaseReceived') throw new Error(`case ${caseNo} has no receipt`);
  return first.data as CaseReceived['data'];
}
