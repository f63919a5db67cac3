import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { topicFor } from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, appendInterleaved, storedHistories } from '@gov/messaging/testing/case-store';
import { COMPLAINANT, COMPLAINT_FREE_TEXT, complaintStreams, planComplaints } from '@gov/messaging/testing/complaint-stories';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { efficiencyOfficeApp } from '../../apps/efficiency-office/src/efficiency-office.app';
import { disciplineApp } from '../../apps/discipline/src/discipline.app';
import {
  casesOutOfOrder, complaintModelsOf, expectedComplaintModels, expectedReadModels, processedCount, publishedIds, readModelsOf,
} from './expected-read-models';
import { readTopic, useStoreScene } from './kafka-harness';
import { describeWithKafka } from './kafka-test-env';

describeWithKafka('event store → relay → Kafka → efficiency office and discipline', (env) => {
  const scene = useStoreScene('gov-kafka-');

  it('consumes each appended event exactly once into each read model, in per-case order', async () => {
    const settings = env().freshSettings('relay-to-consumers');
    const { store } = scene;
    const relay = scene.startRelay(settings);
    const efficiency = await scene.startConsumer(efficiencyOfficeApp, settings, { healthPort: 0 });
    const discipline = await scene.startConsumer(disciplineApp, settings);

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

describeWithKafka('complaints and rectifications → relay → Kafka → discipline', (env) => {
  const scene = useStoreScene('gov-kafka-complaints-');

  it('reach the discipline window on the complaints topic, without the complainant, and not the efficiency office', async () => {
    const settings = env().freshSettings('complaints');
    const { store } = scene;
    scene.startRelay(settings);
    const efficiency = await scene.startConsumer(efficiencyOfficeApp, settings);
    const discipline = await scene.startConsumer(disciplineApp, settings);

    const cases = planCases(6);
    const complaints = planComplaints(36);
    const streams = complaintStreams(complaints);
    await Promise.all([appendCases(store, cases), appendInterleaved(store, streams)]);
    const caseEvents = publishedIds(await storedHistories(store, cases)).length;
    const complaintEvents = streams.reduce((sum, stream) => sum + stream.events.length, 0);

    await waitFor('the discipline window to hold every case and complaint event', () => processedCount(discipline.db) === caseEvents + complaintEvents);
    await waitFor('the efficiency office to hold the case events', () => processedCount(efficiency.db) === caseEvents);
    await waitFor('both groups to have committed everything', async () => (await efficiency.lag()) === 0 && (await discipline.lag()) === 0);

    expect(complaintModelsOf(discipline.db, '2027-01-01T00:00:00.000Z')).toEqual(expectedComplaintModels(complaints));
    expect(readModelsOf(efficiency.db, discipline.db).lateCases).toEqual(expectedReadModels(cases).lateCases);
    const rectifications = discipline.db.prepare('SELECT COUNT(*) FROM rectifications').pluck().get();
    expect(rectifications).toBe(streams.filter((stream) => stream.streamId.startsWith('rectification-')).length);

    // On the wire: every complaint event once, and nothing that names or points to the complainant.
    const kafka = new Kafka({ clientId: 'complaints-check', brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
    const messages = await readTopic(kafka, topicFor('complaints', settings), complaintEvents);
    expect(messages).toHaveLength(complaintEvents);
    const wire = messages.map((message) => `${message.value?.toString()} ${JSON.stringify(message.headers)}`).join('\n');
    for (const secret of [COMPLAINANT.name, COMPLAINANT.contact, COMPLAINANT.idNumber, 'person-', 'sealed:', ...COMPLAINT_FREE_TEXT]) {
      expect(wire).not.toContain(secret);
    }
  });
});
