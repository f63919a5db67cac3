import { topicFor } from '@gov/messaging';
import { bearer } from '../support/auth';
import { childrenOf, ClusteredEngine, freePort, request, startClustered, until } from '../support/clustered-engine';
import { removeDataDir, tempDataDir } from '../support/engine';
import { describeWithKafka } from './kafka-test-env';

/**
 * `API_PROCESSES=2 MESSAGING=kafka npm start`: the all-in-one engine's relay module runs in no
 * API process there, so the primary forks the relay (apps/relay) as a fifth part: the receipt
 * an API process commits reaches the cases topic, and the relay serves its metrics on its
 * HEALTH_PORT as when it runs alone.
 */
describeWithKafka('API_PROCESSES=2 with MESSAGING=kafka: the relay is one of the parts', (env) => {
  const dataDir = tempDataDir();
  let engine: ClusteredEngine | undefined;
  afterAll(async () => {
    if (engine?.child.exitCode === null) engine.child.kill('SIGKILL');
    await engine?.exited;
    removeDataDir(dataDir);
  });

  it('publishes what the API processes commit, and stops with the rest', async () => {
    const settings = env().freshSettings('gov-cluster-relay');
    const healthPort = await freePort();
    engine = await startClustered(dataDir, {
      MESSAGING: 'kafka', KAFKA_BROKERS: settings.brokers.join(','), KAFKA_TOPIC_PREFIX: settings.topicPrefix, HEALTH_PORT: String(healthPort),
    });
    const pid = engine.child.pid as number;
    await until(() => childrenOf(pid).length === 5, 15_000, 'expected two API processes, a projector, a watcher and the relay');

    const clerk = await bearer(dataDir, { subject: 'clerk', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    const received = await request(engine, 'POST', '/api/cases', clerk,
      { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '张三' }, materials: ['申请书'] });
    expect(received.status).toBe(201);
    const admin = await env().admin();
    try {
      const published = async () => (await admin.fetchTopicOffsets(topicFor('cases', settings))).reduce((sum, partition) => sum + Number(partition.high), 0);
      await until(async () => (await published().catch(() => 0)) > 0, 20_000, 'nothing reached the cases topic');
    } finally {
      await admin.disconnect();
    }
    const relayMetrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    expect(relayMetrics).toMatch(/^gov_relay_active(\{[^}]*\})? 1$/m);

    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
    expect(childrenOf(pid)).toEqual([]);
  });
});
