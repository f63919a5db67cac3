import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { deciderSpec } from '../testing/decider-spec';
import { FileComplaint, TargetLookups } from './complaint.commands';
import {
  decideComplaint, doubleAcceptanceComplaintNo, evolveComplaint, illegalFeeComplaintNo, initialComplaintState, overdueComplaintNo,
} from './complaint.decider';
import { ComplaintEvent, ComplaintFiled } from './complaint.events';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideComplaint, evolve: evolveComplaint, initialState: initialComplaintState });
const at = (now: string) => ({ now, calendar, feedbackWorkingDays: 15 });
// Tue 2026-04-07 09:00 Shanghai. 15 working days after it: 04-08 … 04-28 (no holiday between).
const FILED_AT = '2026-04-07T01:00:00.000Z';
const noLookups: TargetLookups = { department: null, window: null, staff: null, case: null, item: null };

const file = (over: Partial<FileComplaint['data']> = {}): FileComplaint => ({
  type: 'FileComplaint',
  data: {
    complaintNo: 'TS-20260407-A1B2C3', category: 'favours-gifts-bribes', channel: 'window',
    complainant: { kind: 'named', name: '王五', contact: '13800000000' }, sealedComplainant: { personId: 'person-1', sealed: 'sealed:person-1' },
    target: { windowId: 'w-zrzy', staffId: 's-001' },
    lookups: { ...noLookups, window: { departmentId: 'zrzy' }, staff: { departmentId: 'zrzy' } },
    summary: '窗口人员暗示请吃饭', evidence: ['录音-001'], ...over,
  },
});
const filed: ComplaintFiled = {
  type: 'ComplaintFiled',
  data: {
    at: FILED_AT, complaintNo: 'TS-20260407-A1B2C3', category: 'favours-gifts-bribes', categoryLabel: '吃拿卡要', channel: 'window',
    complainant: { kind: 'named', personId: 'person-1', sealed: 'sealed:person-1' },
    target: { departmentId: 'zrzy', windowId: 'w-zrzy', staffId: 's-001', caseNo: null, itemCode: null },
    summary: '窗口人员暗示请吃饭', evidence: ['录音-001'], filedDate: '2026-04-07', feedbackBy: '2026-04-28T15:59:59.999Z',
  },
};
const day = (d: string) => `2026-04-${d}T02:00:00.000Z`;
const accepted: ComplaintEvent[] = [filed, { type: 'ComplaintAccepted', data: { at: day('08'), note: null } }];
const investigating: ComplaintEvent[] = [...accepted, { type: 'ComplaintInvestigationStarted', data: { at: day('09'), investigator: '纪检组 赵' } }];
const conclude = (substantiated: boolean, actions: any[] = [], postedStaff: string[] = ['s-001']) =>
  ({ type: 'ConcludeComplaint' as const, data: { substantiated, findings: '属实', actions, postedStaff } });
const concluded: ComplaintEvent[] = [...investigating, {
  type: 'ComplaintConcluded',
  data: { at: day('14'), substantiated: true, findings: '属实', actions: [{ kind: 'return-staff', staffId: 's-001' }], departmentId: 'zrzy',
    concludedDate: '2026-04-14', workingDaysToConclusion: 5 },
}];

describe('complaint (投诉): filing', () => {
  it('files a named complaint against a window and its staff, with the feedback deadline 15 working days on', () => {
    spec.given([]).when(file(), at(FILED_AT)).then([filed]);
  });

  it('files an anonymous complaint that leaves a contact, and refuses one without', () => {
    spec.given([]).when(file({ complainant: { kind: 'anonymous', contact: 'wx:abc' } }), at(FILED_AT))
      .thenMatch([{ data: { complainant: { kind: 'anonymous', personId: 'person-1', sealed: 'sealed:person-1' }, feedbackBy: '2026-04-28T15:59:59.999Z' } }]);
    spec.given([]).when(file({ complainant: { kind: 'anonymous', contact: ' ' } }), at(FILED_AT)).thenThrows('COMPLAINT.CONTACT_REQUIRED');
  });

  it('records a complainant only sealed: their name and contact never reach the event', () => {
    const [event] = spec.given([]).when(file(), at(FILED_AT)).thenMatch([{ data: { complainant: { personId: 'person-1' } } }]);
    expect(JSON.stringify(event)).not.toMatch(/王五|13800000000/);
    spec.given([]).when(file({ sealedComplainant: null }), at(FILED_AT)).thenThrows('COMPLAINT.COMPLAINANT_NOT_SEALED');
  });

  it('keeps automatic files to the engine, and gives them no feedback deadline', () => {
    spec.given([]).when(file({ complainant: { kind: 'system', trigger: 'x' } }), at(FILED_AT)).thenThrows('COMPLAINT.CHANNEL_MISMATCH');
    spec.given([]).when(file({ channel: 'automatic' }), at(FILED_AT)).thenThrows('COMPLAINT.CHANNEL_MISMATCH');
    spec.given([]).when(file({ channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseOverdue' } }), at(FILED_AT))
      .thenMatch([{ data: { channel: 'automatic', feedbackBy: null } }]);
  });

  it('needs a known target belonging to one department', () => {
    spec.given([]).when(file({ target: {}, lookups: noLookups }), at(FILED_AT)).thenThrows('COMPLAINT.NO_TARGET');
    const unknown = spec.given([]).when(file({ target: { caseNo: 'ZRZY-20260407-00001' }, lookups: noLookups }), at(FILED_AT))
      .thenThrows('COMPLAINT.UNKNOWN_TARGET');
    expect(unknown.details).toEqual({ unknown: ['case ZRZY-20260407-00001'] });
    spec.given([]).when(file({ target: { departmentId: 'scjg', windowId: 'w-zrzy' },
      lookups: { ...noLookups, department: { id: 'scjg' }, window: { departmentId: 'zrzy' } } }), at(FILED_AT))
      .thenThrows('COMPLAINT.TARGET_SPANS_DEPARTMENTS');
    spec.given([]).when(file({ target: { itemCode: 'ZRZY-001' }, lookups: { ...noLookups, item: { departmentId: 'zrzy' } } }), at(FILED_AT))
      .thenMatch([{ data: { target: { departmentId: 'zrzy', itemCode: 'ZRZY-001', windowId: null, staffId: null, caseNo: null } } }]);
  });

  it('files once per number', () => {
    spec.given([filed]).when(file(), at(day('08'))).thenThrows('COMPLAINT.ALREADY_EXISTS');
  });

  it('numbers engine-opened files by their trigger', () => {
    expect(overdueComplaintNo('ZRZY-20260407-00001', '2026-04-14')).toBe('CQ-ZRZY-20260407-00001-20260414');
    expect(doubleAcceptanceComplaintNo('RS-20260407-00002')).toBe('LT-RS-20260407-00002');
    expect(illegalFeeComplaintNo('ZRZY-20260407-00001', 3)).toBe('SF-ZRZY-20260407-00001-3');
  });
});

describe('complaint (投诉): lifecycle', () => {
  it('is accepted or declined with the reason, only while filed', () => {
    spec.given([filed]).when({ type: 'AcceptComplaint', data: { note: '受理' } }, at(day('08')))
      .then([{ type: 'ComplaintAccepted', data: { at: day('08'), note: '受理' } }]);
    spec.given([filed]).when({ type: 'DeclineComplaint', data: { reason: '不属于受理范围' } }, at(day('08')))
      .then([{ type: 'ComplaintDeclined', data: { at: day('08'), reason: '不属于受理范围' } }]);
    spec.given(accepted).when({ type: 'DeclineComplaint', data: { reason: 'x' } }, at(day('09'))).thenThrows('COMPLAINT.WRONG_STATUS');
    spec.given(accepted).when({ type: 'AcceptComplaint', data: { note: null } }, at(day('09'))).thenThrows('COMPLAINT.WRONG_STATUS');
    spec.given([]).when({ type: 'AcceptComplaint', data: { note: null } }, at(day('09'))).thenThrows('COMPLAINT.NOT_FOUND');
  });

  it('is investigated only once accepted', () => {
    spec.given(accepted).when({ type: 'StartInvestigation', data: { investigator: '纪检组 赵' } }, at(day('09')))
      .then([{ type: 'ComplaintInvestigationStarted', data: { at: day('09'), investigator: '纪检组 赵' } }]);
    spec.given([filed]).when({ type: 'StartInvestigation', data: { investigator: 'x' } }, at(day('09'))).thenThrows('COMPLAINT.WRONG_STATUS');
  });

  it('refuses commands dated before its last event', () => {
    spec.given(accepted).when({ type: 'StartInvestigation', data: { investigator: 'x' } }, at(day('07'))).thenThrows('COMPLAINT.TIME_BEFORE_LAST_EVENT');
  });

  it('is concluded after investigation, counting working days from filing', () => {
    spec.given(investigating).when(conclude(true, [{ kind: 'return-staff', staffId: 's-001' }]), at(day('14'))).then([concluded[3]]);
    spec.given(accepted).when(conclude(false), at(day('14'))).thenThrows('COMPLAINT.WRONG_STATUS');
    spec.given(investigating).when(conclude(false), at(day('14')))
      .thenMatch([{ data: { substantiated: false, actions: [], workingDaysToConclusion: 5 } }]);
  });

  it('holds people accountable only on a substantiated finding', () => {
    spec.given(investigating).when(conclude(false, [{ kind: 'admonish-department', departmentId: 'zrzy' }]), at(day('14')))
      .thenThrows('COMPLAINT.ACTIONS_WITHOUT_FINDING');
    spec.given(investigating).when(conclude(true, [
      { kind: 'admonish-department', departmentId: 'zrzy' },
      { kind: 'hold-accountable', role: 'department-head', person: '局长甲' },
      { kind: 'hold-accountable', role: 'head-in-charge', person: '副局长乙' },
      { kind: 'hold-accountable', role: 'directly-responsible', person: '科员丙' },
    ]), at(day('14'))).thenMatch([{ data: { substantiated: true, actions: { length: 4 } } }]);
  });

  it('admonishes only the complaint\'s department and returns only posted staff', () => {
    spec.given(investigating).when(conclude(true, [{ kind: 'admonish-department', departmentId: 'scjg' }]), at(day('14')))
      .thenThrows('COMPLAINT.ADMONITION_OF_ANOTHER_DEPARTMENT');
    const error = spec.given(investigating).when(conclude(true, [{ kind: 'return-staff', staffId: 's-009' }]), at(day('14')))
      .thenThrows('COMPLAINT.STAFF_NOT_POSTED');
    expect(error.details).toEqual({ staffIds: ['s-009'] });
  });

  it('gives feedback after a conclusion or a decline, flagged late after the deadline', () => {
    spec.given(concluded).when({ type: 'GiveFeedback', data: { message: '已处理' } }, at(day('15')))
      .then([{ type: 'ComplaintFeedbackGiven', data: { at: day('15'), message: '已处理', feedbackBy: '2026-04-28T15:59:59.999Z', late: false } }]);
    spec.given(concluded).when({ type: 'GiveFeedback', data: { message: '已处理' } }, at('2026-04-29T01:00:00.000Z'))
      .thenMatch([{ data: { late: true } }]);
    const declined: ComplaintEvent[] = [filed, { type: 'ComplaintDeclined', data: { at: day('08'), reason: 'x' } }];
    spec.given(declined).when({ type: 'GiveFeedback', data: { message: '不予受理，理由…' } }, at(day('08'))).thenMatch([{ data: { late: false } }]);
    spec.given(investigating).when({ type: 'GiveFeedback', data: { message: 'x' } }, at(day('15'))).thenThrows('COMPLAINT.WRONG_STATUS');
    const answered: ComplaintEvent[] = [...concluded, { type: 'ComplaintFeedbackGiven', data: { at: day('15'), message: 'x', feedbackBy: 'x', late: false } }];
    spec.given(answered).when({ type: 'GiveFeedback', data: { message: 'y' } }, at(day('16'))).thenThrows('COMPLAINT.WRONG_STATUS');
  });

  it('has no complainant to answer on an engine-opened file', () => {
    const auto: ComplaintEvent[] = [{ ...filed, data: { ...filed.data, channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseOverdue' }, feedbackBy: null } },
      { type: 'ComplaintDeclined', data: { at: day('08'), reason: '已整改' } }];
    spec.given(auto).when({ type: 'GiveFeedback', data: { message: 'x' } }, at(day('09'))).thenThrows('COMPLAINT.NO_COMPLAINANT');
  });
});
