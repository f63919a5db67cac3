import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeDataDir, startEngine, tempDataDir } from '../support/engine';

/** The operators' CLIs as processes: what `--help` says, and `npm run token` against DATA_DIR. */
describe('the operators’ CLIs', () => {
  const run = (cli: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', path.resolve(__dirname, '../../apps/engine/src/cli', cli), ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', ...env },
      encoding: 'utf8',
    });

  it.each([
    ['issue-token.ts', 'token', ['--role <role>', '--hours <hours>'], ['DATA_DIR', 'AUTH_TOKEN_SECRET_FILE', 'AUTH_JWKS_URL']],
    ['report.ts', 'report', ['--from <date>', '--to <date>'], ['DATA_DIR', 'EVENT_STORE', 'READ_MODELS']],
    ['rebuild-projections.ts', 'projections:rebuild', [], ['DATA_DIR', 'EVENT_STORE', 'READ_MODELS']],
    ['audit-verify.ts', 'audit:verify', ['--seal <file>', '--signer <hex>'], ['DATA_DIR', 'SEAL_SIGNING_KEY_FILE']],
    ['audit-seal.ts', 'audit:seal', ['--out <file>'], ['DATA_DIR', 'SEAL_SIGNING_KEY_FILE']],
    ['audit-migrate-suite.ts', 'audit:migrate-suite', ['--to <suite>'], ['DATA_DIR', 'SEAL_SIGNING_KEY_FILE']],
    ['import-histories.ts', 'import', ['<file>', '--format <format>', '--column <field=header>', '--unsure <what>', 'legacy_id', 'case_no'], ['DATA_DIR', 'IMPORT_TOKEN', 'ENGINE_URL']],
  ])('%s answers --help with its usage, options and environment, and does nothing else', (cli, script, options, env) => {
    const dataDir = tempDataDir();
    try {
      const help = run(cli, ['--help'], { DATA_DIR: dataDir });

      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run ${script} -- [options]`);
      for (const option of [...options, '-h, --help']) expect(help.stdout).toContain(option);
      expect(help.stdout).toMatch(/^Environment:$/m);
      for (const name of env) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      removeDataDir(dataDir);
    }
  }, 60_000);

  it('refuses an unknown option, naming it', () => {
    const refused = run('report.ts', ['--from', '2026-04-07', '--to', '2026-04-07', '--form', '2026-04-08']);

    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("unknown option '--form'");
  }, 60_000);

  describe('npm run token', () => {
    const dataDir = tempDataDir();
    afterAll(() => removeDataDir(dataDir));

    it('refuses while DATA_DIR has no engine secret, naming where it looked, and makes none', () => {
      const refused = run('issue-token.ts', ['--role', 'center-admin'], { DATA_DIR: dataDir });

      expect(refused.status).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`no engine secret at ${path.join(dataDir, 'auth', 'token-secret')} (DATA_DIR is ${dataDir})`);
      expect(fs.existsSync(path.join(dataDir, 'auth'))).toBe(false);
    }, 60_000);

    it("signs with the secret the engine made there: the engine accepts the token", async () => {
      await (await startEngine({ dataDir })).close();
      const issued = run('issue-token.ts', ['--role', 'center-admin', '--hours', '1'], { DATA_DIR: dataDir });
      expect(issued.status).toBe(0);
      const token = issued.stdout.trim();
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

      const engine = await startEngine({ dataDir });
      try {
        const departments = await engine.request('GET', '/api/departments', undefined, { authorization: `Bearer ${token}` });
        const forged = await engine.request('GET', '/api/departments', undefined, { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
        expect(departments.status).toBe(200);
        expect(forged.status).toBe(401);
      } finally {
        await engine.close();
      }
    }, 60_000);

    it("issues a sub-center's service token: it receives for its own sub-center, not another's; without --sub-center it is refused", async () => {
      await (await startEngine({ dataDir })).close();
      const nameless = run('issue-token.ts', ['--role', 'integration', '--channel', 'sub-center'], { DATA_DIR: dataDir });
      expect(nameless.status).not.toBe(0);
      expect(nameless.stderr).toContain('must name its sub_center');
      const issued = run('issue-token.ts', ['--role', 'integration', '--channel', 'sub-center', '--sub-center', 'jj'], { DATA_DIR: dataDir });
      expect(issued.status).toBe(0);
      const service = { authorization: `Bearer ${issued.stdout.trim()}` };
      const engine = await startEngine({ dataDir });
      try {
        const applicant = { kind: 'person', name: '张伟', idNumber: '110101199003074518', phone: '13800138000' };
        const own = await engine.request('POST', '/api/cases', { itemCode: 'GA-002', channel: 'sub-center', subCenterId: 'jj', applicant, materials: ['身份证明'] }, service);
        const other = await engine.request('POST', '/api/cases', { itemCode: 'RS-001', channel: 'sub-center', subCenterId: 'sb', applicant, materials: [] }, service);
        expect([own.status, other.status, other.body.code]).toEqual([201, 403, 'AUTH.OUT_OF_SCOPE']);
      } finally {
        await engine.close();
      }
    }, 60_000);

    it('issues a clerk\'s token under their staff id: the demo clerk on the roster completes a case; a clerk\'s token without one is refused', async () => {
      await (await startEngine({ dataDir })).close();
      const nameless = run('issue-token.ts', ['--role', 'window-staff', '--department', 'zrzy', '--window', 'w-zrzy'], { DATA_DIR: dataDir });
      expect(nameless.status).not.toBe(0);
      expect(nameless.stderr).toContain('--subject <staff id>');
      const issued = run('issue-token.ts', ['--role', 'window-staff', '--department', 'zrzy', '--window', 'w-zrzy', '--subject', 'clerk-zrzy'], { DATA_DIR: dataDir });
      expect(issued.status).toBe(0);
      const clerk = { authorization: `Bearer ${issued.stdout.trim()}` };
      const engine = await startEngine({ dataDir });
      try {
        const received = await engine.request('POST', '/api/cases', {
          itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'],
        }, clerk);
        expect(received.status).toBe(201);
        const completed = await engine.request('POST', `/api/cases/${received.body.caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, clerk);
        expect(completed.status).toBe(200);
      } finally {
        await engine.close();
      }
    }, 60_000);
  });
});
