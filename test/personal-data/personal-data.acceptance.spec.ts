import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Principal } from '../../apps/engine/src/auth/roles';
import { bearer } from '../support/auth';
import { removeDataDir, tempDataDir } from '../support/engine';

/**
 * README "Personal data", end to end on the real engine process (its logs are what it writes to
 * stdout and stderr, at LOG_LEVEL=trace): known values go in through the HTTP API — a receipt,
 * a legacy import, a complaint — and then no file under DATA_DIR and no log line holds them in
 * clear; entitled callers see them clear, others masked; a shredded person's case still counts
 * but reads as erased.
 */
const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'apps/engine/src/main.ts');

const applicant = { kind: 'person', name: '欧阳明华', idNumber: '330102199001011234', phone: '13812345678', address: '浙江省杭州市上城区解放路100号' };
const imported = { kind: 'person', name: '上官云飞', idNumber: '330106197805056789', phone: '13700001111', address: '浙江省宁波市海曙区中山西路8号' };
const complainant = { kind: 'named', name: '司马光远', contact: '13987654321', idNumber: '330108198502023456' };
const SECRETS = [...Object.values(applicant), ...Object.values(imported), ...Object.values(complainant)].filter((v) => !['person', 'named'].includes(v));

const clerk: Principal = { subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' };
const otherClerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
const admin: Principal = { subject: 'admin', role: 'center-admin' };
const discipline: Principal = { subject: 'jijian', role: 'discipline' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every file under `dir`, its raw bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
    .map((file) => ({ file, bytes: fs.readFileSync(file) }));
}

/** Where a value appears: as UTF-8 (SQLite's text, JSON) or as a JSON \u escape. */
function whereFound(value: string, haystacks: { file: string; bytes: Buffer }[]): string[] {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return haystacks.filter(({ bytes }) => bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(escaped, 'utf8'))).map(({ file }) => file);
}

describe('personal data: sealed in the record, masked in answers, erasable', () => {
  const dataDir = tempDataDir();
  let engine: ChildProcess;
  let base = '';
  let logs = '';

  const call = async (principal: Principal, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, {
      method, headers: { authorization: await bearer(dataDir, principal), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() as any };
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    engine = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'trace', DEADLINE_WATCHER: 'false',
        TS_NODE_SWC: 'true', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    engine.stdout?.on('data', (chunk: Buffer) => { logs += chunk.toString('utf8'); });
    engine.stderr?.on('data', (chunk: Buffer) => { logs += chunk.toString('utf8'); });
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || engine.exitCode !== null || engine.signalCode !== null) throw new Error(`engine did not start:\n${logs}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    if (engine.exitCode === null && engine.signalCode === null) {
      engine.kill('SIGKILL');
      await new Promise((resolve) => engine.once('exit', resolve));
    }
    removeDataDir(dataDir);
  });

  it('keeps every personal field out of the files and the logs, shows it to whom it belongs, and erases it for good', async () => {
    // In: a receipt at the window, a legacy import, a named complaint.
    const receipt = await call(clerk, 'POST', '/api/cases', { itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant, materials: ['申请书'] });
    expect(receipt.status).toBe(201);
    const { caseNo } = receipt.body;
    const legacy = await call({ subject: 'migration', role: 'migration' }, 'POST', '/api/import/cases', { cases: [{
      itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: imported, materials: ['申请书'], receivedAt: '2012-04-05T01:00:00Z', steps: [],
    }] });
    expect(legacy.body).toMatchObject({ imported: 1 });
    const complaint = await call(clerk, 'POST', '/api/complaints', {
      category: 'service-attitude', channel: 'window', complainant, target: { windowId: 'w-scjg' }, summary: '窗口人员态度生硬', evidence: [],
    });
    expect(complaint.status).toBe(201);
    const { complaintNo } = complaint.body;

    // Clear for the applicant themself and the department's window staff; masked for everyone else.
    const applicantToken: Principal = { subject: `applicant:${caseNo}`, role: 'applicant', caseNo };
    const clear = { kind: 'person', shown: 'clear', name: '欧阳明华', idNumber: '330102199001011234', phone: '13812345678', address: '浙江省杭州市上城区解放路100号' };
    expect((await call(clerk, 'GET', `/api/cases/${caseNo}`)).body.applicant).toMatchObject(clear);
    expect((await call(applicantToken, 'GET', `/api/cases/${caseNo}`)).body.applicant).toMatchObject(clear);
    const masked = { kind: 'person', shown: 'masked', name: '欧**华', idNumber: '330102********1234', phone: '138****5678', address: '浙江省杭州市****' };
    // Another department's clerk does not see the case at all (CaseIsWorkedWithinTheCallersDepartment).
    expect((await call(otherClerk, 'GET', `/api/cases/${caseNo}`)).status).toBe(403);
    for (const principal of [admin, discipline, { subject: 'head', role: 'department-head', departmentId: 'scjg' } as Principal]) {
      const view = (await call(principal, 'GET', `/api/cases/${caseNo}`)).body;
      expect(view.applicant).toMatchObject(masked);
      expect(view.history[0].data.applicant).toMatchObject(masked);
      expect(JSON.stringify(view)).not.toMatch(/欧阳明华|330102199001011234|13812345678|解放路/);
    }
    // The complainant: the discipline window's alone.
    expect((await call(discipline, 'GET', `/api/complaints/${complaintNo}/complainant`)).body)
      .toMatchObject({ kind: 'named', shown: 'clear', name: '司马光远', contact: '13987654321', idNumber: '330108198502023456' });
    expect((await call(admin, 'GET', `/api/complaints/${complaintNo}/complainant`)).status).toBe(403);

    // 两头受理 still seen, on the vault's person rather than the ID number: the same person at the center and at a sub-center.
    const rsClerk: Principal = { subject: 'clerk-rs', role: 'window-staff', departmentId: 'rs', windowId: 'w-rs' };
    const subCenter: Principal = { subject: 'sb-system', role: 'integration', channel: 'sub-center', subCenterId: 'sb' };
    const atCenter = await call(rsClerk, 'POST', '/api/cases', { itemCode: 'RS-001', channel: 'window', windowId: 'w-rs', applicant, materials: [] });
    const atSubCenter = await call(subCenter, 'POST', '/api/cases', { itemCode: 'RS-001', channel: 'sub-center', subCenterId: 'sb', applicant, materials: [] });
    expect([atCenter.status, atSubCenter.status]).toEqual([201, 201]);
    expect((await call(discipline, 'GET', `/api/complaints/LT-${atSubCenter.body.caseNo}`)).body).toMatchObject({ category: 'double-acceptance' });

    // Nothing in clear under DATA_DIR (events, read models, keys, idempotency records) or in the logs.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const report = async () => (await call(admin, 'GET', `/api/reports/center?from=${today}&to=${today}`)).body.center;
    const before = await report();
    expect(before.received).toBe(3);
    const files = filesUnder(dataDir);
    expect(files.map(({ file }) => path.basename(file))).toEqual(expect.arrayContaining(['events.sqlite', 'read-models.sqlite', 'person-keys.sqlite']));
    // The search does see what is there: the masked name is in the events and the read models.
    expect(whereFound('欧**华', files).length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect({ secret, files: whereFound(secret, files) }).toEqual({ secret, files: [] });
    for (const secret of SECRETS) expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
    expect(logs).toContain('incoming request'); // the logs were captured, at their most verbose

    // Shredding: the case still counts, its applicant reads as erased, for everyone.
    const { personId } = (await call(clerk, 'GET', `/api/cases/${caseNo}`)).body.applicant;
    expect((await call(clerk, 'POST', `/api/personal-data/${personId}/erase`, { reason: 'x' })).status).toBe(403);
    const erased = await call(admin, 'POST', `/api/personal-data/${personId}/erase`, { reason: '本人依个人信息保护法第四十七条申请删除' });
    expect(erased).toMatchObject({ status: 200, body: { personId, erased: true } });
    expect((await call(admin, 'POST', `/api/personal-data/${personId}/erase`, { reason: 'again' })).body).toEqual(erased.body);
    for (const principal of [clerk, applicantToken, admin]) {
      expect((await call(principal, 'GET', `/api/cases/${caseNo}`)).body.applicant)
        .toEqual({ kind: 'person', shown: 'erased', personId, name: null, idNumber: null, phone: null, address: null });
    }
    // Every case of that person goes with the one key.
    expect((await call(rsClerk, 'GET', `/api/cases/${atCenter.body.caseNo}`)).body.applicant).toMatchObject({ shown: 'erased', personId });
    expect(await report()).toEqual(before);
    expect((await call(discipline, 'GET', `/api/complaints/${complaintNo}/complainant`)).body).toMatchObject({ shown: 'clear', name: '司马光远' });
    expect((await call(admin, 'POST', '/api/personal-data/00000000-0000-4000-8000-000000000000/erase', { reason: 'x' })).status).toBe(404);

    // After a clean stop too (WAL checkpointed into the files).
    engine.kill('SIGTERM');
    await new Promise((resolve) => engine.once('exit', resolve));
    const stopped = filesUnder(dataDir);
    for (const secret of SECRETS) expect({ secret, files: whereFound(secret, stopped) }).toEqual({ secret, files: [] });
    for (const secret of SECRETS) expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
  }, 120_000);
});
