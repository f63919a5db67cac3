import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { bearer } from '../support/auth';
import { removeDataDir, tempDataDir } from '../support/engine';

/**
 * `API_PROCESSES=2 npm start` as built (`npm test` builds dist/ first): the primary forks two
 * API processes on the engine's port, a projector and a watcher. Each request below goes on
 * a connection of its own, which the primary hands to the API processes in turn, so a case's
 * steps are decided by both: a command finds the case another process wrote, and a read finds
 * what the projector process projected. SIGTERM stops every part; a part that dies stops the
 * engine, non-zero, for the service manager to restart it whole.
 */
const DIST = process.env.SERVICES_DIST ?? path.resolve(__dirname, '../../dist');
const receipt = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '张三' }, materials: ['申请书'] };

interface Engine {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startClustered(dataDir: string): Promise<Engine> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, 'apps', 'engine', 'src', 'main.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', API_PROCESSES: '2', LEASE_TTL_MS: '2000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const engine = { child, port, exited };
  // The primary says so once every API process listens.
  await until(() => /"msg":"engine ready at [^"]*: 2 API processes/.test(output), 60_000, 'the clustered engine did not become ready');
  return engine;
}

/** One request on a connection of its own (no keep-alive): the cluster's primary picks the API process per connection. */
function request(engine: Engine, method: string, url: string, authorization?: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port: engine.port, method, path: url, agent: false, timeout: 10_000,
      headers: { ...(authorization ? { authorization } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((name) => {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

async function until(check: () => Promise<boolean> | boolean, withinMs: number, message: string): Promise<void> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < withinMs) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(message);
}

describe('API_PROCESSES=2: the engine on every core, one port', () => {
  const dataDir = tempDataDir();
  const engines: Engine[] = [];
  afterAll(async () => {
    for (const { child } of engines) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(engines.map((engine) => engine.exited));
    removeDataDir(dataDir);
  });

  it('decides a case on both API processes, projects it in the projector process, and stops whole on SIGTERM', async () => {
    expect(fs.existsSync(path.join(DIST, 'apps/engine/src/main.js'))).toBe(true);
    const engine = await startClustered(dataDir);
    engines.push(engine);
    const pid = engine.child.pid as number;
    await until(() => childrenOf(pid).length === 4, 15_000, 'expected two API processes, a projector and a watcher');

    const clerk = await bearer(dataDir, { subject: 'clerk', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    const caseNos: string[] = [];
    for (let i = 0; i < 4; i++) {
      const received = await request(engine, 'POST', '/api/cases', clerk, receipt);
      expect(received.status).toBe(201);
      const { caseNo } = received.json as { caseNo: string };
      caseNos.push(caseNo);
      // Each step on a new connection: the step after a receipt lands on the other API process.
      expect((await request(engine, 'POST', `/api/cases/${caseNo}/assess-fee`, clerk, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] })).status).toBe(200);
      expect((await request(engine, 'POST', `/api/cases/${caseNo}/pay-fee`, clerk, { amountFen: 8000, method: 'bank-counter', bankReceiptNo: `R${i}` })).status).toBe(200);
      expect((await request(engine, 'POST', `/api/cases/${caseNo}/complete`, clerk, { outcome: 'approved', decision: 'ok' })).status).toBe(200);
    }
    expect(new Set(caseNos).size).toBe(4);
    for (const caseNo of caseNos) {
      const read = await request(engine, 'GET', `/api/cases/${caseNo}`, clerk);
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({ caseNo, status: 'completed' });
    }

    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
    expect(childrenOf(pid)).toEqual([]);
  });

  it('stops whole, non-zero, when one of its processes dies', async () => {
    const engine = await startClustered(dataDir);
    engines.push(engine);
    const pid = engine.child.pid as number;
    await until(() => childrenOf(pid).length === 4, 15_000, 'expected four processes');

    process.kill(childrenOf(pid)[0], 'SIGKILL');

    expect(await engine.exited).toBe(1);
    await until(() => childrenOf(pid).length === 0, 15_000, 'the other processes outlived the engine');
  });
});
