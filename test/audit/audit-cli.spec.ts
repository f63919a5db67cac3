import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditSeal, auditVerify } from '../../apps/engine/src/cli/audit-record';
import { eventStoreFile } from '../../apps/engine/src/infrastructure/infrastructure.module';
import { removeDataDir, startEngine, tempDataDir } from '../support/engine';

/**
 * `npm run audit:seal` and `npm run audit:verify` on a data directory the engine wrote (its
 * demo seed and a receipt through the API), called as functions; the last case runs the
 * verify CLI as a process, as an operator would.
 */
describe('audit:verify and audit:seal on the engine’s data directory', () => {
  const dataDir = tempDataDir();
  const env = { DATA_DIR: dataDir };
  const sealFile = path.join(dataDir, 'exported-seal.json');
  let head = 0;
  let received: { position: number; event_id: string; stream_id: string; revision: number } | undefined;

  beforeAll(async () => {
    const engine = await startEngine({ dataDir });
    const response = await engine.request('POST', '/api/cases', {
      itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'],
    });
    expect(response.status).toBe(201);
    head = await engine.store.headPosition();
    await engine.close();
    const db = new Database(eventStoreFile(dataDir), { readonly: true });
    received = db.prepare<[], typeof received>("SELECT position, event_id, stream_id, revision FROM events WHERE type = 'CaseReceived' ORDER BY position LIMIT 1").get();
    db.close();
  });
  afterAll(() => removeDataDir(dataDir));

  it('seals the record, exports the seal, and then verifies it intact with the count of events', async () => {
    const sealed = await auditSeal(['--out', sealFile], env);
    const exported = JSON.parse(fs.readFileSync(sealFile, 'utf8'));

    expect(sealed.exitCode).toBe(0);
    expect(exported).toMatchObject({ format: 'gov-seal-export/1', position: head, reason: 'request' });
    const verified = await auditVerify(['--seal', sealFile], env);
    expect(verified.exitCode).toBe(0);
    expect(verified.lines[0]).toContain(`intact. Checked ${head} events`);
    expect(verified.lines.join('\n')).toContain(`Exported seal #${exported.seq} (position ${head}`);
  });

  it('names the altered event and exits 1; audit:seal then refuses to seal over it', async () => {
    const file = eventStoreFile(dataDir);
    const backup = `${file}.bak`;
    fs.copyFileSync(file, backup);
    try {
      const db = new Database(file);
      db.prepare("UPDATE events SET data = json_set(data, '$.windowId', 'w-elsewhere') WHERE position = ?").run(received?.position);
      db.close();

      const verified = await auditVerify([], env);
      const refused = await auditSeal(['--out', path.join(dataDir, 'other-seal.json')], env);

      expect(verified.exitCode).toBe(1);
      expect(verified.lines[1]).toBe(
        `First: position ${received?.position}, ${received?.stream_id}@${received?.revision} (CaseReceived, event ${received?.event_id}): ` +
          `does not match its hash: its content, place or link to the event before it in ${received?.stream_id} was changed`,
      );
      expect(refused.exitCode).toBe(1);
      expect(refused.lines.at(-1)).toBe('Not sealed: the record does not verify.');
      expect(fs.existsSync(path.join(dataDir, 'other-seal.json'))).toBe(false);
    } finally {
      fs.renameSync(backup, file);
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    }
  });

  it('runs as a process: exit 0 when intact, 1 when the exported seal is no longer in the file', () => {
    const cli = path.resolve(__dirname, '../../apps/engine/src/cli/audit-verify.ts');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', cli, ...args], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATA_DIR: dataDir, TS_NODE_TRANSPILE_ONLY: '1' },
        encoding: 'utf8',
      });
    const intact = run(['--seal', sealFile]);
    expect(intact.stdout).toContain('intact');
    expect(intact.status).toBe(0);

    const forged = path.join(dataDir, 'forged-seal.json');
    const exported = JSON.parse(fs.readFileSync(sealFile, 'utf8'));
    fs.writeFileSync(forged, JSON.stringify({ ...exported, seq: exported.seq + 5 }));
    const truncated = run(['--seal', forged]);
    expect(truncated.stdout).toContain(`exported seal #${exported.seq + 5}`);
    expect(truncated.status).toBe(1);
  }, 60_000);
});
