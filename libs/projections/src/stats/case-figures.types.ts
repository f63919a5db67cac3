/**
 * The figures of the county's report, each computed from the case rows with one stated
 * definition (README, "Reported figures"). Plain types with no imports: the pages (apps/web)
 * read the API's answers with these same types.
 */
export interface CaseFigures {
  readonly received: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly immediate: number;
  readonly immediateShare: number | null;
  readonly promised: number;
  readonly promisedShare: number | null;
  readonly promisedCompleted: number;
  readonly promisedCompletionRate: number | null;
  readonly completedEarly: number;
  readonly earlyCompletionRate: number | null;
  readonly pending: number;
  readonly pendingShare: number | null;
  readonly withdrawn: number;
  readonly notAccepted: number;
  readonly special: number;
  readonly overdue: number;
  readonly withinFiveWorkingDaysRate: number | null;
  /** Cases of the same kind still open that had taken more than 5 working days (README "Reported figures"). */
  readonly openBeyondFiveWorkingDays: number;
  /** Within 5 working days among the completed ones plus the open ones already past 5 working days. */
  readonly withinFiveWorkingDaysRateIncludingOpenLate: number | null;
  readonly averageWorkingDays: number | null;
  readonly rated: number;
  readonly satisfactionRate: number | null;
  /** In fen (分). */
  readonly feesCollected: number;
}
