import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { CaseEventTypes, headerText, InProcessMessageBus, Relay, topicFor } from '@gov/messaging';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { INTEGRATION_EVENT_PUBLISHER } from '../../apps/engine/src/messaging/messaging.module';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { describeWithKafka } from './kafka-test-env';

const receipt = {
  itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', materials: ['申请书'],
  applicant: { kind: 'person', name: '赵六', idNumber: '110101199003071234', phone: '13800138000' },
};

describe('the engine without Kafka (embedded default)', () => {
  let engine: TestEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    if (engine) removeDataDir(engine.dataDir);
  });

  it('wires the messaging ports in process and starts no relay while nothing subscribes', async () => {
    engine = await startEngine();
    expect((await engine.request('POST', '/api/cases', receipt)).status).toBe(201);
    expect(engine.app.get(INTEGRATION_EVENT_PUBLISHER)).toBeInstanceOf(InProcessMessageBus);
    expect(engine.app.get(Relay).status()).toEqual({ active: false, checkpoint: null });
    expect(fs.existsSync(path.join(engine.dataDir, 'relay.sqlite'))).toBe(false);
  });
});

describeWithKafka('the engine with MESSAGING=kafka', (env) => {
  let engine: TestEngine | undefined;
  const prefixBefore = process.env.KAFKA_TOPIC_PREFIX;
  afterEach(async () => {
    await engine?.close();
    if (engine) removeDataDir(engine.dataDir);
    if (prefixBefore === undefined) delete process.env.KAFKA_TOPIC_PREFIX;
    else process.env.KAFKA_TOPIC_PREFIX = prefixBefore;
  });

  it('runs the relay as a module: a receipt reaches the cases topic as a CloudEvent, without the applicant\'s identity', async () => {
    const settings = env().freshSettings('engine');
    process.env.KAFKA_TOPIC_PREFIX = settings.topicPrefix;
    engine = await startEngine({ config: { messaging: 'kafka', kafkaBrokers: env().brokers } });
    const response = await engine.request('POST', '/api/cases', receipt);
    expect(response.status).toBe(201);
    const caseNo: string = response.body.caseNo;

    const relay = engine.app.get(Relay);
    await waitFor('the relay to be active', () => relay.status().active);
    await relay.caughtUp();
    const [message] = await firstMessages(env().brokers, topicFor('cases', settings), 1);
    expect(message.key?.toString()).toBe(`case-${caseNo}`);
    expect(Object.fromEntries(['ce_specversion', 'ce_type', 'ce_source', 'ce_subject', 'content-type'].map((name) => [name, headerText(message.headers, name)]))).toEqual({
      ce_specversion: '1.0', ce_type: CaseEventTypes.received, ce_source: 'urn:cn:gov:servicecenter:case-engine', ce_subject: caseNo,
      'content-type': 'application/json',
    });
    const [stored] = await engine.store.readStream(`case-${caseNo}`);
    expect(headerText(message.headers, 'ce_id')).toBe(stored.id);
    expect(headerText(message.headers, 'ce_time')).toBe(stored.metadata.occurredAt);
    const value = message.value?.toString() ?? '';
    expect(JSON.parse(value)).toMatchObject({ caseNo, departmentId: 'scjg', windowId: 'w-scjg', itemCode: 'SCJG-003', applicantKind: 'person' });
    for (const secret of ['赵六', '110101199003071234', '13800138000']) expect(value).not.toContain(secret);
    expect(fs.existsSync(path.join(engine.dataDir, 'relay.sqlite'))).toBe(true);
  });
});

async function firstMessages(brokers: readonly string[], topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = new Kafka({ clientId: 'engine-test', brokers: [...brokers], logLevel: logLevel.NOTHING })
    .consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 200 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(`${count} message(s) on ${topic}`, () => messages.length >= count);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
