import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { decideCase, evolveCase, initialCaseState, ReceiveCase } from '../case';
import { ItemVersion } from '../catalog';
import { decideOrganization, evolveOrganization, initialOrganizationState, ServiceWindow } from '../organization';
import { RuleViolation } from '../shared';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { step } from './procedure';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });
const at = { now: '2026-09-30T02:00:00.000Z', calendar };

const item: ItemVersion = {
  code: 'SCJG-001', version: 1, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '食品安全法',
  materials: [], procedure: [], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [],
  steps: [step('acceptance', 0), step('review', 3), step('decision', 1), step('delivery', 0)],
};
const oneWindow: ServiceWindow = { id: 'w-zh', name: '综合受理窗口', departmentId: 'zwb', comprehensive: true, serves: ['scjg', 'zjj'] };

const receive = (window: ServiceWindow, overrides: Partial<ReceiveCase['data']> = {}): ReceiveCase => ({
  type: 'ReceiveCase',
  data: {
    caseNo: 'SCJG-20260930-00001', itemCode: item.code, item: { status: 'published', current: item }, applicant: sealedApplicant('张三'),
    channel: 'window', windowId: window.id, window, subCenterId: null, subCenter: null, staffId: 'zh-1', materials: [], ...overrides,
  },
});

describe('one-window acceptance (一窗受理)', () => {
  it("receives at a comprehensive window an item of a department it serves, and hands it to that department's back office", () => {
    spec.given([]).when(receive(oneWindow, { staff: { staffId: 'zh-1', departmentId: 'zwb', itemCodes: [] } }), at).thenMatch([
      { type: 'CaseReceived', data: { windowId: 'w-zh', item: { departmentId: 'scjg' } } },
      { type: 'StepStarted', data: { stepId: 'acceptance' } },
      { type: 'StepAssigned', data: { to: { staffId: 'zh-1' } } },
      { type: 'StepCompleted', data: { stepId: 'acceptance', staffId: 'zh-1' } },
      { type: 'StepStarted', data: { stepId: 'review', departmentId: 'scjg' } },
      { type: 'StepAssigned', data: { to: { pool: 'reviewer', departmentId: 'scjg' } } },
    ]);
  });

  it('refuses an item of a department the window does not serve, or at a window that is not comprehensive', () => {
    spec.given([]).when(receive({ ...oneWindow, serves: ['zjj'] }), at).thenThrows('CASE.WRONG_WINDOW');
    spec.given([]).when(receive({ ...oneWindow, comprehensive: false }), at).thenThrows('CASE.WRONG_WINDOW');
  });

  it('still asks a clerk of the department itself to be authorized for the item', () => {
    const own: ServiceWindow = { id: 'w-scjg', name: '市场监管窗口', departmentId: 'scjg', comprehensive: true };
    spec.given([]).when(receive(own, { staff: { staffId: 'zh-1', departmentId: 'scjg', itemCodes: [] } }), at).thenThrows('CASE.STAFF_NOT_AUTHORIZED');
  });

  it('registers a window serving other departments only when it is comprehensive and they are registered', () => {
    const state = [
      ...decideOrganization({ type: 'RegisterDepartment', data: { id: 'zwb', name: '政务服务中心', caseNoPrefix: 'ZWB' } }, initialOrganizationState()),
      ...decideOrganization({ type: 'RegisterDepartment', data: { id: 'scjg', name: '市场监管局', caseNoPrefix: 'SCJG' } }, initialOrganizationState()),
    ].reduce(evolveOrganization, initialOrganizationState());
    const code = (window: ServiceWindow) => {
      try {
        decideOrganization({ type: 'RegisterWindow', data: window }, state);
        return null;
      } catch (error) {
        return (error as RuleViolation).code;
      }
    };
    expect(code({ ...oneWindow, serves: ['scjg'] })).toBeNull();
    expect(code({ ...oneWindow, serves: ['scjg'], comprehensive: false })).toBe('ORG.WINDOW_NOT_COMPREHENSIVE');
    expect(code(oneWindow)).toBe('ORG.UNKNOWN_DEPARTMENT');
  });
});
