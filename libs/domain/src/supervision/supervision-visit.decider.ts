import { addDays, isLocalDate, LocalDate, shanghaiDateOf } from '../calendar';
import { DomainEvent, rule, Decider, DecisionContext } from '../shared';

/** The efficiency office supervises the center at least twice a week: each visit is recorded. */
export type RecordVisit = {
  readonly type: 'RecordVisit';
  readonly data: { readonly date: LocalDate; readonly inspector: string; readonly findings: string };
};
export type SupervisionVisitRecorded = DomainEvent<'SupervisionVisitRecorded', RecordVisit['data'] & { readonly at: string }>;

export const SUPERVISION_VISITS_STREAM = 'supervision-visits';

/**
 * How many days back a visit may be recorded: a week, so a visit is entered while its week's count
 * (twice a week) can still be checked, and a week already judged cannot be filled in later.
 */
export const VISIT_RECORDING_DAYS_BACK = 7;

/** Visits go on one append-only stream: a visit that has happened, recorded within a week of it. */
export function decideVisit(command: RecordVisit, now: string): SupervisionVisitRecorded[] {
  rule('VisitDateIsReal', 'VISIT.INVALID_DATE', 'unprocessable', isLocalDate(command.data.date), `${command.data.date} is not a date`);
  rule('VisitsAreRecordedAfterTheFact', 'VISIT.DATE_IN_FUTURE', 'unprocessable', command.data.date <= shanghaiDateOf(now),
    `a visit on ${command.data.date} has not happened yet`);
  const earliest = addDays(shanghaiDateOf(now), -VISIT_RECORDING_DAYS_BACK);
  rule('VisitsAreRecordedWithinAWeek', 'VISIT.DATE_TOO_FAR_BACK', 'unprocessable', command.data.date >= earliest,
    `a visit on ${command.data.date} is recorded too late: visits are recorded within ${VISIT_RECORDING_DAYS_BACK} days (from ${earliest})`);
  return [{ type: 'SupervisionVisitRecorded', data: { ...command.data, at: now } }];
}

/** The efficiency office's visits: an append-only stream with no state to keep. */
export const visitDecider: Decider<RecordVisit, null, SupervisionVisitRecorded, DecisionContext> = {
  initialState: () => null, evolve: (state) => state, decide: (command, _state, context) => decideVisit(command, context.now),
};
