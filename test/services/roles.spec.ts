import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../../apps/engine/src/config/engine.config';
import { createApp } from '../../apps/engine/src/create-app';
import { EngineRole } from '../../apps/engine/src/infrastructure/engine-role';
import { bearer } from '../support/auth';
import { removeDataDir, tempDataDir } from '../support/engine';

/**
 * The api and projector roles side by side on one DATA_DIR (in one test process; the leases
 * and the kill -9 are in leased-roles.spec.ts): the API records commands but never projects,
 * the projector catches the read models up and serves no /api; the watcher's policies all
 * start under its lease.
 */
const receipt = { itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'] };

describe('the api, projector and watcher roles', () => {
  const dataDir = tempDataDir();
  const apps: NestFastifyApplication[] = [];
  const start = async (role: EngineRole, leaseTtlMs = '1000') => {
    const config = { ...loadConfig({ LEASE_TTL_MS: leaseTtlMs }), dataDir, logLevel: 'silent', deadlineWatcher: false };
    const app = await createApp({ config, role, logLevel: 'silent' });
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    removeDataDir(dataDir);
  });

  it('answers commands on the API, and shows their effect once the projector process has projected it', async () => {
    const api = await start('api');
    const clerk = await bearer(dataDir, { subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: receipt.windowId });
    const admin = await bearer(dataDir, { subject: 'admin', role: 'center-admin' });
    const received = await api.inject({ method: 'POST', url: '/api/cases', payload: receipt, headers: { authorization: clerk } });
    expect(received.statusCode).toBe(201);
    const { caseNo } = received.json<{ caseNo: string }>();

    const openCases = async () => {
      const response = await api.inject({ method: 'GET', url: '/api/departments/scjg/open-cases', headers: { authorization: admin } });
      expect(response.statusCode).toBe(200);
      return response.body;
    };
    // No projector runs yet: the API waits its 2 s for one, then answers from what is there.
    expect(await openCases()).not.toContain(caseNo);

    const projector = await start('projector');
    expect(await openCases()).toContain(caseNo);

    expect((await projector.inject({ method: 'GET', url: `/api/cases/${caseNo}` })).statusCode).toBe(404);
    expect((await projector.inject({ method: 'GET', url: '/docs-json' })).statusCode).toBe(404);
    expect((await projector.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    expect((await projector.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^gov_lease_active\{lease="projector"\} 1$/m);
    expect((await api.inject({ method: 'GET', url: '/metrics' })).body).not.toMatch(/gov_lease_active/);
  }, 30_000);

  it('starts every policy in the watcher role: its lease stays active, not taken and given back on a failed start', async () => {
    // A policy that needs what only the API provides (QUERY_CODES for the notifications' dispatcher) fails to start: the
    // keeper then releases the lease and takes it again a retry later, active for a moment each time, 0 in between.
    const watcher = await start('watcher', '10000');
    const active = async () => /^gov_lease_active\{lease="watcher"\} 1$/m.test((await watcher.inject({ method: 'GET', url: '/metrics' })).body);
    const deadline = Date.now() + 10_000;
    while (!(await active()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const samples: boolean[] = [];
    for (let i = 0; i < 15; i++) {
      samples.push(await active());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(samples).toEqual(samples.map(() => true));
    expect((await watcher.inject({ method: 'GET', url: '/api/cases/x' })).statusCode).toBe(404);
  }, 30_000);
});
