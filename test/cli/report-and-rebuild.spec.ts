import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { readModelFile } from '../../apps/engine/src/infrastructure/infrastructure.module';
import { removeDataDir, startEngine, tempDataDir } from '../support/engine';

/**
 * `npm run report` and `npm run projections:rebuild` as an operator runs them, as processes, on
 * a data directory the engine wrote: two receipts at the SCJG window on 2026-04-07.
 */
describe('the report and rebuild CLIs on the engine’s data directory', () => {
  const dataDir = tempDataDir();
  const run = (cli: string, args: string[] = []) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', path.resolve(__dirname, '../../apps/engine/src/cli', cli), ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATA_DIR: dataDir, TS_NODE_TRANSPILE_ONLY: '1' },
      encoding: 'utf8',
    });
  const runBeside = (cli: string) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', path.resolve(__dirname, '../../apps/engine/src/cli', cli)], {
      cwd: path.resolve(__dirname, '../..'), env: { ...process.env, DATA_DIR: dataDir, TS_NODE_TRANSPILE_ONLY: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  /** The read-model file as the CLIs left it. */
  const inReadModels = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(readModelFile(dataDir), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  const casesInReadModels = () => inReadModels((db) =>
    db.prepare<[], { case_no: string; department_id: string }>('SELECT case_no, department_id FROM cases ORDER BY case_no').all());
  const tables = () => inReadModels((db) =>
    db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all());
  const readersCheckpoints = () => inReadModels((db) =>
    db.prepare<[], { name: string; position: number }>("SELECT name, position FROM checkpoints WHERE name <> 'read-models' ORDER BY name").all());

  beforeAll(async () => {
    const engine = await startEngine({ dataDir, now: '2026-04-07T02:00:00.000Z' });
    for (const name of ['赵六', '钱七']) {
      const response = await engine.request('POST', '/api/cases', {
        itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name }, materials: ['申请书'],
      });
      expect(response.status).toBe(201);
    }
    await engine.close();
  });
  afterAll(() => removeDataDir(dataDir));

  it('reports the day from the read models, brought up to the store first', () => {
    const report = run('report.ts', ['--from', '2026-04-07', '--to', '2026-04-07']);

    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/^受理 received\s+2$/m);
    expect(report.stdout).toMatch(/^县市场监督管理局\s+2\s/m);
  }, 60_000);

  it('rebuilds every read model from the store into a fresh file, keeping the log readers where they were', () => {
    const before = casesInReadModels();
    const readers = readersCheckpoints();
    const tablesBefore = tables();
    const rebuilt = run('rebuild-projections.ts');

    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt the read models from \d+ events/m);
    // Not a terminal: the progress is plain lines on stderr, the last one at the log's head.
    const events = Number(/from (\d+) events/.exec(rebuilt.stdout)?.[1]);
    expect(rebuilt.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^rebuild: ${events}/${events} events \\(100%\\), \\d+ s$`));
    expect(before).toHaveLength(2);
    expect(casesInReadModels()).toEqual(before);
    // The complaint opener read both receipts; after the rebuild it need not read them again.
    expect(readers).toContainEqual({ name: 'complaint-opener', position: expect.any(Number) });
    expect(readersCheckpoints()).toEqual(readers);
    expect(rebuilt.stdout).toMatch(/^kept the log readers' place: .*complaint-opener.*complaint_opener_receipts/m);
    // Every table the engine made is rebuilt or kept, but the leases (a new reader's table missing from LOG_READER_TABLES fails here).
    expect(tables()).toEqual(tablesBefore.filter((table) => table !== 'leases'));
  }, 60_000);

  it('refuses to rebuild while an engine runs on the store, saying which and what to do, and touches nothing', async () => {
    const engine = await startEngine({ dataDir, now: '2026-04-07T02:00:00.000Z' });
    try {
      const before = casesInReadModels();
      // Not spawnSync: the engine in this process must go on renewing its mark meanwhile.
      const refused = await runBeside('rebuild-projections.ts');
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^projections:rebuild: refused: an engine is running on this store \(all [^)]*\)\.$/m);
      expect(refused.stderr).toMatch(/Stop the engine first/);
      expect(refused.stdout).not.toMatch(/rebuilt/);
      expect(casesInReadModels()).toEqual(before);
    } finally {
      await engine.close();
    }
    // Stopped, it took its mark away: the rebuild runs.
    expect(run('rebuild-projections.ts').status).toBe(0);
  }, 120_000);
});

