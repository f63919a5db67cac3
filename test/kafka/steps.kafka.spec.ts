import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { CaseEventTypes, headerText, parseCaseEventV1, Relay, topicFor } from '@gov/messaging';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { DEMO_ITEMS } from '../../apps/engine/src/bootstrap/demo-catalog';
import { efficiencyOfficeEffects } from '../../apps/efficiency-office/src/efficiency-office.effects';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { postOnRoster } from '../support/roster';
import { describeWithKafka } from './kafka-test-env';

const item = DEMO_ITEMS.find((i) => i.terms.category === 'promised' && i.terms.departmentId === 'scjg')!;
const steps = [
  { id: 'acceptance', name: '受理', kind: 'acceptance', role: 'window-staff', limitDays: 0, remoteAllowed: false },
  { id: 'review', name: '审查', kind: 'review', role: 'reviewer', limitDays: 2, remoteAllowed: true },
  { id: 'decision', name: '决定', kind: 'decision', role: 'approver', limitDays: 1, remoteAllowed: true },
  { id: 'delivery', name: '送达', kind: 'delivery', role: 'window-staff', limitDays: 0, remoteAllowed: false },
];

/** Step events (issue 24) on the real broker: added v1 types on the `cases` topic, in order with the case's own, read by the efficiency office's effects. */
describeWithKafka('step events on the cases topic', (env) => {
  let engine: TestEngine | undefined;
  const prefixBefore = process.env.KAFKA_TOPIC_PREFIX;
  afterEach(async () => {
    await engine?.close();
    if (engine) removeDataDir(engine.dataDir);
    if (prefixBefore === undefined) delete process.env.KAFKA_TOPIC_PREFIX;
    else process.env.KAFKA_TOPIC_PREFIX = prefixBefore;
  });

  it('publishes a review returned once, each step in order under the case key, without the reasons', async () => {
    const settings = env().freshSettings('engine-steps');
    process.env.KAFKA_TOPIC_PREFIX = settings.topicPrefix;
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z', config: { messaging: 'kafka', kafkaBrokers: env().brokers } });
    expect((await engine.request('PUT', `/api/catalog/items/${item.code}`, { ...item.terms, steps, reason: '流程再造' })).status).toBe(200);
    // The decision step is claimed by an approver on the roster, authorized for the item (decision 0087).
    await postOnRoster(engine, { staffId: 'head-1', departmentId: 'scjg', windowId: 'w-scjg', itemCodes: [item.code], grantedBy: 'head-1' });
    const as = async (subject: string, role: 'window-staff' | 'department-head') =>
      ({ authorization: await engine!.authorization({ subject, role, departmentId: 'scjg', windowId: role === 'window-staff' ? 'w-scjg' : undefined }) });
    const [clerk, reviewer, head] = [await as('clerk-1', 'window-staff'), await as('rev-1', 'window-staff'), await as('head-1', 'department-head')];
    const { body: { caseNo } } = await engine.request('POST', '/api/cases', {
      itemCode: item.code, channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '冯二' }, materials: ['申请书'],
    }, clerk);
    const step = (action: string, stepId: string, body: object, caller: Record<string, string>) =>
      engine!.request('POST', `/api/cases/${caseNo}/steps/${stepId}/${action}`, body, caller);
    expect((await step('claim', 'review', {}, reviewer)).status).toBe(200);
    expect((await step('complete', 'review', { opinion: 'agree' }, reviewer)).status).toBe(200);
    expect((await step('claim', 'decision', {}, head)).status).toBe(200);
    expect((await step('return', 'decision', { toStepId: 'review', reason: '冯二的经营场所未核实' }, head)).status).toBe(200);

    const relay = engine.app.get(Relay);
    await waitFor('the relay to be active', () => relay.status().active);
    await relay.caughtUp();
    // Received, acceptance started and completed, review started and completed, decision started and returned, review started again.
    const messages = await firstMessages(env().brokers, topicFor('cases', settings), 8);
    const ofCase = messages.filter((m) => m.key?.toString() === `case-${caseNo}`);
    expect(ofCase.map((m) => headerText(m.headers, 'ce_type'))).toEqual([
      CaseEventTypes.received, CaseEventTypes.stepStarted, CaseEventTypes.stepCompleted, CaseEventTypes.stepStarted, CaseEventTypes.stepCompleted,
      CaseEventTypes.stepStarted, CaseEventTypes.stepReturned, CaseEventTypes.stepStarted,
    ]);
    const events = ofCase.map((m) => ({
      id: headerText(m.headers, 'ce_id')!, type: headerText(m.headers, 'ce_type')!, source: headerText(m.headers, 'ce_source')!,
      subject: headerText(m.headers, 'ce_subject')!, time: headerText(m.headers, 'ce_time')!, key: m.key!.toString(), channel: 'cases',
      data: JSON.parse(m.value!.toString()) as object,
    }));
    for (const event of events) expect(parseCaseEventV1(event as never)).toBeDefined();
    expect(events[6]!.data).toMatchObject({ caseNo, stepId: 'decision', toStepId: 'review', staffId: 'head-1' });
    expect(efficiencyOfficeEffects(events[6] as never)).toEqual([expect.objectContaining({ kind: 'step-noted', note: 'returned', stepId: 'decision' })]);
    const wire = ofCase.map((m) => m.value?.toString() ?? '').join('\n');
    for (const secret of ['冯二', '经营场所未核实']) expect(wire).not.toContain(secret);
  });
});

async function firstMessages(brokers: readonly string[], topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = new Kafka({ clientId: 'engine-steps-test', brokers: [...brokers], logLevel: logLevel.NOTHING })
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
