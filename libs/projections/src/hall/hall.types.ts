/**
 * What the hall's display screen is sent (GET /api/hall/today, /api/hall/stream). Plain types
 * with no imports: the page (apps/web/src/hall) reads the answers with these same types.
 */

/** Where a case was received: a window of the hall, a sub-center, or the online portal. */
export type PlaceKind = 'window' | 'sub-center' | 'online';

export interface HallPlace {
  readonly kind: PlaceKind;
  /** The window's or sub-center's id; `online` for the portal. */
  readonly id: string;
  readonly name: string;
  readonly departmentId: string | null;
  readonly departmentName: string | null;
  /** Received today (Shanghai day of receipt), not refused acceptance: the report's `received` for today. */
  readonly receivedToday: number;
  /** Completed (办结, approved or refused) today, whatever the day of receipt. */
  readonly completedToday: number;
  /** Open now: received, not completed, withdrawn or refused acceptance (clock suspensions included). */
  readonly pending: number;
}

export interface HallCompletion {
  readonly caseNo: string;
  readonly itemName: string;
  readonly place: string;
  /** Masked: 张*明. */
  readonly applicant: string;
  readonly outcome: 'approved' | 'refused';
  readonly completedAt: string;
}

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
  /** Tickets and calling (排队叫号): who waits in each queue, and today's calls still standing at a window. */
  readonly queue: { readonly queues: readonly HallQueue[]; readonly calls: readonly HallCall[] };
}

export interface HallQueue {
  readonly queueId: string;
  readonly name: string;
  readonly prefix: string;
  readonly waiting: number;
}

/** A call (叫号): `event: call` on the stream, and the board's list. `calls` counts the first call and each recall. */
export interface HallCall {
  readonly ticketId: string;
  readonly ticketNo: string;
  readonly queueId: string;
  readonly windowId: string;
  readonly windowName: string;
  readonly calledAt: string;
  readonly calls: number;
}
