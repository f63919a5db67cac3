import { CaseEvent, chineseDaysCalendarYears, CaseCommand, decideCase, evolveCase, initialCaseState, ItemVersion, WorkingCalendar } from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import type { StoredEvent } from '@gov/event-store';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { CaseProjection } from './case.projection';

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const item: ItemVersion = {
  code: 'ZRZY-001', version: 3, name: '不动产转移登记', departmentId: 'zrzy', category: 'promised', legalBasis: 'x', materials: [],
  procedure: [], legalLimitDays: 30, promisedLimitDays: 5, specialProcedures: [], fees: [{ feeCode: 'F-1', amountFen: 8000 }],
};
const feeCatalog = { entries: new Map([['F-1', { code: 'F-1', name: 'x', basis: 'x', level: 'national' as const, standardAmountFen: 8000 }]]) };

/** Decides a history with the real decider and wraps it as the store would. */
function stored(caseNo: string, steps: [CaseCommand, string][]): StoredEvent[] {
  const events: CaseEvent[] = [];
  for (const [command, now] of steps) events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), { now, calendar }));
  return events.map((event, revision) => ({
    id: `${caseNo}-${revision}`, type: event.type, schemaVersion: 1, data: event.data, streamId: `case-${caseNo}`, revision,
    position: revision + 1, recordedAt: event.data.at,
    metadata: { occurredAt: event.data.at, correlationId: 'c', causationId: null, actor: { id: 'a', role: 'r' } },
  }));
}

describe.each(readModelStoresUnderTest())('case projection on $name', ({ open }) => {
  const projection = new CaseProjection();
  let store: ReadModelStore;
  beforeEach(async () => {
    store = await open();
    await store.migrate((tx) => projection.migrate(tx, store.sql));
  });
  afterEach(() => store.close());

  const project = (events: StoredEvent[]) => store.write(async (tx) => {
    for (const event of events) await projection.apply(tx, [event], { sql: store.sql, replaying: false });
  });

  it('turns a case\'s events into its row and its bank payment', async () => {
    const events = stored('ZRZY-20260407-00001', [
      [{ type: 'ReceiveCase', data: { caseNo: 'ZRZY-20260407-00001', itemCode: item.code, item: { status: 'published', current: item },
        applicant: sealedApplicant('李四'), channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null,
        staffId: null, materials: [] } }, '2026-04-07T01:00:00.000Z'],
      [{ type: 'AssessFee', data: { fees: [{ feeCode: 'F-1', amountFen: 8000 }], feeCatalog } }, '2026-04-07T02:00:00.000Z'],
      [{ type: 'PayFee', data: { amountFen: 8000, method: 'bank-transfer', bankReceiptNo: 'B-9' } }, '2026-04-07T16:30:00.000Z'],
      [{ type: 'CompleteCase', data: { outcome: 'approved', decision: 'ok' } }, '2026-04-09T03:00:00.000Z'],
      [{ type: 'RateCase', data: { level: 'satisfied', comment: null } }, '2026-04-09T04:00:00.000Z'],
    ]);
    await project(events);
    expect(await store.db.selectFrom('cases').selectAll().execute()).toEqual([{
      case_no: 'ZRZY-20260407-00001', item_code: 'ZRZY-001', item_version: 3, item_name: '不动产转移登记', department_id: 'zrzy',
      window_id: null, sub_center_id: null, channel: 'online', category: 'promised', special_procedure: 0, applicant_name: '李*', applicant_person_id: 'person-李四',
      received_at: '2026-04-07T01:00:00.000Z', received_date: '2026-04-07', status: 'completed', suspension_reason: null,
      due_date: '2026-04-14', due_at: '2026-04-14T15:59:59.999Z', special_at: null, fee_total_fen: 8000,
      fee_paid_at: '2026-04-07T16:30:00.000Z', completed_at: '2026-04-09T03:00:00.000Z', outcome: 'approved', early: 1, late: 0,
      working_days_taken: 2, working_days_late: 0, withdrawn_at: null, not_accepted_at: null, rating: 'satisfied',
      rated_at: '2026-04-09T04:00:00.000Z', updated_at: '2026-04-09T04:00:00.000Z', position: 5,
      clock_at: '2026-04-07T01:00:00.000Z', suspended_since: null, five_at: '2026-04-14T15:59:59.999Z',
    }]);
    // Paid at 00:30 Shanghai on 04-08: the payment counts on the 8th.
    expect(await store.db.selectFrom('fee_payments').select(['amount_fen', 'paid_date']).execute()).toEqual([{ amount_fen: 8000, paid_date: '2026-04-08' }]);
    expect(await store.db.selectFrom('fee_day_totals').selectAll().execute()).toEqual([{ paid_date: '2026-04-08', department_id: 'zrzy', window_key: '', fen: 8000 }]);
  });

  it('applies an event twice without a second payment row', async () => {
    const events = stored('ZRZY-20260407-00002', [
      [{ type: 'ReceiveCase', data: { caseNo: 'ZRZY-20260407-00002', itemCode: item.code, item: { status: 'published', current: item },
        applicant: sealedApplicant('李四'), channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null,
        staffId: null, materials: [] } }, '2026-04-07T01:00:00.000Z'],
      [{ type: 'AssessFee', data: { fees: [{ feeCode: 'F-1', amountFen: 8000 }], feeCatalog } }, '2026-04-07T02:00:00.000Z'],
      [{ type: 'PayFee', data: { amountFen: 8000, method: 'bank-transfer', bankReceiptNo: 'B-9' } }, '2026-04-07T03:00:00.000Z'],
    ]);
    await project([...events, ...events]);
    const count = async (table: 'fee_payments' | 'cases') =>
      (await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(await count('fee_payments')).toBe(1);
    expect(await count('cases')).toBe(1);
    expect(await store.db.selectFrom('fee_day_totals').select('fen').execute()).toEqual([{ fen: 8000 }]);
  });

  it('moves the row\'s due date with a calendar correction (DeadlineRescheduled)', async () => {
    const caseNo = 'ZRZY-20260407-00003';
    const received = stored(caseNo, [
      [{ type: 'ReceiveCase', data: { caseNo, itemCode: item.code, item: { status: 'published', current: item },
        applicant: sealedApplicant('李四'), channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null,
        staffId: null, materials: [] } }, '2026-04-07T01:00:00.000Z'],
    ]);
    const corrected = new WorkingCalendar([...chineseDaysCalendarYears().filter((y) => y.year !== 2026),
      { ...chineseDaysCalendarYears().find((y) => y.year === 2026)!, holidays: [...chineseDaysCalendarYears().find((y) => y.year === 2026)!.holidays, '2026-04-13', '2026-04-14'] }]);
    const state = received.map((e) => ({ type: e.type, data: e.data }) as CaseEvent).reduce(evolveCase, initialCaseState());
    const rescheduled = decideCase({ type: 'RescheduleDeadline', data: { calendarYear: 2026 } }, state, { now: '2026-04-08T01:00:00.000Z', calendar: corrected });
    expect(rescheduled.map((e) => e.type)).toEqual(['DeadlineRescheduled']);
    await project([...received, { ...received[0], id: 'r', type: rescheduled[0].type, data: rescheduled[0].data, revision: 1, position: 2 }]);
    expect(await store.db.selectFrom('cases').select(['due_date', 'due_at']).execute()).toEqual([{ due_date: '2026-04-16', due_at: '2026-04-16T15:59:59.999Z' }]);
  });
});
