import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { ItemVersion } from '../catalog';
import { CaseEvent, decideCase, evolveCase, initialCaseState, ReceiveCase } from '../case';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { decideStaff, evolveStaff, initialStaffState, PostStaff, postingUnderOneYear, StaffEvent } from './staff.decider';

const spec = deciderSpec({ decide: decideStaff, evolve: evolveStaff, initialState: initialStaffState });
const NOW = '2026-04-07T01:00:00.000Z';
const zrzy = { id: 'zrzy', name: '县自然资源局', caseNoPrefix: 'ZRZY' };
const window = { id: 'w-zrzy', name: '不动产登记窗口', departmentId: 'zrzy', comprehensive: true };
const post = (over: Partial<PostStaff['data']> = {}): PostStaff => ({
  type: 'PostStaff',
  data: { staffId: 's-001', name: '钱六', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-03-01', department: zrzy, window, ...over },
});
const posted: StaffEvent = { type: 'StaffPosted', data: { at: NOW, staffId: 's-001', name: '钱六', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-03-01' } };
const authorized: StaffEvent[] = [posted, { type: 'StaffAuthorized', data: { at: NOW, itemCodes: ['ZRZY-001', 'ZRZY-002'], grantedBy: '局长甲' } }];
const authorize = (codes: string[], departmentId: string | null = 'zrzy') =>
  ({ type: 'AuthorizeStaff' as const, data: { itemCodes: codes, grantedBy: '局长甲', items: codes.map((code) => ({ code, departmentId })) } });

describe('window staff (窗口工作人员): the roster', () => {
  it('posts a staff member at a window of their department, once', () => {
    spec.given([]).when(post(), NOW).then([posted]);
    spec.given([posted]).when(post(), NOW).thenThrows('STAFF.ALREADY_POSTED');
    spec.given([]).when(post({ window: null }), NOW).thenThrows('STAFF.UNKNOWN_WINDOW');
    spec.given([]).when(post({ department: null }), NOW).thenThrows('STAFF.UNKNOWN_DEPARTMENT');
    spec.given([]).when(post({ departmentId: 'scjg', department: { ...zrzy, id: 'scjg' } }), NOW).thenThrows('STAFF.WRONG_WINDOW');
    spec.given([]).when(post({ postedOn: '2026-04-08' }), NOW).thenThrows('STAFF.POSTED_IN_FUTURE');
  });

  it('flags a posting under one year', () => {
    expect(postingUnderOneYear('2026-03-01', '2026-04-07')).toBe(true);
    expect(postingUnderOneYear('2025-04-07', '2026-04-06')).toBe(true);
    expect(postingUnderOneYear('2025-04-07', '2026-04-07')).toBe(false);
  });
});

describe('window staff: authorizations (行政审批专用章)', () => {
  it('are granted by the department head for the department\'s own items', () => {
    spec.given([posted]).when(authorize(['ZRZY-001', 'ZRZY-002']), NOW).then([authorized[1]]);
    spec.given(authorized).when(authorize(['ZRZY-001']), NOW).then([]);
    spec.given([posted]).when(authorize(['SCJG-001'], 'scjg'), NOW).thenThrows('STAFF.ITEM_OF_ANOTHER_DEPARTMENT');
    spec.given([posted]).when(authorize(['NOPE-1'], null), NOW).thenThrows('STAFF.UNKNOWN_ITEM');
    spec.given([]).when(authorize(['ZRZY-001']), NOW).thenThrows('STAFF.NOT_FOUND');
  });

  it('are revoked item by item', () => {
    spec.given(authorized).when({ type: 'RevokeAuthorization', data: { itemCodes: ['ZRZY-002', 'ZRZY-009'], reason: '调整' } }, NOW)
      .then([{ type: 'StaffAuthorizationRevoked', data: { at: NOW, itemCodes: ['ZRZY-002'], reason: '调整' } }]);
  });
});

describe('window staff: returned to the department by a complaint', () => {
  const returnStaff = { type: 'ReturnStaff' as const, data: { complaintNo: 'TS-1', reason: '吃拿卡要属实' } };
  const returned: StaffEvent = {
    type: 'StaffReturnedToDepartment',
    data: { at: NOW, complaintNo: 'TS-1', reason: '吃拿卡要属实', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-03-01',
      returnedOn: '2026-04-07', revokedItemCodes: ['ZRZY-001', 'ZRZY-002'] },
  };

  it('loses the posting and every authorization at once', () => {
    spec.given(authorized).when(returnStaff, NOW).then([returned]);
    const state = [...authorized, returned].reduce(evolveStaff, initialStaffState());
    expect(state).toMatchObject({ status: 'returned', itemCodes: [] });
  });

  it('is returned once per complaint, and a staff member no longer posted records nothing', () => {
    spec.given([...authorized, returned]).when(returnStaff, NOW).then([]);
    spec.given([]).when(returnStaff, NOW).then([]);
    spec.given([...authorized, returned]).when(authorize(['ZRZY-001']), NOW).thenThrows('STAFF.NOT_POSTED');
  });

  it('can be posted again later, starting with no authorization', () => {
    spec.given([...authorized, returned]).when(post({ postedOn: '2026-04-07' }), NOW).thenMatch([{ type: 'StaffPosted' }]);
  });
});

describe('the case hook: receipt and decision by staff on the roster', () => {
  const calendar = new WorkingCalendar(chineseDaysCalendarYears());
  const item: ItemVersion = {
    code: 'ZRZY-001', version: 1, name: '不动产转移登记', departmentId: 'zrzy', category: 'promised', legalBasis: 'x', materials: [],
    procedure: [], legalLimitDays: 30, promisedLimitDays: 5, specialProcedures: [], fees: [],
  };
  const receive = (staffId: string | null, itemCodes: string[] | null): ReceiveCase => ({
    type: 'ReceiveCase',
    data: {
      caseNo: 'ZRZY-20260407-00001', itemCode: 'ZRZY-001', item: { status: 'published', current: item }, applicant: sealedApplicant('张三'),
      channel: 'window', windowId: 'w-zrzy', window, subCenterId: null, subCenter: null, staffId, materials: [],
      staff: itemCodes && staffId ? { staffId, departmentId: 'zrzy', itemCodes } : null,
    },
  });
  const context = { now: NOW, calendar };
  const caseSpec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });

  it('refuses receipt by a posted staff member not authorized for the item', () => {
    const error = caseSpec.given([]).when(receive('s-001', ['ZRZY-002']), context).thenThrows('CASE.STAFF_NOT_AUTHORIZED');
    expect(error.rule).toBe('StaffMustBeAuthorizedForTheItem');
    caseSpec.given([]).when(receive('s-001', ['ZRZY-001']), context).thenMatch([{ type: 'CaseReceived', data: { staffId: 's-001' } }]);
  });

  it('does not judge a command without staff, or staff not on the roster', () => {
    caseSpec.given([]).when(receive(null, null), context).thenMatch([{ type: 'CaseReceived' }]);
    caseSpec.given([]).when(receive('s-legacy', null), context).thenMatch([{ type: 'CaseReceived', data: { staffId: 's-legacy' } }]);
  });

  it('refuses a decision by a posted staff member not authorized for the item', () => {
    const received = decideCase(receive(null, null), initialCaseState(), context) as CaseEvent[];
    const later = { now: '2026-04-08T01:00:00.000Z', calendar };
    caseSpec.given(received).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予登记', staffId: 's-001',
      staff: { staffId: 's-001', departmentId: 'zrzy', itemCodes: [] } } }, later).thenThrows('CASE.STAFF_NOT_AUTHORIZED');
    caseSpec.given(received).when({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予登记', staffId: 's-001',
      staff: { staffId: 's-001', departmentId: 'zrzy', itemCodes: ['ZRZY-001'] } } }, later).thenMatch([{ type: 'CaseCompleted', data: { decision: '准予登记' } }]);
  });
});
