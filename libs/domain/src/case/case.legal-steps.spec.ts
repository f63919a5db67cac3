import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { ItemVersion } from '../catalog';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { CaseCommand } from './case.commands';
import { decideCase } from './case.decider';
import { CaseEvent } from './case.events';
import { evolveCase, initialCaseState } from './case.evolve';

/** 行政许可法 §42 extension (延期) and acceptance with gaps (容缺受理), as given/when/then. */
const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });
const at = (now: string) => ({ now, calendar });

const item: ItemVersion = {
  code: 'SCJG-001', version: 1, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '食品安全法',
  materials: ['申请书'], procedure: ['受理'], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [],
};
const receive: CaseCommand = { type: 'ReceiveCase', data: { caseNo: 'SCJG-20260407-00001', itemCode: item.code, item: { status: 'published', current: item },
  applicant: sealedApplicant('张三'), channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null, staffId: null, materials: ['申请书'] } };
const ACCEPTED = '2026-04-07T01:00:00.000Z'; // Tue 04-07 Shanghai; due Tue 04-14

function history(...steps: [CaseCommand, string][]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const [command, now] of steps) events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), at(now)));
  return events;
}
const received = () => history([receive, ACCEPTED]);
const extend: CaseCommand = { type: 'ExtendTimeLimit', data: { approver: '县市场监管局局长', reason: '需征求规划部门意见' } };

describe('the §42 extension (延期)', () => {
  it('adds 10 working days, approved by the department head, with the reason for the applicant', () => {
    spec.given(received()).when(extend, at('2026-04-13T02:00:00.000Z')).then([{ type: 'TimeLimitExtended', data: {
      at: '2026-04-13T02:00:00.000Z', approver: '县市场监管局局长', reason: '需征求规划部门意见', extraWorkingDays: 10, limitDays: 15,
      previousDueDate: '2026-04-14', dueDate: '2026-04-28', dueAt: '2026-04-28T15:59:59.999Z', warnAt: '2026-04-27T16:00:00.000Z',
    } }]);
  });

  it('is granted once, and before the limit has run out', () => {
    const extended = history([receive, ACCEPTED], [extend, '2026-04-13T02:00:00.000Z']);
    spec.given(extended).when(extend, at('2026-04-20T02:00:00.000Z')).thenThrows('CASE.ALREADY_EXTENDED');
    spec.given(received()).when(extend, at('2026-04-15T02:00:00.000Z')).thenThrows('CASE.EXTENSION_TOO_LATE');
  });
});

describe('acceptance with gaps (容缺受理)', () => {
  const gaps: CaseCommand = { type: 'AcceptWithGaps', data: { missingMaterials: ['卫生许可证复印件'], commitment: '承诺于4月10日前补交', materialsDueDate: '2026-04-10' } };

  it('records the commitment with the clock running, and takes the materials by their date', () => {
    const [accepted] = spec.given(received()).when(gaps, at('2026-04-07T02:00:00.000Z')).then([{ type: 'AcceptedWithGaps', data: {
      at: '2026-04-07T02:00:00.000Z', missingMaterials: ['卫生许可证复印件'], commitment: '承诺于4月10日前补交', materialsDueDate: '2026-04-10',
    } }]);
    const state = [...received(), accepted].reduce(evolveCase, initialCaseState());
    expect(state).toMatchObject({ status: 'open', dueDate: '2026-04-14' });
    spec.given([...received(), accepted]).when({ type: 'SupplyCommittedMaterials', data: { materials: ['卫生许可证复印件'] } }, at('2026-04-09T02:00:00.000Z'))
      .then([{ type: 'CommittedMaterialsSupplied', data: { at: '2026-04-09T02:00:00.000Z', materials: ['卫生许可证复印件'], late: false } }]);
  });

  it('approves nothing while the committed materials are missing; a refusal ends the case', () => {
    const withGaps = history([receive, ACCEPTED], [gaps, '2026-04-07T02:00:00.000Z']);
    spec.given(withGaps).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予' } }, at('2026-04-13T02:00:00.000Z'))
      .thenThrows('CASE.COMMITTED_MATERIALS_MISSING');
    spec.given(withGaps).when({ type: 'CompleteCase', data: { outcome: 'refused', decision: '承诺材料逾期未补交' } }, at('2026-04-13T02:00:00.000Z'))
      .thenMatch([{ type: 'CaseCompleted', data: { outcome: 'refused' } }]);
  });

  it('keeps the materials\' date within the limit, records it once, and takes supplies only against a commitment', () => {
    spec.given(received()).when({ ...gaps, data: { ...gaps.data, materialsDueDate: '2026-04-15' } } as CaseCommand, at('2026-04-07T02:00:00.000Z'))
      .thenThrows('CASE.GAP_DEADLINE_BEYOND_LIMIT');
    spec.given(received()).when({ ...gaps, data: { ...gaps.data, materialsDueDate: '2026-04-06' } } as CaseCommand, at('2026-04-07T02:00:00.000Z'))
      .thenThrows('CASE.GAP_DEADLINE_PASSED');
    const withGaps = history([receive, ACCEPTED], [gaps, '2026-04-07T02:00:00.000Z']);
    spec.given(withGaps).when(gaps, at('2026-04-08T02:00:00.000Z')).thenThrows('CASE.GAPS_ALREADY_RECORDED');
    spec.given(received()).when({ type: 'SupplyCommittedMaterials', data: { materials: ['x'] } }, at('2026-04-08T02:00:00.000Z'))
      .thenThrows('CASE.NO_COMMITTED_MATERIALS');
  });
});
