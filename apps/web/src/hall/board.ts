/** The answer of GET /api/hall/today, and each `board` message of /api/hall/stream. */
export interface HallBoard {
  readonly date: string;
  readonly asOf: string;
  readonly center: {
    readonly received: number;
    readonly completionRate: number | null;
    readonly immediateShare: number | null;
    readonly pendingOfToday: number;
    readonly completedToday: number;
    readonly pending: number;
  };
  readonly places: readonly {
    readonly kind: 'window' | 'sub-center' | 'online';
    readonly id: string;
    readonly name: string;
    readonly departmentName: string | null;
    readonly receivedToday: number;
    readonly completedToday: number;
    readonly pending: number;
  }[];
  readonly latestCompleted: readonly {
    readonly caseNo: string;
    readonly itemName: string;
    readonly place: string;
    readonly applicant: string;
    readonly outcome: 'approved' | 'refused';
    readonly completedAt: string;
  }[];
}
