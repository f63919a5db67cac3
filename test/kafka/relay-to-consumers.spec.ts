import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { SqliteEventStore } from '@gov/event-store';
import { RunningConsumerApp, startConsumerApp } from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, openStore, storedHistories, tempDir } from '@gov/messaging/testing/case-store';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { efficiencyOfficeApp } from '../../apps/efficiency-office/src/efficiency-office.app';
import { disciplineApp } from '../../apps/discipline/src/discipline.app';
import { casesOutOfOrder, expectedReadModels, processedCount, publishedIds, readModelsOf } from './expected-read-models';
import { consumerConfig, RunningRelay, startRelay, testLogger } from './kafka-harness';
import { describeWithKafka } from './kafka-test-env';

describeWithKafka('event store → relay → Kafka → efficiency office and discipline', (env) => {
  let dataDir: string;
  let store: SqliteEventStore;
  let relay: RunningRelay | undefined;
  const apps: RunningConsumerApp[] = [];

  beforeEach(() => {
    dataDir = tempDir('gov-kafka-');
    store = openStore(dataDir);
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop()));
    await relay?.stop();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('consumes each appended event exactly once into each read model, in per-case order', async () => {
    const settings = env().freshSettings('relay-to-consumers');
    relay = startRelay(store, dataDir, settings);
    const efficiency = await startConsumerApp(efficiencyOfficeApp, consumerConfig(settings, dataDir, 'efficiency-office', { healthPort: 0 }), testLogger('efficiency-office'));
    const discipline = await startConsumerApp(disciplineApp, consumerConfig(settings, dataDir, 'discipline'), testLogger('discipline'));
    apps.push(efficiency, discipline);

    const cases = planCases(36);
    await appendCases(store, cases.slice(0, 18));
    // Streams of other categories stay inside the engine.
    await store.append('notice-DB-1', [{ id: randomUUID(), type: 'NoticeOpened', schemaVersion: 1, data: {}, metadata: { occurredAt: '2026-04-15T00:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'x', role: 'system' } } }], { expectedRevision: 'no_stream' });
    await appendCases(store, cases.slice(18));
    const histories = await storedHistories(store, cases);
    const published = publishedIds(histories).length;

    await waitFor('both read models to hold every event', () => processedCount(efficiency.db) === published && processedCount(discipline.db) === published);
    await waitFor('both groups to have committed everything', async () => (await efficiency.lag()) === 0 && (await discipline.lag()) === 0);
    expect(relay.relay.status()).toEqual({ active: true, checkpoint: await store.headPosition() });

    expect(readModelsOf(efficiency.db, discipline.db)).toEqual(expectedReadModels(cases));
    expect([casesOutOfOrder(efficiency.db, histories), casesOutOfOrder(discipline.db, histories)]).toEqual([[], []]);
    for (const app of [efficiency, discipline]) {
      expect((await app.health()).readModel).toEqual({ applied: published, duplicates: 0 });
    }
    const health = await fetch(`http://127.0.0.1:${efficiency.healthPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'efficiency-office', lag: 0, consumer: { handled: published, deadLettered: 0 } });
  });
});
