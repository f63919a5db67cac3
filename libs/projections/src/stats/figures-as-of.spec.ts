import { CaseCommand, CaseEvent, decideCase, evolveCase, initialCaseState, ItemVersion } from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import type { StoredEvent } from '@gov/event-store';
import { CaseProjection } from '../cases/case.projection';
import { calendar } from '../cases/testing/case-histories';
import type { ReadModelStore } from '../store/read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import { CaseFiguresQuery } from './case-figures';

/**
 * Issue 23, item 2: the figures of a period are those as of the end of `to`, whatever is recorded
 * after it — a due time moved after the end (special handling as decided before issue 23, a
 * calendar correction), a suspension resumed after it.
 */
const item: ItemVersion = {
  code: 'ZRZY-001', version: 1, name: '不动产转移登记', departmentId: 'zrzy', category: 'promised', legalBasis: 'x', materials: [],
  procedure: [], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [],
};
const receive = (caseNo: string): CaseCommand => ({ type: 'ReceiveCase', data: { caseNo, itemCode: item.code, item: { status: 'published', current: item },
  applicant: sealedApplicant('李四'), channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null, staffId: null, materials: [] } });

let position = 0;
/** Decides the steps with the real decider; an event given instead of a command is taken as recorded. */
function stored(caseNo: string, steps: ([CaseCommand, string] | CaseEvent)[]): StoredEvent[] {
  const events: CaseEvent[] = [];
  for (const step of steps) {
    if (!Array.isArray(step)) events.push(step);
    else events.push(...decideCase(step[0], events.reduce(evolveCase, initialCaseState()), { now: step[1], calendar }));
  }
  return events.map((event, revision) => ({
    id: `${caseNo}-${revision}`, type: event.type, schemaVersion: 1, data: event.data, streamId: `case-${caseNo}`, revision,
    position: ++position, recordedAt: event.data.at,
    metadata: { occurredAt: event.data.at, correlationId: 'c', causationId: null, actor: { id: 'a', role: 'r' } },
  }));
}

const APRIL_1_TO_10 = { from: '2026-04-01', to: '2026-04-10' };
const LATER = '2026-05-01T00:00:00.000Z';

describe.each(readModelStoresUnderTest())('figures as of the end of the period on $name', ({ open }) => {
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
  const overdue = async () => (await new CaseFiguresQuery(store).figures(APRIL_1_TO_10, { kind: 'center' }, LATER)).overdue;

  it('does not count overdue a case whose due time moved before the end only by events after it', async () => {
    // Received 04-07, due 04-14. On 04-13 special handling as decided before issue 23 (1 day from acceptance: due 04-08).
    const escalated = stored('ZRZY-20260407-00001', [[receive('ZRZY-20260407-00001'), '2026-04-07T01:00:00.000Z'],
      { type: 'CaseEscalated', data: { at: '2026-04-13T01:00:00.000Z', limitDays: 1, approver: '县长', reason: '招商',
        dueDate: '2026-04-08', dueAt: '2026-04-08T15:59:59.999Z', warnAt: '2026-04-07T16:00:00.000Z' } }]);
    // Received 04-07, due 04-14; a calendar correction on 04-20 moves it to 04-09.
    const corrected = stored('ZRZY-20260407-00002', [[receive('ZRZY-20260407-00002'), '2026-04-07T02:00:00.000Z'],
      { type: 'DeadlineRescheduled', data: { at: '2026-04-20T01:00:00.000Z', calendarYear: 2026, previousDueDate: '2026-04-14',
        dueDate: '2026-04-09', dueAt: '2026-04-09T15:59:59.999Z', warnAt: '2026-04-08T16:00:00.000Z' } }]);
    await project([...escalated, ...corrected].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)));
    expect(await overdue()).toBe(0);
    // The sub-centers' figures read the same clock (no case here came in at one: the statement runs on each store).
    expect((await new CaseFiguresQuery(store).snapshot((snapshot) => snapshot.figuresBySubCenter(APRIL_1_TO_10, LATER))).size).toBe(0);
    // As of a day after the moves, both are overdue.
    expect((await new CaseFiguresQuery(store).figures({ from: '2026-04-01', to: '2026-04-30' }, { kind: 'center' }, LATER)).overdue).toBe(2);
  });

  it('counts a case suspended at the end as its clock stood: overdue only if its due time passed before the suspension', async () => {
    const suspendedInTime = stored('ZRZY-20260407-00003', [[receive('ZRZY-20260407-00003'), '2026-04-07T01:00:00.000Z'],
      [{ type: 'SuspendClock', data: { reason: 'hearing', note: null } }, '2026-04-08T01:00:00.000Z'],
      [{ type: 'ResumeClock', data: {} }, '2026-04-20T01:00:00.000Z']]);
    const suspendedLate = stored('ZRZY-20260401-00004', [[receive('ZRZY-20260401-00004'), '2026-04-01T01:00:00.000Z'],
      [{ type: 'SuspendClock', data: { reason: 'hearing', note: null } }, '2026-04-10T01:00:00.000Z']]);
    await project([...suspendedInTime, ...suspendedLate].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)));
    // 00004 was due 04-09 (04-02, 03, 07, 08, 09: Qingming 04-04..06) and suspended after it, on 04-10.
    expect(await overdue()).toBe(1);
  });

  it('keeps a case overdue at the end when its clock stopped after its due time and ran again only after the end', async () => {
    // Due 04-09; suspended 04-13, already overdue; resumed 04-30, which moves its due date past the end of 04-20.
    const late = stored('ZRZY-20260401-00005', [[receive('ZRZY-20260401-00005'), '2026-04-01T01:00:00.000Z'],
      [{ type: 'SuspendClock', data: { reason: 'testing', note: null } }, '2026-04-13T01:00:00.000Z'],
      [{ type: 'ResumeClock', data: {} }, '2026-04-30T01:00:00.000Z']]);
    expect(late.at(-1)?.data).toMatchObject({ dueDate: expect.stringMatching(/^2026-0(4-2[1-9]|4-30|5)/) });
    await project(late);
    expect((await new CaseFiguresQuery(store).figures({ from: '2026-04-01', to: '2026-04-20' }, { kind: 'center' }, LATER)).overdue).toBe(1);
  });
});
