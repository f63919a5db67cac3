import { chineseDaysCalendarYears, WorkingCalendar } from '../calendar';
import { ItemVersion } from '../catalog';
import { deciderSpec } from '../testing/decider-spec';
import { sealedApplicant } from '../testing/sealed-applicant';
import { CaseCommand } from './case.commands';
import { decideCase } from './case.decider';
import { AttachDocument, DocumentRef } from './case.documents';
import { CaseEvent } from './case.events';
import { evolveCase, initialCaseState } from './case.evolve';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const spec = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });
const at = (instant: string) => ({ now: instant, calendar });
const item: ItemVersion = {
  code: 'SCJG-001', version: 1, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '食品安全法',
  materials: ['申请书'], procedure: ['受理'], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [],
};
const RECEIVED = '2026-09-30T02:00:00.000Z';
const LATER = '2026-09-30T03:00:00.000Z';

function history(...steps: [CaseCommand, string][]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const [command, instant] of steps) events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), at(instant)));
  return events;
}
const received = () => history([{
  type: 'ReceiveCase',
  data: {
    caseNo: 'SCJG-20260930-00001', itemCode: item.code, item: { status: 'published', current: item }, applicant: sealedApplicant('张三'),
    channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null, staffId: null, materials: ['申请书'],
  },
}, RECEIVED]);
const document = (source: DocumentRef['source']): AttachDocument => ({
  type: 'AttachDocument',
  data: { documentId: 'd-1', material: '申请书', mediaType: 'application/pdf', source, size: 1234, sha256: 'a'.repeat(64), personId: 'p-1', sealedKey: 'ps1.x' },
});

describe('documents of a case', () => {
  it('records a filed or scanned document on a case being handled, suspended ones included', () => {
    spec.given(received()).when(document('online'), at(LATER)).then([{ type: 'DocumentAttached', data: { at: LATER, ...document('online').data } }]);
    const suspended = received();
    suspended.push(...decideCase({ type: 'SuspendClock', data: { reason: 'site-inspection', note: null } }, suspended.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(suspended).when(document('window-scan'), at(LATER)).thenMatch([{ type: 'DocumentAttached' }]);
  });

  it('takes no material after the case is closed, and a decision document only after its completion', () => {
    const withdrawn = [...received()];
    withdrawn.push(...decideCase({ type: 'WithdrawCase', data: { reason: '撤回' } }, withdrawn.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(withdrawn).when(document('online'), at(LATER)).thenThrows('CASE.DOCUMENT_AFTER_CLOSE');
    spec.given(received()).when(document('decision'), at(LATER)).thenThrows('CASE.DECISION_BEFORE_COMPLETION');
    const completed = [...received()];
    completed.push(...decideCase({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, completed.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(completed).when(document('decision'), at(LATER)).thenMatch([{ type: 'DocumentAttached', data: { source: 'decision' } }]);
  });

  it('takes the applicant\'s notification choice on a case in any state', () => {
    const completed = [...received()];
    completed.push(...decideCase({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, completed.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(completed).when({ type: 'SetNotificationPreferences', data: { optedOut: true, wechatOpenId: null } }, at(LATER))
      .then([{ type: 'NotificationPreferencesSet', data: { at: LATER, optedOut: true, wechatOpenId: null } }]);
  });

  it('rates a completed case left unrated by default (satisfied), and records nothing once it is rated or when it is not completed', () => {
    const completed = [...received()];
    completed.push(...decideCase({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, completed.reduce(evolveCase, initialCaseState()), at(LATER)));
    spec.given(completed).when({ type: 'RateByDefault', data: {} }, at(LATER))
      .then([{ type: 'CaseRated', data: { at: LATER, level: 'satisfied', comment: null, staffLevel: null, channelLevel: null, byDefault: true } }]);
    const rated = [...completed, ...decideCase({ type: 'RateCase', data: { level: 'dissatisfied', comment: '慢', staffLevel: 'satisfied', channelLevel: 'dissatisfied' } },
      completed.reduce(evolveCase, initialCaseState()), at(LATER))];
    expect(rated.at(-1)).toEqual({ type: 'CaseRated', data: { at: LATER, level: 'dissatisfied', comment: '慢', staffLevel: 'satisfied', channelLevel: 'dissatisfied' } });
    spec.given(rated).when({ type: 'RateByDefault', data: {} }, at(LATER)).then([]);
    spec.given(received()).when({ type: 'RateByDefault', data: {} }, at(LATER)).then([]);
  });

  it('records the decision\'s delivery once, for a completed case, a posted one with its tracking number', () => {
    const completed = [...received()];
    completed.push(...decideCase({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予许可' } }, completed.reduce(evolveCase, initialCaseState()), at(LATER)));
    const deliver = (method: 'window' | 'post' | 'online', trackingNo: string | null = null, deliveredAt = LATER) =>
      ({ type: 'RecordDelivery' as const, data: { method, trackingNo, deliveredAt } });
    spec.given(received()).when(deliver('window'), at(LATER)).thenThrows('CASE.NOT_COMPLETED');
    spec.given(completed).when(deliver('post'), at(LATER)).thenThrows('CASE.TRACKING_NO_REQUIRED');
    spec.given(completed).when(deliver('window', null, '2026-10-01T00:00:00.000Z'), at(LATER)).thenThrows('CASE.DELIVERY_IN_FUTURE');
    const delivered = spec.given(completed).when(deliver('post', 'SF1234567890'), at(LATER))
      .then([{ type: 'DecisionDelivered', data: { at: LATER, method: 'post', trackingNo: 'SF1234567890', deliveredAt: LATER } }]);
    spec.given([...completed, ...delivered]).when(deliver('online'), at(LATER)).thenThrows('CASE.ALREADY_DELIVERED');
  });

  it('needs the case to exist', () => {
    spec.given([]).when(document('online'), at(LATER)).thenThrows('CASE.NOT_FOUND');
  });
});
