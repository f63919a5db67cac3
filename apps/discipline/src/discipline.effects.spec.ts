import { DEPARTMENTS } from '@gov/messaging/testing/case-stories';
import { publishedStory } from '@gov/messaging/testing/published-stories';
import { disciplineEffects } from './discipline.effects';

const [zrzy] = DEPARTMENTS;
const CASE = 'ZRZY-20260407-00001';

describe('discipline window (纪检监察): message → effects', () => {
  it('flags a case at its red card', () => {
    const [, , overdue] = publishedStory(CASE, 'overdue-open', zrzy);
    expect(disciplineEffects(overdue)).toEqual([{
      kind: 'overdue-flagged', caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', dueDate: '2026-04-14',
      dueAt: '2026-04-14T15:59:59.999Z', overdueAt: '2026-04-14T16:00:00.000Z',
    }]);
  });

  it('records a late completion with how late, in working days', () => {
    const completed = publishedStory(CASE, 'overdue-then-completed-late', zrzy).at(-1)!;
    expect(disciplineEffects(completed)).toEqual([{
      kind: 'completed-late', caseNo: CASE, departmentId: 'zrzy', windowId: 'w-zrzy-1', itemCode: 'ZRZY-001', dueDate: '2026-04-14',
      completedAt: '2026-04-16T15:59:59.999Z', workingDaysLate: 2,
    }]);
  });

  it('notes a completion in time and a withdrawal (they only matter for a flagged case)', () => {
    const inTime = publishedStory(CASE, 'completed-in-time', zrzy).at(-1)!;
    expect(disciplineEffects(inTime)).toEqual([{ kind: 'completed-in-time', caseNo: CASE, completedAt: '2026-04-08T02:00:00.000Z' }]);
    const withdrawn = publishedStory(CASE, 'overdue-then-withdrawn', zrzy).at(-1)!;
    expect(disciplineEffects(withdrawn)).toEqual([{ kind: 'withdrawn', caseNo: CASE, withdrawnAt: '2026-04-14T16:59:59.999Z' }]);
  });

  it('changes nothing for a receipt, a refusal of acceptance or a yellow card', () => {
    const [received, warned] = publishedStory(CASE, 'overdue-open', zrzy);
    const notAccepted = publishedStory(CASE, 'not-accepted', zrzy).at(-1)!;
    for (const event of [received, warned, notAccepted]) expect(disciplineEffects(event)).toEqual([]);
  });
});
