import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { SqliteEventStore } from '@gov/event-store';
import { openConsumerDb, PUBLISHED_CASE_EVENT_TYPES } from '@gov/messaging';
import { planCases } from '@gov/messaging/testing/case-stories';
import { appendCases, openStore, storedHistories, tempDir } from '@gov/messaging/testing/case-store';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { expectedCardCounts } from './expected-read-models';
import { cardCounts } from '../../apps/efficiency-office/src/efficiency-office.read-model';
import { describeWithKafka } from './kafka-test-env';

/**
 * The relay and a consumer as the processes `npm run start:relay` / `start:efficiency-office`
 * start (the built dist/, as in production): configured from the environment, the relay
 * following a store another process writes, and both stopping cleanly on SIGTERM.
 */
const DIST = path.resolve(__dirname, '../../dist/apps');

interface AppProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  health(): Promise<any>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startApp(app: 'relay' | 'efficiency-office', env: NodeJS.ProcessEnv, healthPort: number): AppProcess {
  const child = spawn(process.execPath, [path.join(DIST, app, 'src/main.js')], {
    env: { ...process.env, ...env, HEALTH_PORT: String(healthPort), HOST: '127.0.0.1', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    health: async () => (await fetch(`http://127.0.0.1:${healthPort}/health`)).json(),
  };
}

describeWithKafka('the relay and consumer processes', (env) => {
  let dataDir: string;
  let store: SqliteEventStore;
  const processes: AppProcess[] = [];

  beforeEach(() => {
    dataDir = tempDir('gov-kafka-apps-');
    store = openStore(dataDir);
  });
  afterEach(async () => {
    for (const app of processes.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('relay a store written by another process to a consumer, and stop on SIGTERM having committed', async () => {
    expect(fs.existsSync(path.join(DIST, 'relay/src/main.js'))).toBe(true); // `npm test` builds first
    const settings = env().freshSettings('processes');
    const kafkaEnv = { KAFKA_BROKERS: settings.brokers.join(','), KAFKA_TOPIC_PREFIX: settings.topicPrefix, KAFKA_TOPIC_PARTITIONS: '3' };
    const consumerDir = path.join(dataDir, 'efficiency-office');
    const relay = startApp('relay', { ...kafkaEnv, DATA_DIR: dataDir }, await freePort());
    const consumer = startApp('efficiency-office', { ...kafkaEnv, DATA_DIR: consumerDir, KAFKA_GROUP_ID: `${settings.topicPrefix}efficiency-office` }, await freePort());
    processes.push(relay, consumer);

    const cases = planCases(18);
    await appendCases(store, cases);
    const histories = await storedHistories(store, cases);
    const published = [...histories.values()].flat().filter((event) => PUBLISHED_CASE_EVENT_TYPES.has(event.type)).length;
    await waitFor('the relay to publish the store', async () => (await relay.health()).lag === 0);
    await waitFor('the consumer to handle and commit everything', async () => {
      const health = await consumer.health();
      return health.lag === 0 && health.readModel.applied === published;
    });

    consumer.child.kill('SIGTERM');
    relay.child.kill('SIGTERM');
    expect(await Promise.all([consumer.exited, relay.exited])).toEqual([0, 0]);
    const db = openConsumerDb(path.join(consumerDir, 'efficiency-office.sqlite'));
    try {
      expect(cardCounts(db, 'department')).toEqual(expectedCardCounts(cases, 'department'));
    } finally {
      db.close();
    }
  });
});
