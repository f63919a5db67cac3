import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { bearer } from '../support/auth';
import { removeDataDir, tempDataDir } from '../support/engine';
import { caseRowsOf, rebuildFromZero } from '../support/rebuild-from-zero';

/**
 * kill -9 of the engine while a client sends commands, then a restart: every command that
 * got a 2xx is in the store, no event is stored twice, and the read models equal a rebuild
 * from zero. Runs the built engine (dist/; SERVICES_DIST points elsewhere) as a child process, as in production.
 */
const MAIN = path.join(process.env.SERVICES_DIST ?? path.resolve(__dirname, '../../dist'), 'apps/engine/src/main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startEngine(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitForHealth(base: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('engine did not become healthy');
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

const receipt = { itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'] };

describe('kill -9 while commands are in flight', () => {
  const dataDir = tempDataDir();
  afterAll(() => removeDataDir(dataDir));

  it('loses no acknowledged command and duplicates nothing', async () => {
    expect(fs.existsSync(MAIN)).toBe(true); // `npm test` builds first
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let engine = startEngine(dataDir, port);
    await waitForHealth(base);
    // The engine created DATA_DIR's token secret at start; the test signs with it.
    const clerk = await bearer(dataDir, { subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: receipt.windowId });
    const admin = { authorization: await bearer(dataDir, { subject: 'admin', role: 'center-admin' }) };

    const acknowledged: { key: string; caseNo: string }[] = [];
    const completed: string[] = [];
    let sent = 0;
    let stop = false;
    const client = async (worker: number) => {
      while (!stop) {
        const key = `crash-${worker}-${sent++}`;
        try {
          const response = await fetch(`${base}/api/cases`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: clerk }, body: JSON.stringify(receipt),
          });
          if (response.status !== 201) continue;
          const { caseNo } = (await response.json()) as { caseNo: string };
          acknowledged.push({ key, caseNo });
          const done = await fetch(`${base}/api/cases/${caseNo}/complete`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: clerk }, body: JSON.stringify({ outcome: 'approved', decision: 'ok' }),
          });
          if (done.status === 200) completed.push(caseNo);
        } catch {
          return; // the engine is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, worker) => client(worker));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    engine.kill('SIGKILL');
    await exited(engine);
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThan(20);

    engine = startEngine(dataDir, port);
    await waitForHealth(base);
    try {
      for (const { caseNo } of acknowledged) {
        const response = await fetch(`${base}/api/cases/${caseNo}`, { headers: admin });
        expect(response.status).toBe(200);
      }
      for (const caseNo of completed) {
        const view = (await (await fetch(`${base}/api/cases/${caseNo}`, { headers: admin })).json()) as { status: string };
        expect(view.status).toBe('completed');
      }
      // A client retrying an acknowledged receipt with its key gets the same case, not a new one.
      const retry = await fetch(`${base}/api/cases`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': acknowledged[0].key, authorization: clerk }, body: JSON.stringify(receipt),
      });
      expect(((await retry.json()) as { caseNo: string }).caseNo).toBe(acknowledged[0].caseNo);
      const served = (await (await fetch(`${base}/api/reports/center?from=2000-01-01&to=2100-12-31`, { headers: admin })).json()) as { center: unknown };

      engine.kill('SIGTERM');
      await exited(engine);

      const events = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true });
      const duplicates = events.prepare(`SELECT stream_id, COUNT(*) AS n FROM events WHERE type = 'CaseReceived' GROUP BY stream_id HAVING n > 1`).all();
      expect(duplicates).toEqual([]);
      const { total, unique_ids: uniqueIds } = events.prepare('SELECT COUNT(*) AS total, COUNT(DISTINCT event_id) AS unique_ids FROM events').get() as { total: number; unique_ids: number };
      expect(total).toBe(uniqueIds);
      const servedRows = caseRowsOf(path.join(dataDir, 'read-models.sqlite'));
      events.close();

      const rebuilt = await rebuildFromZero(path.join(dataDir, 'events.sqlite'), path.join(dataDir, 'rebuilt.sqlite'));
      expect(rebuilt.rows).toEqual(servedRows);
      expect(rebuilt.centerFigures).toEqual(served.center);
    } finally {
      if (engine.exitCode === null) engine.kill('SIGKILL');
    }
  }, 90_000);
});
