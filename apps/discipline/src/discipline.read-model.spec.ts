import { IdempotentReadModelConsumer, openConsumerDb } from '@gov/messaging';
import { DEPARTMENTS } from '@gov/messaging/testing/case-stories';
import { publishedStory } from '@gov/messaging/testing/published-stories';
import { disciplineReadModel, lateCases } from './discipline.read-model';

const [zrzy, scjg, gaj] = DEPARTMENTS;

describe('discipline read model', () => {
  it('lists the cases completed late or still overdue, and those withdrawn while overdue', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, disciplineReadModel);
    const events = [
      ...publishedStory('ZRZY-1', 'overdue-open', zrzy),
      ...publishedStory('ZRZY-2', 'overdue-then-completed-late', zrzy),
      ...publishedStory('SCJG-1', 'warned-then-completed', scjg),
      ...publishedStory('GAJ-1', 'overdue-then-withdrawn', gaj),
      ...publishedStory('GAJ-2', 'completed-in-time', gaj),
    ];
    for (const event of [...events, ...events]) consumer.handle(event);
    expect(lateCases(db).map(({ caseNo, status, workingDaysLate, windowId }) => ({ caseNo, status, workingDaysLate, windowId }))).toEqual([
      { caseNo: 'GAJ-1', status: 'withdrawn-while-overdue', workingDaysLate: null, windowId: null },
      { caseNo: 'ZRZY-1', status: 'overdue-open', workingDaysLate: null, windowId: 'w-zrzy-1' },
      { caseNo: 'ZRZY-2', status: 'completed-late', workingDaysLate: 2, windowId: 'w-zrzy-1' },
    ]);
  });

  it('records a late completion that had no red card first', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, disciplineReadModel);
    const [received, , , completed] = publishedStory('ZRZY-3', 'overdue-then-completed-late', zrzy);
    consumer.handle(received);
    consumer.handle(completed);
    expect(lateCases(db)).toMatchObject([{ caseNo: 'ZRZY-3', status: 'completed-late', overdueAt: null, dueAt: null, workingDaysLate: 2 }]);
  });
});
