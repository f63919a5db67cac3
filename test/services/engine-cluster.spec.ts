import * as fs from 'node:fs';
import * as path from 'node:path';
import { bearer } from '../support/auth';
import { childrenOf, ClusteredEngine, DIST, request, requestText, running, spawnClustered, startClustered, until } from '../support/clustered-engine';
import { removeDataDir, tempDataDir } from '../support/engine';

/**
 * `API_PROCESSES=2 npm start` as built (`npm test` builds dist/ first): the primary forks two
 * API processes on the engine's port, a projector and a watcher. Each request below goes on
 * a connection of its own, which the primary hands to the API processes in turn, so a case's
 * steps are decided by both: a command finds the case another process wrote, and a read finds
 * what the projector process projected. SIGTERM stops every part; a part that dies stops the
 * engine, non-zero, for the service manager to restart it whole.
 */
const receipt = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '张三' }, materials: ['申请书'] };

describe('API_PROCESSES=2: the engine on every core, one port', () => {
  const dataDir = tempDataDir();
  const engines: ClusteredEngine[] = [];
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
    const parts = childrenOf(pid);

    const clerk = await bearer(dataDir, { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    const bank = await bearer(dataDir, { subject: 'icbc-nontax', role: 'bank' });
    const caseNos: string[] = [];
    for (let i = 0; i < 4; i++) {
      const received = await request(engine, 'POST', '/api/cases', clerk, receipt);
      expect(received.status).toBe(201);
      const { caseNo } = received.json as { caseNo: string };
      caseNos.push(caseNo);
      // Each step on a new connection: the step after a receipt lands on the other API process.
      expect((await request(engine, 'POST', `/api/cases/${caseNo}/assess-fee`, clerk, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] })).status).toBe(200);
      expect((await request(engine, 'POST', `/api/cases/${caseNo}/pay-fee`, bank, { amountFen: 8000, method: 'bank-counter', bankReceiptNo: `R${i}` })).status).toBe(200);
      expect((await request(engine, 'POST', `/api/cases/${caseNo}/complete`, clerk, { outcome: 'approved', decision: 'ok' })).status).toBe(200);
    }
    expect(new Set(caseNos).size).toBe(4);
    for (const caseNo of caseNos) {
      const read = await request(engine, 'GET', `/api/cases/${caseNo}`, clerk);
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({ caseNo, status: 'completed' });
    }

    // A scrape lands on one API process but counts the engine: the 16 commands, whichever answers.
    for (let scrape = 0; scrape < 2; scrape++) {
      const metrics = await requestText(engine, '/metrics');
      expect(acceptedCommands(metrics)).toBe(16);
      expect(metrics).toMatch(/^gov_lease_active\{lease="projector"\} 1$/m);
      expect(metrics).toMatch(/^gov_lease_active\{lease="watcher"\} 1$/m);
    }

    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
    // Not childrenOf(pid): a part that outlived the primary would have another parent by now.
    expect(parts.filter(running)).toEqual([]);
    expect(engine.log()).not.toMatch(/did not stop within/);
  }, 120_000);

  it('stops whole, non-zero, when one of its processes dies', async () => {
    const engine = await startClustered(dataDir);
    engines.push(engine);
    const pid = engine.child.pid as number;
    await until(() => childrenOf(pid).length === 4, 15_000, 'expected four processes');

    const parts = childrenOf(pid);

    process.kill(parts[0], 'SIGKILL');

    expect(await engine.exited).toBe(1);
    await until(() => parts.filter(running).length === 0, 15_000, 'the other processes outlived the engine');
  }, 120_000);

  it('kills a part that does not stop within STOP_GRACE_MS, and still stops', async () => {
    const engine = await startClustered(dataDir, { STOP_GRACE_MS: '1000' });
    engines.push(engine);
    const pid = engine.child.pid as number;
    await until(() => childrenOf(pid).length === 4, 15_000, 'expected four processes');
    const parts = childrenOf(pid);
    // A frozen process cannot act on SIGTERM (it stays pending); SIGKILL still ends it.
    const [frozen] = parts;
    process.kill(frozen, 'SIGSTOP');

    engine.child.kill('SIGTERM');

    expect(await engine.exited).toBe(0);
    expect(parts.filter(running)).toEqual([]);
    expect(engine.log()).toContain(`(pid ${frozen}) did not stop within 1000 ms; killing it`);
  }, 120_000);

  it('stopped while it starts, forks nothing more and leaves a store the next start takes up', async () => {
    const fresh = tempDataDir();
    try {
      const engine = await spawnClustered(fresh);
      engines.push(engine);
      const pid = engine.child.pid as number;
      // The first API process seeds the fresh store alone; the primary forks the others once it listens.
      await until(() => childrenOf(pid).length === 1, 15_000, 'expected the first API process');
      const [first] = childrenOf(pid);
      engine.child.kill('SIGTERM');
      let most = 1;
      const watching = setInterval(() => (most = Math.max(most, childrenOf(pid).length)), 10);
      const code = await engine.exited.finally(() => clearInterval(watching));

      expect(code).toBe(0);
      expect(most).toBe(1);
      expect(running(first)).toBe(false);
      expect(engine.log()).not.toMatch(/engine ready at/);

      const again = await startClustered(fresh);
      engines.push(again);
      const clerk = await bearer(fresh, { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
      expect((await request(again, 'POST', '/api/cases', clerk, receipt)).status).toBe(201);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      removeDataDir(fresh);
    }
  }, 180_000);
});

function acceptedCommands(metrics: string): number {
  return [...metrics.matchAll(/^gov_commands_total\{[^}]*outcome="accepted"[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}
