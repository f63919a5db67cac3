import { plainEvent, type StoredEvent } from '@gov/event-store';
import { type CasePlace, heldCasePlace } from '../cases/case.fold';
import { EACH_BATCH, type RowCarry } from '../store/row-fold';

/** What a batch does to the efficiency office's tables (SupervisionProjection writes it). */
export interface SupervisionBatch {
  /** The few events the projection reads: cards, visits, notices. */
  readonly events: readonly StoredEvent[];
  /**
   * Where each carded case sits, when a carrying replay still holds its row (RowCarry): that
   * row is not in `cases` yet, where a card otherwise reads it.
   */
  readonly places: Readonly<Record<string, CasePlace>>;
}

const isCard = (event: StoredEvent) => event.type === 'CaseWarned' || event.type === 'CaseOverdue';

/** Cards (a case warned or overdue), supervision visits and notices. */
const reads = (event: StoredEvent) => isCard(event) || event.type === 'SupervisionVisitRecorded' || event.streamId.startsWith('notice-');

/**
 * The supervision projection's fold: pure, so a replay runs it on the reading thread
 * (REPLAY_FOLDS), after the case fold of the same page.
 */
export function foldSupervisionEvents(events: readonly StoredEvent[], carry: RowCarry = EACH_BATCH): SupervisionBatch {
  const kept = events.filter(reads).map(plainEvent);
  const cases = carry.fold('cases');
  const places: Record<string, CasePlace> = {};
  for (const event of kept) {
    if (!isCard(event)) continue;
    const caseNo = event.streamId.slice('case-'.length);
    const place = heldCasePlace(cases, caseNo);
    if (place) places[caseNo] = place;
  }
  return { events: kept, places };
}
