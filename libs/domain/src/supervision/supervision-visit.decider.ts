import { isLocalDate, LocalDate, shanghaiDateOf } from '../calendar';
import { DomainEvent, rule, Decider, DecisionContext } from '../shared';

/** The efficiency office supervises the center at least twice a week: each visit is recorded. */
export type RecordVisit = {
  readonly type: 'RecordVisit';
  readonly data: { readonly date: LocalDate; readonly inspector: string; readonly findings: string };
};
export type SupervisionVisitRecorded = DomainEvent<'SupervisionVisitRecorded', RecordVisit['data'] & { readonly at: string }>;

export const SUPERVISION_VISITS_STREAM = 'supervision-visits';

/** Visits go on one append-only stream; the only rule is that a visit has happened. */
export function decideVisit(command: RecordVisit, now: string): SupervisionVisitRecorded[] {
  rule('VisitDateIsReal', 'VISIT.INVALID_DATE', 'unprocessable', isLocalDate(command.data.date), `${command.data.date} is not a date`);
  rule('VisitsAreRecordedAfterTheFact', 'VISIT.DATE_IN_FUTURE', 'unprocessable', command.data.date <= shanghaiDateOf(now),
    `a visit on ${command.data.date} has not happened yet`);
  return [{ type: 'SupervisionVisitRecorded', data: { ...command.data, at: now } }];
}

/** The efficiency office's visits: an append-only stream with no state to keep. */
export const visitDecider: Decider<RecordVisit, null, SupervisionVisitRecorded, DecisionContext> = {
  initialState: () => null, evolve: (state) => state, decide: (command, _state, context) => decideVisit(command, context.now),
};
