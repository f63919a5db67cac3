import { Kafka, logLevel } from 'kafkajs';
import {
  CaseEventTypes, createKafka, deadLetterTopicFor, headerText, KafkaIntegrationEventSubscriber, toKafkaMessage, topicFor,
} from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, storedHistories } from '@gov/messaging/testing/case-store';
import { publishedStory } from '@gov/messaging/testing/published-stories';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { efficiencyOfficeApp } from '../../apps/efficiency-office/src/efficiency-office.app';
import { processedCount, publishedIds } from './expected-read-models';
import { FAST_RETRY, readTopic, testLogger, useStoreScene } from './kafka-harness';
import { describeWithKafka } from './kafka-test-env';

describeWithKafka('messages a consumer cannot handle', (env) => {
  const scene = useStoreScene('gov-kafka-dlq-');

  it('go to the dead-letter topic with the reason in their headers, while the rest flows', async () => {
    const settings = env().freshSettings('dead-letter');
    const kafka = new Kafka({ clientId: 'dlq-test', brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
    const topic = topicFor('cases', settings);
    const { store } = scene;
    const relay = scene.startRelay(settings);
    const app = await scene.startConsumer(efficiencyOfficeApp, settings);
    const cases = planCases(12);
    await appendCases(store, cases.slice(0, 6));
    await relay.relay.caughtUp();

    // Between good events: garbage, and a CloudEvent of ours whose payload breaks the contract.
    const broken = toKafkaMessage({ ...publishedStory('ZRZY-BROKEN-1', 'overdue-open')[2], data: { caseNo: 'ZRZY-BROKEN-1', card: 'red' } });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'case-ZRZY-GARBAGE', value: '{"not": "a cloudevent"' }, broken] });
    await producer.disconnect();
    await appendCases(store, cases.slice(6));

    const published = publishedIds(await storedHistories(store, cases)).length;
    await waitFor('the good events to be stored', () => processedCount(app.db) === published);
    await waitFor('the group to be past the poison', async () => (await app.lag()) === 0);
    expect((await app.health()).consumer).toEqual({ handled: published, retried: 0, deadLettered: 2 });

    const letters = await readTopic(kafka, deadLetterTopicFor(topic), 2);
    const byKey = new Map(letters.map((letter) => [letter.key?.toString(), letter]));
    const garbage = byKey.get('case-ZRZY-GARBAGE')!;
    expect(garbage.value?.toString()).toBe('{"not": "a cloudevent"');
    expect(headerText(garbage.headers, 'dlq_reason')).toBe('unprocessable');
    expect(headerText(garbage.headers, 'dlq_error')).toMatch(/missing header ce_specversion/);
    expect(headerText(garbage.headers, 'dlq_original_topic')).toBe(topic);
    expect(headerText(garbage.headers, 'dlq_consumer_group')).toBe(`${settings.topicPrefix}efficiency-office`);
    expect(Number(headerText(garbage.headers, 'dlq_original_offset'))).toBeGreaterThanOrEqual(0);
    const contractBreak = byKey.get('case-ZRZY-BROKEN-1')!;
    expect(headerText(contractBreak.headers, 'dlq_reason')).toBe('unprocessable');
    expect(headerText(contractBreak.headers, 'dlq_error')).toMatch(/field departmentId/);
    expect(headerText(contractBreak.headers, 'ce_type')).toBe(CaseEventTypes.overdue);
  });

  it('retry a failing handler with back-off, and dead-letter an event that keeps failing', async () => {
    const settings = env().freshSettings('keeps-failing');
    const kafka = new Kafka({ clientId: 'dlq-test', brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
    const { store } = scene;
    scene.startRelay(settings);
    const cases = planCases(6);
    await appendCases(store, cases);
    const ids = publishedIds(await storedHistories(store, cases));
    const [flaky, doomed] = [ids[1], ids[4]];
    const attempts = new Map<string, number>();
    const handled = new Set<string>();
    const subscription = scene.stopAfter(await new KafkaIntegrationEventSubscriber(createKafka(settings, testLogger('consumer')), settings, {
      logger: testLogger('consumer'), retry: FAST_RETRY, sessionTimeoutMs: 6_000,
    }).subscribe({ group: `${settings.topicPrefix}failing`, channels: ['cases'] }, (event) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      if (event.id === flaky && attempt < 3) throw new Error('database is locked');
      if (event.id === doomed) throw new Error('read model unavailable');
      handled.add(event.id);
    }));

    await waitFor('every other event to be handled', () => handled.size === ids.length - 1);
    await waitFor('the group to be past the failing event', async () => (await subscription.lag()) === 0);
    expect([attempts.get(flaky), attempts.get(doomed), handled.has(doomed)]).toEqual([3, 5, false]);
    expect(subscription.stats()).toEqual({ handled: ids.length - 1, retried: 2 + 4, deadLettered: 1 });
    const [letter] = await readTopic(kafka, deadLetterTopicFor(topicFor('cases', settings)), 1);
    expect(headerText(letter.headers, 'ce_id')).toBe(doomed);
    expect(headerText(letter.headers, 'dlq_reason')).toBe('retries-exhausted');
    expect(headerText(letter.headers, 'dlq_attempts')).toBe('5');
    expect(headerText(letter.headers, 'dlq_error')).toBe('Error: read model unavailable');
  });
});
