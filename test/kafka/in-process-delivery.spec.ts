import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContractRouter, IdempotentReadModelConsumer, InProcessMessageBus, openConsumerDb, Relay } from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, openStore, storedHistories, tempDir } from '@gov/messaging/testing/case-store';
import { efficiencyOfficeReadModel } from '../../apps/efficiency-office/src/efficiency-office.read-model';
import { disciplineReadModel } from '../../apps/discipline/src/discipline.read-model';
import { disciplineApp } from '../../apps/discipline/src/discipline.app';
import { efficiencyOfficeApp } from '../../apps/efficiency-office/src/efficiency-office.app';
import { casesOutOfOrder, expectedReadModels, processedCount, publishedIds, readModelsOf } from './expected-read-models';

/**
 * The embedded default: the same relay and the same read models, through the in-process
 * adapter of the messaging ports, with no broker at all (this suite always runs).
 */
describe('relay → in-process bus → efficiency office and discipline', () => {
  it('delivers every public event once, in per-case order, into both read models', async () => {
    const dataDir = tempDir();
    const store = openStore(dataDir);
    const bus = new InProcessMessageBus();
    const efficiencyDb = openConsumerDb(path.join(dataDir, 'efficiency-office.sqlite'));
    const disciplineDb = openConsumerDb(path.join(dataDir, 'discipline.sqlite'));
    const efficiency = new IdempotentReadModelConsumer(efficiencyDb, efficiencyOfficeReadModel);
    const discipline = new IdempotentReadModelConsumer(disciplineDb, disciplineReadModel);
    await bus.subscribe({ group: 'efficiency-office', channels: efficiencyOfficeApp.channels }, (event) => void efficiency.handle(event));
    await bus.subscribe({ group: 'discipline', channels: disciplineApp.channels }, (event) => void discipline.handle(event));
    const relay = new Relay(store, bus, ContractRouter.default(store), { checkpointFile: path.join(dataDir, 'relay.sqlite') });
    try {
      const cases = planCases(36);
      relay.start();
      await appendCases(store, cases);
      await relay.caughtUp();

      const histories = await storedHistories(store, cases);
      const published = publishedIds(histories).length;
      expect([processedCount(efficiencyDb), processedCount(disciplineDb)]).toEqual([published, published]);
      expect([efficiency.stats().duplicates, discipline.stats().duplicates]).toEqual([0, 0]);
      expect(readModelsOf(efficiencyDb, disciplineDb)).toEqual(expectedReadModels(cases));
      expect([casesOutOfOrder(efficiencyDb, histories), casesOutOfOrder(disciplineDb, histories)]).toEqual([[], []]);
    } finally {
      await relay.stop();
      await store.close();
      efficiencyDb.close();
      disciplineDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
