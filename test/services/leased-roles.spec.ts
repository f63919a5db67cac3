import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { openReadModelStore, readCheckpoint as checkpointIn, type ReadModelStore } from '@gov/projections';
import type { ReadModelsConfig } from '../../apps/engine/src/config/engine.config';
import { bearer } from '../support/auth';
import { removeDataDir, tempDataDir } from '../support/engine';
import { readModelsUnderTest } from '../support/read-model-configs';
import { caseRowsIn, rebuildFromZero } from '../support/rebuild-from-zero';

/**
 * The distributed roles as built processes on one DATA_DIR (`npm test` builds dist/ first;
 * SERVICES_DIST points elsewhere): an API, two projectors and two watchers. Exactly one
 * projector and one watcher are active; kill -9 of the active one hands its lease to the
 * other within the lease time, and it goes on from the stored checkpoint; a projector paused
 * (SIGSTOP) past its lease and then resumed writes nothing more. The read models end equal to
 * a rebuild from zero: nothing was projected twice, nothing was missed. Once with the read
 * models (and the leases) in DATA_DIR's SQLite file, once in PostgreSQL (READ_MODELS=postgres).
 */
const DIST = process.env.SERVICES_DIST ?? path.resolve(__dirname, '../../dist');
const LEASE_TTL_MS = 2_000;
/** A standby retries every min(2 s, TTL/2): it has the lease at most one retry after the expiry, plus a slow machine's margin. */
const TAKEOVER_WITHIN_MS = LEASE_TTL_MS + LEASE_TTL_MS / 2 + 2_000;

interface Running {
  readonly role: string;
  readonly child: ChildProcess;
  readonly port: number;
  readonly lines: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The settings that put a process's read models where `readModels` says. */
function readModelsEnv(readModels: ReadModelsConfig): NodeJS.ProcessEnv {
  if (readModels.kind === 'sqlite') return {};
  return { READ_MODELS: 'postgres', READ_MODELS_URL: readModels.connectionString, READ_MODELS_SCHEMA: readModels.schema, READ_MODELS_POOL_SIZE: '4' };
}

/** The read models the processes served, opened with the store they used. */
function openServed(dataDir: string, readModels: ReadModelsConfig): Promise<ReadModelStore> {
  return openReadModelStore(readModels.kind === 'sqlite' ? { kind: 'sqlite', file: path.join(dataDir, 'read-models.sqlite') } : readModels);
}

async function startRole(role: 'api' | 'projector' | 'watcher', dataDir: string, readModels: ReadModelsConfig): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, 'apps', role, 'src', 'main.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', LEASE_TTL_MS: String(LEASE_TTL_MS),
      ...readModelsEnv(readModels) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const split = text.split('\n');
    partial = split.pop() ?? '';
    lines.push(...split.map((line) => messageOf(line)));
  });
  const running = { role, child, port, lines };
  await until(async () => (await get(running, '/health'))?.ok === true, 30_000, `${role} did not become healthy`);
  return running;
}

function messageOf(line: string): string {
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
  } catch {
    return line;
  }
}

async function get(running: Running, url: string, headers: Record<string, string> = {}): Promise<Response | null> {
  try {
    return await fetch(`http://127.0.0.1:${running.port}${url}`, { headers, signal: AbortSignal.timeout(2_000) });
  } catch {
    return null;
  }
}

async function leaseActive(running: Running): Promise<number | null> {
  const response = await get(running, '/metrics');
  if (!response?.ok) return null;
  const match = /^gov_lease_active\{lease="\w+"\} (\d)$/m.exec(await response.text());
  return match ? Number(match[1]) : null;
}

async function until(check: () => Promise<boolean> | boolean, withinMs: number, message: string): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < withinMs) {
    if (await check()) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(message);
}

/** The one of `pair` whose lease is active, after checking that exactly one is. */
async function theActiveOne(pair: readonly Running[]): Promise<Running> {
  let active: Running[] = [];
  await until(async () => {
    const states = await Promise.all(pair.map(leaseActive));
    active = pair.filter((_, i) => states[i] === 1);
    return active.length === 1 && states.every((state) => state !== null);
  }, 15_000, `exactly one ${pair[0].role} should be active`);
  return active[0];
}

const exited = (child: ChildProcess) =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

const receipt = { itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'] };

describe.each(readModelsUnderTest())('leased roles: one active projector and one active watcher per store, read models on $name', (store) => {
  const dataDir = tempDataDir();
  const readModels = store.config();
  const running: Running[] = [];
  afterAll(async () => {
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await Promise.all(running.map((service) => exited(service.child)));
    removeDataDir(dataDir);
    await store.dropAll();
  });
  const start = (role: 'api' | 'projector' | 'watcher') => startRole(role, dataDir, readModels);
  const servedCheckpoint = async () => {
    const served = await openServed(dataDir, readModels);
    try {
      return await checkpointIn(served.db, 'read-models');
    } finally {
      await served.close();
    }
  };

  it('fails over on kill -9 within the lease time, from the checkpoint, and fences a paused holder', async () => {
    expect(fs.existsSync(path.join(DIST, 'apps/projector/src/main.js'))).toBe(true); // `npm test` builds first
    const api = await start('api');
    running.push(api);
    const clerk = await bearer(dataDir, { subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: receipt.windowId });
    const admin = { authorization: await bearer(dataDir, { subject: 'admin', role: 'center-admin' }) };
    let received = 0;
    const receive = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const response = await fetch(`http://127.0.0.1:${api.port}/api/cases`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: clerk }, body: JSON.stringify(receipt), signal: AbortSignal.timeout(10_000),
        });
        expect(response.status).toBe(201);
        received++;
      }
    };
    const projectedEverything = () => until(async () => {
      const ready = (await (await get(api, '/ready'))?.json()) as { details?: { readModels?: { lag?: number } } } | undefined;
      return ready?.details?.readModels?.lag === 0;
    }, 15_000, 'the read models did not reach the head');

    const projectors = [await start('projector'), await start('projector')];
    const watchers = [await start('watcher'), await start('watcher')];
    running.push(...projectors, ...watchers);
    const first = await theActiveOne(projectors);
    const firstWatcher = await theActiveOne(watchers);
    const second = projectors.find((p) => p !== first)!;
    expect(second.lines).toContainEqual(expect.stringMatching(/^lease projector is held by .*; standing by$/));

    await receive(5);
    await projectedEverything();
    const checkpointAtKill = await servedCheckpoint();

    // kill -9: no release, so the standby waits for the expiry.
    first.child.kill('SIGKILL');
    await exited(first.child);
    const receiving = receive(5);
    const tookOverIn = await until(async () => (await leaseActive(second)) === 1, TAKEOVER_WITHIN_MS, 'the standby projector did not take over in time');
    expect(tookOverIn).toBeLessThan(TAKEOVER_WITHIN_MS);
    // The gauge flips when the lease is taken; the line follows once the checkpoint is read.
    const resumed = () => second.lines.map((line) => /^projecting from checkpoint (\d+)$/.exec(line)).find(Boolean);
    await until(() => resumed() !== undefined, 5_000, 'the new projector did not say where it resumes');
    const resumedFrom = resumed();
    expect(Number(resumedFrom?.[1])).toBeGreaterThanOrEqual(checkpointAtKill);
    await receiving;
    await projectedEverything();

    firstWatcher.child.kill('SIGKILL');
    await exited(firstWatcher.child);
    const otherWatcher = watchers.find((w) => w !== firstWatcher)!;
    await until(async () => (await leaseActive(otherWatcher)) === 1, TAKEOVER_WITHIN_MS, 'the standby watcher did not take over in time');

    // A holder paused past its lease (SIGSTOP) while a new standby takes over, then resumed.
    const third = await start('projector');
    running.push(third);
    expect(await leaseActive(third)).toBe(0);
    second.child.kill('SIGSTOP');
    await until(async () => (await leaseActive(third)) === 1, TAKEOVER_WITHIN_MS, 'the standby did not take over from the paused holder');
    await receive(5);
    await projectedEverything();
    second.child.kill('SIGCONT');
    await until(async () => (await leaseActive(second)) === 0, 10_000, 'the resumed holder did not notice it lost the lease');
    await until(() => second.lines.some((line) => /^lost lease projector generation \d+/.test(line)), 5_000, 'the resumed holder did not say it lost the lease');
    await receive(5);
    await projectedEverything();
    expect(await leaseActive(third)).toBe(1);

    const served = (await (await fetch(`http://127.0.0.1:${api.port}/api/reports/center?from=2000-01-01&to=2100-12-31`, { headers: admin })).json()) as { center: unknown };
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGTERM');
    await Promise.all(running.map((service) => exited(service.child)));

    const servedStore = await openServed(dataDir, readModels);
    const servedRows = await caseRowsIn(servedStore).finally(() => servedStore.close());
    expect(servedRows).toHaveLength(received);
    const rebuilt = await rebuildFromZero(path.join(dataDir, 'events.sqlite'), path.join(dataDir, 'rebuilt.sqlite'));
    expect(rebuilt.rows).toEqual(servedRows);
    expect(rebuilt.centerFigures).toEqual(served.center);
  }, 150_000);
});
