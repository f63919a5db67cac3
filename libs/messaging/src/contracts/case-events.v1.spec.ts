import { UnprocessableEventError } from '../messaging.errors';
import { CaseEventTypes, parseCaseEventV1 } from './case-events.v1';

const overdue = {
  type: CaseEventTypes.overdue,
  subject: 'ZRZY-20260407-00001',
  data: {
    caseNo: 'ZRZY-20260407-00001', departmentId: 'zrzy', windowId: null, itemCode: 'ZRZY-001', card: 'red',
    overdueAt: '2026-04-14T16:00:00.000Z', dueDate: '2026-04-14', dueAt: '2026-04-14T15:59:59.999Z',
  },
};

describe('case contract v1 check', () => {
  it('accepts a payload with every field, and extra fields (v1 may grow)', () => {
    expect(parseCaseEventV1(overdue)).toEqual({ type: overdue.type, data: overdue.data });
    expect(parseCaseEventV1({ ...overdue, data: { ...overdue.data, note: 'new' } })).toBeDefined();
  });

  it('skips types it does not know (a newer version, another category)', () => {
    expect(parseCaseEventV1({ ...overdue, type: 'cn.gov.servicecenter.case.overdue.v2' })).toBeUndefined();
  });

  it.each([
    ['a missing field', { ...overdue.data, dueAt: undefined }, /dueAt/],
    ['a wrong type', { ...overdue.data, windowId: 7 }, /windowId/],
    ['a value outside its set', { ...overdue.data, card: 'green' }, /card/],
    ['not an object', 'overdue', /not a JSON object/],
    ['another case than the subject', { ...overdue.data, caseNo: 'SCJG-20260407-00009' }, /subject/],
  ])('refuses %s as unprocessable', (_, data, message) => {
    expect(() => parseCaseEventV1({ ...overdue, data })).toThrow(UnprocessableEventError);
    expect(() => parseCaseEventV1({ ...overdue, data })).toThrow(message);
  });
});
