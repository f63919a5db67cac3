import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore, verifyPostgresEventLog } from '@gov/event-store';
import { PUBLISHED_CASE_EVENT_TYPES } from '@gov/messaging';
import { waitFor } from '@gov/messaging/testing/wait-for';
import { openReadModelStore } from '@gov/projections';
import { createProjector } from '../../apps/engine/src/infrastructure/infrastructure.module';
import { bearer, principalFor } from '../support/auth';
import { describeWithOwnBroker } from './own-broker';

/**
 * The distributed topology as processes (the built dist/, as in production), all on one
 * PostgreSQL (events, read models, leases, keys, the relay's checkpoint, the consumers' read
 * models) and a Kafka broker of the test's own (the shared one must not be frozen): two API
 * instances the load alternates between, a projector, a watcher and a relay with a standby each,
 * both consumer apps. Under a steady load of receipts: kill -9 the active projector, watcher and
 * relay in turn, one API instance, one consumer (started again); SIGSTOP the broker for 30 s.
 * Then every acknowledged command is in the log exactly once, the read models equal a rebuild,
 * each consumer's figures equal the log's, and the audit chain is intact.
 */
const DIST = path.resolve(__dirname, '../../dist/apps');
const POSTGRES_URL = process.env.POSTGRES_URL as string;
const LEASE_TTL_MS = 1500;
const BROKER_FROZEN_MS = 30_000;
const RECEIPT = { itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'] };

type App = 'api' | 'projector' | 'watcher' | 'relay' | 'efficiency-office' | 'discipline';

interface Running {
  readonly name: string;
  readonly app: App;
  readonly port: number;
  readonly child: ChildProcess;
  readonly log: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(port: number, route: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`GET ${route}: ${response.status}`);
  return response.json();
}

describeWithOwnBroker('the distributed topology on PostgreSQL and Kafka, broken under load', (broker) => {
  const tag = randomBytes(4).toString('hex');
  const schema = { events: `topo_${tag}_events`, readModels: `topo_${tag}`, efficiency: `topo_${tag}_efficiency`, discipline: `topo_${tag}_discipline` };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-topology-'));
  const running: Running[] = [];
  let admin: Pool;

  const sharedEnv = () => ({
    DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'true', LEASE_TTL_MS: String(LEASE_TTL_MS),
    EVENT_STORE: 'postgres', EVENT_STORE_URL: POSTGRES_URL, EVENT_STORE_SCHEMA: schema.events,
    READ_MODELS: 'postgres', READ_MODELS_URL: POSTGRES_URL, READ_MODELS_SCHEMA: schema.readModels, READ_MODELS_POOL_SIZE: '4', EVENT_STORE_POOL_SIZE: '4',
    PERSONAL_DATA_KEYS_URL: POSTGRES_URL,
    KAFKA_BROKERS: broker().brokers.join(','), KAFKA_TOPIC_PREFIX: `topo-${tag}-`, KAFKA_TOPIC_PARTITIONS: '3', KAFKA_SESSION_TIMEOUT_MS: '6000',
    RELAY_POLL_INTERVAL_MS: '100',
  });

  async function start(app: App, name: string, env: Record<string, string> = {}): Promise<Running> {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(DIST, app, 'src/main.js')], {
      env: { ...process.env, ...sharedEnv(), PORT: String(port), HEALTH_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    const keep = (chunk: Buffer) => {
      log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      log.splice(0, Math.max(0, log.length - 30));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const started = { name, app, port, child, log };
    running.push(started);
    return started;
  }

  async function healthy(part: Running, route = '/health'): Promise<void> {
    await waitFor(`${part.name} to answer ${route}`, async () => {
      if (part.child.exitCode !== null) throw new Error(`${part.name} exited ${part.child.exitCode}:\n${part.log.join('\n')}`);
      return getJson(part.port, route).then(() => true, () => false);
    }, 90_000, 200);
  }

  function kill(part: Running, signal: NodeJS.Signals = 'SIGKILL'): void {
    part.child.kill(signal);
  }

  /** The pid of the process holding a lease: its owner is host/pid/random. */
  async function leaseHolderPid(name: 'projector' | 'watcher'): Promise<number | undefined> {
    const { rows } = await admin.query(`SELECT owner, expires_at FROM ${schema.readModels}.leases WHERE name = $1`, [name]);
    return rows[0] ? Number(String(rows[0].owner).split('/')[1]) : undefined;
  }

  beforeAll(async () => {
    admin = new Pool({ connectionString: POSTGRES_URL, max: 2 });
  });

  afterAll(async () => {
    for (const part of running) if (part.child.exitCode === null && part.child.signalCode === null) part.child.kill('SIGKILL');
    await sleep(500);
    for (const name of Object.values(schema)) await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('acknowledges each command exactly once, projects what a rebuild projects, feeds the consumers the log, and keeps the chain intact', async () => {
    expect(fs.existsSync(path.join(DIST, 'api/src/main.js'))).toBe(true); // `npm test` builds first
    // The first API instance makes the data directory's secrets (token key, master key) the others then read.
    const api1 = await start('api', 'api-1');
    await healthy(api1, '/ready');
    const api2 = await start('api', 'api-2');
    const projectors = [await start('projector', 'projector-a'), await start('projector', 'projector-b')];
    const watchers = [await start('watcher', 'watcher-a'), await start('watcher', 'watcher-b')];
    const relays = [await start('relay', 'relay-a'), await start('relay', 'relay-b')];
    const consumerEnv = (app: 'efficiency-office' | 'discipline') => ({
      CONSUMER_DATABASE_URL: POSTGRES_URL, CONSUMER_SCHEMA: app === 'discipline' ? schema.discipline : schema.efficiency,
      KAFKA_GROUP_ID: `topo-${tag}-${app}`,
    });
    let efficiency = await start('efficiency-office', 'efficiency-office', consumerEnv('efficiency-office'));
    const discipline = await start('discipline', 'discipline', consumerEnv('discipline'));
    for (const part of [api2, ...projectors, ...watchers]) await healthy(part, '/health');
    for (const part of [...relays, efficiency, discipline]) await healthy(part);
    await waitFor('a projector and a watcher to hold their leases', async () => (await leaseHolderPid('projector')) && (await leaseHolderPid('watcher')), 30_000);

    // The load: receipts, each with its own Idempotency-Key, alternating between the API instances; a
    // failed or lost answer is sent again with the same key to the next instance, until one acknowledges it.
    const authorization = await bearer(dataDir, principalFor('window-staff', {}, RECEIPT));
    const apis = [api1, api2];
    const acknowledged = new Map<string, string>();
    let retries = 0;
    let loading = true;
    let sent = 0;
    const worker = async (id: number) => {
      for (let n = 0; loading; n += 1) {
        const key = `topo-${tag}-${id}-${n}`;
        for (let attempt = 0; ; attempt += 1) {
          const alive = apis.filter((api) => api.child.exitCode === null && api.child.signalCode === null);
          const api = alive[(sent++) % alive.length];
          try {
            const response = await fetch(`http://127.0.0.1:${api.port}/api/cases`, {
              method: 'POST', body: JSON.stringify(RECEIPT), signal: AbortSignal.timeout(10_000),
              headers: { 'content-type': 'application/json', authorization, 'idempotency-key': key },
            });
            if (response.status === 201) {
              acknowledged.set(key, ((await response.json()) as { caseNo: string }).caseNo);
              break;
            }
            if (response.status < 500 && response.status !== 429) throw new Error(`receipt ${key}: ${response.status} ${await response.text()}`);
          } catch (error) {
            if ((error as Error).message.startsWith('receipt')) throw error;
          }
          retries += 1;
          if (attempt > 100) throw new Error(`receipt ${key} never acknowledged`);
          await sleep(100);
        }
        await sleep(25);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    const steady = async () => {
      const before = acknowledged.size;
      await sleep(2500);
      expect(acknowledged.size).toBeGreaterThan(before);
    };

    await steady();
    const byPid = (pid: number | undefined) => running.find((part) => part.child.pid === pid);
    for (const role of ['projector', 'watcher'] as const) {
      const holder = byPid(await leaseHolderPid(role));
      expect(holder?.app).toBe(role);
      kill(holder as Running);
      await waitFor(`the standby ${role} to take the lease`, async () => {
        const pid = await leaseHolderPid(role);
        return pid !== undefined && pid !== holder?.child.pid;
      }, 30_000, 100);
      await steady();
    }
    const activeRelay = await waitFor('an active relay', async () => {
      for (const relay of relays) if ((await getJson(relay.port, '/health').catch(() => ({}))).active) return relay;
      return undefined;
    });
    kill(activeRelay);
    const standbyRelay = relays.find((relay) => relay !== activeRelay) as Running;
    await waitFor('the standby relay to become active', async () => (await getJson(standbyRelay.port, '/health')).active === true, 30_000, 100);
    await steady();
    kill(api2);
    await steady();
    kill(efficiency);
    await sleep(500);
    efficiency = await start('efficiency-office', 'efficiency-office-2', consumerEnv('efficiency-office'));
    await healthy(efficiency);
    await steady();
    broker().signal('SIGSTOP');
    try {
      await sleep(BROKER_FROZEN_MS);
    } finally {
      broker().signal('SIGCONT');
    }
    await steady();
    loading = false;
    await load;

    // Everything settles: the read models at the log's head, the relay and both consumers through it.
    const store = await PostgresEventStore.open({ connectionString: POSTGRES_URL, schema: schema.events, poolSize: 2, listen: false });
    try {
      const head = await store.headPosition();
      const log = await store.readAll({ after: 0, limit: 1_000_000 });
      expect(log.at(-1)?.position).toBe(head);
      await waitFor('the read models to reach the head', async () => {
        const { rows } = await admin.query(`SELECT position FROM ${schema.readModels}.checkpoints WHERE name = 'read-models'`);
        return Number(rows[0]?.position) === head;
      }, 60_000, 200);
      await waitFor('the relay to publish the head', async () => (await getJson(standbyRelay.port, '/health')).lag === 0, 60_000, 200);
      const published = log.filter((event) => PUBLISHED_CASE_EVENT_TYPES.has(event.type)).length;
      const processed = async (name: string) => Number((await admin.query(`SELECT COUNT(*) AS n FROM ${name}.processed_events`)).rows[0].n);
      await waitFor('both consumers to hold every published event', async () =>
        (await processed(schema.efficiency)) === published && (await processed(schema.discipline)) === published, 120_000, 500);

      // Every acknowledged receipt exactly once in the log (a retried one too), and no receipt that was not acknowledged.
      const received = log.filter((event) => event.type === 'CaseReceived');
      const caseNos = received.map((event) => (event.data as { caseNo: string }).caseNo);
      expect(new Set(caseNos).size).toBe(caseNos.length);
      expect(caseNos.sort()).toEqual([...acknowledged.values()].sort());
      expect(acknowledged.size).toBeGreaterThan(50);

      // The read models equal a rebuild from the log into a fresh schema, table by table.
      const rebuiltSchema = `topo_${tag}_rebuilt`;
      Object.assign(schema, { rebuilt: rebuiltSchema });
      const rebuilt = await openReadModelStore({ kind: 'postgres', connectionString: POSTGRES_URL, schema: rebuiltSchema, poolSize: 2 });
      try {
        await (await createProjector(store, rebuilt)).catchUp();
      } finally {
        await rebuilt.close();
      }
      const { rows: tables } = await admin.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT IN ('checkpoints', 'leases') ORDER BY table_name`, [rebuiltSchema]);
      expect(tables.length).toBeGreaterThan(5);
      // calendar_changes is also the watcher's queue: its `processed` mark is the watcher's, not the log's.
      const columnsOf = (table: string) => (table === 'calendar_changes' ? 'position, year' : '*');
      const differing: string[] = [];
      for (const { table_name: table } of tables) {
        const [live, again] = [`SELECT ${columnsOf(table)} FROM ${schema.readModels}.${table}`, `SELECT ${columnsOf(table)} FROM ${rebuiltSchema}.${table}`];
        const { rows } = await admin.query(`SELECT COUNT(*) AS n FROM ((${live} EXCEPT ALL ${again}) UNION ALL (${again} EXCEPT ALL ${live})) differences`);
        if (Number(rows[0].n) > 0) differing.push(`${table}: ${rows[0].n} rows`);
      }
      expect(differing).toEqual([]);

      // Each consumer's figures are the log's: the efficiency office knows every received case, once.
      const { rows: consumerCases } = await admin.query(`SELECT case_no FROM ${schema.efficiency}.cases ORDER BY case_no`);
      expect(consumerCases.map((row) => row.case_no)).toEqual(log.filter((event) => event.type === 'CaseReceived')
        .map((event) => (event.data as { caseNo: string }).caseNo).sort());

      // The tamper-evident record is intact across every process that appended.
      const audit = await verifyPostgresEventLog({ connectionString: POSTGRES_URL, schema: schema.events });
      expect(audit.findings).toEqual([]);
      expect(audit).toMatchObject({ intact: true, eventsChecked: head });
      process.stdout.write(`topology: ${acknowledged.size} receipts acknowledged (${retries} retries), ${head} events, ${published} published\n`);
    } finally {
      await store.close();
    }
  }, 300_000);
});
