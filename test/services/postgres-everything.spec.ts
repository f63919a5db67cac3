import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import { POSTGRES_URL, readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import { auditVerify } from '../../apps/engine/src/cli/audit-record';
import type { EngineConfig } from '../../apps/engine/src/config/engine.config';
import { removeDataDir, startEngine, tempDataDir, TestEngine } from '../support/engine';

// Skipped without a server, like every read-model spec; with REQUIRE_POSTGRES=1 (CI) readModelStoresUnderTest throws instead.
const describeOnPostgres = readModelStoresUnderTest().some((store) => store.name === 'postgres') ? describe : describe.skip;

const receipt = (name: string) => ({
  itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name, idNumber: '330102199001011234' }, materials: ['申请书'],
});

/**
 * Everything the engine keeps on one PostgreSQL database (issue 27, part 3): the events
 * (EVENT_STORE=postgres), the read models and leases (READ_MODELS=postgres) and the persons'
 * keys (PERSONAL_DATA_KEYS_URL); and the operators' CLIs against it, as processes.
 */
describeOnPostgres('the engine with everything on PostgreSQL', () => {
  const schema = `all_${randomBytes(6).toString('hex')}`;
  const dataDir = tempDataDir();
  let admin: Pool;
  let engine: TestEngine | undefined;
  const env = {
    DATA_DIR: dataDir, EVENT_STORE: 'postgres', EVENT_STORE_URL: POSTGRES_URL as string, EVENT_STORE_SCHEMA: `${schema}_events`,
    READ_MODELS: 'postgres', READ_MODELS_URL: POSTGRES_URL as string, READ_MODELS_SCHEMA: schema, PERSONAL_DATA_KEYS_URL: POSTGRES_URL as string,
  };
  const config: Partial<EngineConfig> = {
    eventStore: { kind: 'postgres', connectionString: POSTGRES_URL as string, schema: `${schema}_events`, poolSize: 4 },
    readModels: { kind: 'postgres', connectionString: POSTGRES_URL as string, schema, poolSize: 4 },
    personalDataKeysUrl: POSTGRES_URL as string,
  };
  const start = async () => (engine = await startEngine({ dataDir, now: '2026-04-07T02:00:00.000Z', config }));
  const run = (cli: string, args: string[] = []) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', path.resolve(__dirname, '../../apps/engine/src/cli', cli), ...args], {
      cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: '1' }, encoding: 'utf8',
    });
  const casesInPostgres = async () => (await admin.query(`SELECT case_no, department_id, status FROM ${schema}.cases ORDER BY case_no`)).rows;

  beforeAll(async () => {
    admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
    const { request } = await start();
    for (const name of ['赵六', '钱七']) expect((await request('POST', '/api/cases', receipt(name))).status).toBe(201);
    await engine?.close();
    engine = undefined;
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    removeDataDir(dataDir);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_events CASCADE`);
    await admin.end();
  });

  it('keeps the events in PostgreSQL: a restarted engine goes on from them, with no event file in DATA_DIR', async () => {
    const { request, store } = await start();
    const third = await request('POST', '/api/cases', receipt('孙八'));
    expect(third.status).toBe(201);
    const events = await admin.query(`SELECT type FROM ${schema}_events.events WHERE type = 'CaseReceived'`);
    expect(events.rowCount).toBe(3);
    expect(await store.headPosition()).toBe(Number((await admin.query(`SELECT position FROM ${schema}_events.log_head`)).rows[0].position));
    expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'read-models.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'personal-data', 'person-keys.sqlite'))).toBe(false);
    await engine?.close();
    engine = undefined;
  }, 60_000);

  it('verifies the tamper-evident record in PostgreSQL (audit:verify)', async () => {
    const verified = await auditVerify([], env);
    expect(verified.exitCode).toBe(0);
    expect(verified.lines[0]).toMatch(/^Tamper-evident record of the PostgreSQL event store \(schema all_[0-9a-f]+_events\): intact\. Checked \d+ events/);
  });

  it('reports from, and rebuilds, the read models in PostgreSQL from the events in PostgreSQL', async () => {
    const report = run('report.ts', ['--from', '2026-04-07', '--to', '2026-04-07']);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/^受理 received\s+3$/m);
    const before = await casesInPostgres();
    const rebuilt = run('rebuild-projections.ts');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt the read models from \d+ events/m);
    expect(before).toHaveLength(3);
    expect(await casesInPostgres()).toEqual(before);
  }, 120_000);
});
