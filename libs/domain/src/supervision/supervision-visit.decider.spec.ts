import { deciderSpec } from '../testing/decider-spec';
import { visitDecider } from './supervision-visit.decider';

const spec = deciderSpec({ ...visitDecider, decide: (command: Parameters<typeof visitDecider.decide>[0], state: null, now: string) => visitDecider.decide(command, state, { now }) });
const visit = (date: string) => ({ type: 'RecordVisit' as const, data: { date, inspector: '效能办 王科长', findings: '正常' } });
const NOW = '2026-04-30T10:00:00.000Z'; // Thursday 04-30, Shanghai

describe('the efficiency office\'s visits', () => {
  it('records a visit that happened within the last week', () => {
    spec.given([]).when(visit('2026-04-23'), NOW).then([{ type: 'SupervisionVisitRecorded', data: { ...visit('2026-04-23').data, at: NOW } }]);
    spec.given([]).when(visit('2026-04-30'), NOW).thenMatch([{ type: 'SupervisionVisitRecorded' }]);
  });

  it('refuses a visit back-dated more than a week, or not yet happened', () => {
    spec.given([]).when(visit('2026-04-22'), NOW).thenThrows('VISIT.DATE_TOO_FAR_BACK');
    spec.given([]).when(visit('2026-05-01'), NOW).thenThrows('VISIT.DATE_IN_FUTURE');
  });
});
