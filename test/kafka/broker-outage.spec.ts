import { Kafka, logLevel } from 'kafkajs';
import { KafkaSettings, MessagingLogger, topicFor } from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, storedHistories } from '@gov/messaging/testing/case-store';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { efficiencyOfficeApp } from '../../apps/efficiency-office/src/efficiency-office.app';
import { disciplineApp } from '../../apps/discipline/src/discipline.app';
import { casesOutOfOrder, expectedReadModels, processedCount, publishedIds, readModelsOf } from './expected-read-models';
import { testLogger, useStoreScene } from './kafka-harness';
import { describeWithOwnBroker } from './own-broker';

async function messagesOn(settings: KafkaSettings, topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'outage-check', brokers: [...settings.brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The broker goes down (killed, as in a crash) while the relay publishes, stays down while
 * commands go on being stored, and comes back on the same data. The relay stalls and then
 * resumes from its checkpoint; the consumers reconnect by themselves.
 */
describeWithOwnBroker('a broker outage while the relay publishes', (broker) => {
  const scene = useStoreScene('gov-kafka-outage-');

  it('loses nothing and doubles nothing in the read models', async () => {
    const settings: KafkaSettings = { brokers: broker().brokers, clientId: 'outage', topicPrefix: 'outage-', topicPartitions: 3, replicationFactor: 1 };
    const failedPublishes: string[] = [];
    const quiet = testLogger('relay');
    const relayLogger: MessagingLogger = { ...quiet, warn: (message, fields) => {
      if (message.startsWith('publish failed')) failedPublishes.push(String(fields?.error));
      quiet.warn(message, fields);
    } };
    const { store } = scene;
    const relay = scene.startRelay(settings, relayLogger);
    const efficiency = await scene.startConsumer(efficiencyOfficeApp, settings);
    const discipline = await scene.startConsumer(disciplineApp, settings);

    const cases = planCases(54);
    await appendCases(store, cases.slice(0, 18));
    await waitFor('events to flow', () => processedCount(efficiency.db) > 0 && processedCount(discipline.db) > 0);

    // Killed while the relay is publishing the next cases, then more cases while it is down.
    const appending = appendCases(store, cases.slice(18, 36));
    await broker().stop('SIGKILL');
    await appending;
    await appendCases(store, cases.slice(36));
    await waitFor('the relay to find the broker down', () => failedPublishes.length > 0);
    const head = await store.headPosition();
    expect(relay.relay.status().checkpoint).toBeLessThan(head);

    await broker().restart();
    const histories = await storedHistories(store, cases);
    const published = publishedIds(histories).length;
    await waitFor('both read models to catch up', () => processedCount(efficiency.db) === published && processedCount(discipline.db) === published, 120_000);
    await waitFor('both groups to have committed everything', async () => (await efficiency.lag()) === 0 && (await discipline.lag()) === 0, 30_000);

    expect(relay.relay.status().checkpoint).toBe(head);
    // Sent again as the same batch, through the same idempotent producer: nothing twice on the bus either.
    expect(await messagesOn(settings, topicFor('cases', settings))).toBe(published);
    expect(readModelsOf(efficiency.db, discipline.db)).toEqual(expectedReadModels(cases));
    expect([casesOutOfOrder(efficiency.db, histories), casesOutOfOrder(discipline.db, histories)]).toEqual([[], []]);
    for (const app of [efficiency, discipline]) expect((await app.health()).readModel.applied).toBe(published);
  }, 180_000);
});
