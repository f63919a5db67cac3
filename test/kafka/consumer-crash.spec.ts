import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ActiveSubscription, CaseEventTypes, createKafka, IdempotentReadModelConsumer, KafkaIntegrationEventSubscriber, openConsumerDb, RunningConsumerApp,
  startConsumerApp,
} from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, storedHistories } from '@gov/messaging/testing/case-store';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { efficiencyOfficeApp } from '../../apps/efficiency-office/src/efficiency-office.app';
import { cardCounts, efficiencyOfficeReadModel, openOverdueCases } from '../../apps/efficiency-office/src/efficiency-office.read-model';
import { casesOutOfOrder, expectedCardCounts, expectedOpenOverdue, processedCount, publishedIds } from './expected-read-models';
import { consumerConfig, FAST_RETRY, testLogger, useStoreScene } from './kafka-harness';
import { describeWithKafka } from './kafka-test-env';

/**
 * A consumer dies between storing effects and committing their offsets (as under kill -9:
 * no commit, no goodbye to the group; here it hangs and stops heartbeating, which the group
 * coordinator cannot tell apart). Its successor in the group gets those messages again and
 * must neither lose nor double anything.
 */
describeWithKafka('a consumer that dies before committing', (env) => {
  const scene = useStoreScene('gov-kafka-crash-');
  let successor: RunningConsumerApp | undefined;
  /** Lets the dead member go; it is out of the group by then, so nothing it does counts. */
  let release: (() => Promise<void>) | undefined;

  it('is replaced by a new member that redoes nothing twice and loses nothing', async () => {
    const settings = env().freshSettings('consumer-crash');
    const { store, dataDir } = scene;
    const config = consumerConfig(settings, dataDir, 'efficiency-office');
    const cases = planCases(36);
    const relay = scene.startRelay(settings);
    // Stopped before the relay, the dead member first.
    scene.stopAfter({ stop: async () => { await release?.(); await successor?.stop(); } });
    await appendCases(store, cases);
    // Everything is on the topic first, so the doomed member's first fetch brings whole partitions.
    await relay.relay.caughtUp();
    const histories = await storedHistories(store, cases);
    const published = publishedIds(histories).length;

    // The doomed member: the app's read model on the app's file, through the same subscriber.
    fs.mkdirSync(config.dataDir, { recursive: true });
    const doomedDb = openConsumerDb(path.join(config.dataDir, 'efficiency-office.sqlite'));
    const doomedReadModel = new IdempotentReadModelConsumer(doomedDb, efficiencyOfficeReadModel);
    const death: { kill?: (error: Error) => void } = {};
    let handled = 0;
    const doomed: ActiveSubscription = await new KafkaIntegrationEventSubscriber(createKafka(settings, testLogger('doomed')), settings, {
      logger: testLogger('doomed'), retry: FAST_RETRY, sessionTimeoutMs: config.sessionTimeoutMs,
    }).subscribe({ group: config.group, channels: ['cases'] }, async (event) => {
      doomedReadModel.handle(event);
      handled += 1;
      // The effect of this red card is stored; the batch it came in never gets committed.
      if (event.type === CaseEventTypes.overdue && handled > 20 && !death.kill) await new Promise<void>((_, reject) => (death.kill = reject));
    });
    release = async () => {
      const gone = doomed.stop();
      death.kill?.(new Error('killed'));
      await gone;
      doomedDb.close();
    };
    await waitFor('the doomed member to hang after storing effects', () => death.kill);
    const storedBeforeDeath = processedCount(doomedDb);

    successor = await startConsumerApp(efficiencyOfficeApp, config, testLogger('successor'));
    await waitFor('the successor to finish', () => processedCount(successor!.db) === published, 60_000);
    await waitFor('the group to have committed everything', async () => (await successor!.lag()) === 0);

    const { readModel } = await successor.health();
    expect(storedBeforeDeath).toBeGreaterThan(20);
    expect(readModel.applied).toBe(published - storedBeforeDeath);
    // Messages whose effects the dead member stored came again, and were recognised.
    expect(readModel.duplicates).toBeGreaterThan(0);
    expect(cardCounts(successor.db, 'department')).toEqual(expectedCardCounts(cases, 'department'));
    expect(cardCounts(successor.db, 'window')).toEqual(expectedCardCounts(cases, 'window'));
    expect(openOverdueCases(successor.db).map((row) => row.caseNo).sort()).toEqual(expectedOpenOverdue(cases));
    expect(casesOutOfOrder(successor.db, histories)).toEqual([]);
  }, 90_000);
});
