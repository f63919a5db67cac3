import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { POSTGRES_URL, readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AutomaticComplaintsPolicy } from '../../apps/engine/src/complaints/automatic-complaints.policy';
import { loadConfig } from '../../apps/engine/src/config/engine.config';
import { createApp } from '../../apps/engine/src/create-app';
import { bearer } from '../support/auth';
import { removeDataDir, startEngine, tempDataDir, TestEngine } from '../support/engine';

// Skipped without a server, like every read-model spec; with REQUIRE_POSTGRES=1 (CI) readModelStoresUnderTest throws instead.
const describeOnPostgres = readModelStoresUnderTest().some((store) => store.name === 'postgres') ? describe : describe.skip;

const landTransfer = {
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', staffId: 'staff-1',
  applicant: { kind: 'person', name: '李四', idNumber: '330102199001011234' }, materials: ['申请书', '不动产权证书'],
};

describeOnPostgres('the engine with its read models on PostgreSQL (READ_MODELS=postgres)', () => {
  let admin: Pool;
  let schema: string;
  let dataDir: string;
  let engine: TestEngine | undefined;
  /** The engine on the test's data directory and schema: the events in SQLite there, the read models in PostgreSQL. */
  const start = async () => (engine = await startEngine({
    dataDir, now: '2026-04-07T01:00:00.000Z', // Tue 09:00 Shanghai, after Qingming
    config: { readModels: { kind: 'postgres', connectionString: POSTGRES_URL as string, schema, poolSize: 4 } },
  }));
  const inPostgres = async <T>(text: string) => (await admin.query(text)).rows as T[];

  beforeAll(() => {
    admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
  });
  afterAll(() => admin.end());
  beforeEach(() => {
    schema = `engine_${randomBytes(6).toString('hex')}`;
    dataDir = tempDataDir();
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    removeDataDir(dataDir);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('receives a case and reads it back through the figures and the open cases, from PostgreSQL', async () => {
    const { app, request } = await start();
    const received = await request('POST', '/api/cases', landTransfer);
    expect(received.status).toBe(201);
    const { caseNo } = received.body;

    const stats = await request('GET', '/api/windows/w-zrzy/stats?from=2026-04-07&to=2026-04-07');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ windowId: 'w-zrzy', received: 1, pending: 1, completed: 0 });
    const open = await request('GET', '/api/departments/zrzy/open-cases');
    expect(open.status).toBe(200);
    expect(open.body).toEqual([expect.objectContaining({ caseNo, itemCode: 'ZRZY-001', windowId: 'w-zrzy', dueDate: '2026-04-14', overdue: false })]);

    // The rows and the projector's checkpoint are in the test's schema, and no read-model file was made beside the events.
    expect(await inPostgres(`SELECT case_no FROM ${schema}.cases`)).toEqual([{ case_no: caseNo }]);
    // The complaint opener (a log reader) keeps its receipts there too.
    await app.get(AutomaticComplaintsPolicy).caughtUp();
    expect(await inPostgres(`SELECT case_no, open FROM ${schema}.complaint_opener_receipts`)).toEqual([{ case_no: caseNo, open: 1 }]);
    expect(await inPostgres(`SELECT position FROM ${schema}.checkpoints WHERE name = 'read-models'`))
      .toEqual([{ position: String(await engine!.store.headPosition()) }]);
    expect(fs.existsSync(path.join(dataDir, 'read-models.sqlite'))).toBe(false);
    const ready = (await app.inject({ method: 'GET', url: '/ready' })).json();
    expect(ready.details.readModels).toMatchObject({ status: 'up', kind: 'postgres', lag: 0 });
  });

  it('keeps the read models and their checkpoint across a restart', async () => {
    const first = await start();
    const { body: { caseNo: before } } = await first.request('POST', '/api/cases', landTransfer);
    await first.request('GET', '/api/departments/zrzy/open-cases');
    await first.close();
    engine = undefined;

    const second = await start();
    const { body: { caseNo: after } } = await second.request('POST', '/api/cases', landTransfer);
    const open = await second.request('GET', '/api/departments/zrzy/open-cases');
    expect(open.body.map((row: { caseNo: string }) => row.caseNo)).toEqual([before, after]);
    expect((await second.request('GET', '/api/windows/w-zrzy/stats?from=2026-04-07&to=2026-04-07')).body).toMatchObject({ received: 2 });
  });

  it('serves two API instances from one store: a receipt at one is read at the other, the applicant unsealed there too', async () => {
    // The persons' keys in the same schema (PERSONAL_DATA_KEYS_URL), so neither instance reads DATA_DIR's key file.
    await admin.query(`CREATE SCHEMA ${schema}`);
    const personalDataKeysUrl = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const readModels = { kind: 'postgres' as const, connectionString: POSTGRES_URL as string, schema, poolSize: 4 };
    // The all-in-one engine projects; the api instance beside it never does (it waits for the checkpoint in PostgreSQL).
    const projecting = await startEngine({ dataDir, now: '2026-04-07T01:00:00.000Z', config: { readModels, personalDataKeysUrl } });
    engine = projecting;
    let api: NestFastifyApplication | undefined;
    try {
      api = await createApp({ role: 'api', logLevel: 'silent',
        config: { ...loadConfig({}), dataDir, logLevel: 'silent', deadlineWatcher: false, readModels, personalDataKeysUrl } });
      await api.getHttpAdapter().getInstance().ready();
      // The clerk is the staff member the receipt names (a window clerk acts under their own name).
      const clerk = await bearer(dataDir, { subject: 'staff-1', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });

      const received = await api.inject({ method: 'POST', url: '/api/cases', payload: landTransfer, headers: { authorization: clerk } });
      expect(received.statusCode).toBe(201);
      const { caseNo } = received.json<{ caseNo: string }>();

      const atTheOther = await projecting.request('GET', `/api/cases/${caseNo}`, undefined, { authorization: clerk });
      expect(atTheOther.status).toBe(200);
      expect(atTheOther.body.applicant).toMatchObject({ shown: 'clear', name: '李四', idNumber: '330102199001011234' });
      for (const instance of [api, projecting.app]) {
        const open = await instance.inject({ method: 'GET', url: '/api/departments/zrzy/open-cases', headers: { authorization: clerk } });
        expect(open.json<{ caseNo: string }[]>().map((row) => row.caseNo)).toEqual([caseNo]);
      }
      expect(await inPostgres(`SELECT COUNT(*)::int AS n FROM ${schema}.person_keys`)).toEqual([{ n: 1 }]);
      expect(fs.existsSync(path.join(dataDir, 'personal-data', 'person-keys.sqlite'))).toBe(false);
    } finally {
      await api?.close();
    }
  });
});
