import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { caseStreamId } from '@gov/domain';
import { sha256Of } from '../../apps/engine/src/cli/import-progress';
import type { ImportProgress } from '../../apps/engine/src/cli/import-progress';
import { removeDataDir, startEngine, tempDataDir, TestEngine } from '../support/engine';

/**
 * `npm run import` as a county runs it against its engine: a process posting a file of legacy
 * histories over HTTP, killed midway and run again.
 */
describe('npm run import', () => {
  const dataDir = tempDataDir();
  let engine: TestEngine;
  let url: string;

  beforeAll(async () => {
    engine = await startEngine({ dataDir, now: '2026-11-26T02:00:00.000Z' });
    await engine.app.listen(0, '127.0.0.1');
    url = await engine.app.getUrl();
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(dataDir);
  });

  const importing = (file: string, args: string[] = [], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register',
      path.resolve(__dirname, '../../apps/engine/src/cli/import-histories.ts'), file, '--url', url, ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATA_DIR: dataDir, TS_NODE_TRANSPILE_ONLY: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, exit };
  };
  const progressOf = (file: string): ImportProgress | undefined => {
    try {
      return JSON.parse(fs.readFileSync(`${file}.progress`, 'utf8')) as ImportProgress;
    } catch {
      return undefined;
    }
  };
  const caseNo = (n: number) => `ZRZY-20120405-${String(n).padStart(5, '0')}`;
  const history = (n: number | null, overrides: Record<string, unknown> = {}) => ({
    ...(n === null ? {} : { caseNo: caseNo(n) }),
    itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '钱七' }, materials: ['申请书'],
    receivedAt: '2012-04-05T01:00:00Z',
    steps: [
      { action: 'assess-fee', at: '2012-04-05T02:00:00Z', fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] },
      { action: 'pay-fee', at: '2012-04-05T03:00:00Z', amountFen: 8000, method: 'bank-counter', bankReceiptNo: `OLD-${n}` },
      { action: 'complete', at: '2012-04-09T08:00:00+08:00', outcome: 'approved', decision: '准予登记' },
      { action: 'rate', at: '2012-04-09T09:00:00+08:00', level: 'very-satisfied' },
    ],
    ...overrides,
  });
  const completedThenPaid = (n: number) => history(n, { steps: [
    { action: 'complete', at: '2012-04-06T01:00:00Z', outcome: 'approved', decision: 'x' },
    { action: 'pay-fee', at: '2012-04-06T02:00:00Z', amountFen: 100, method: 'cash', bankReceiptNo: 'X' }] });
  const eventsOf = async (n: number) => (await engine.store.readStream(caseStreamId(caseNo(n)))).length;

  it('resumes after a kill where it stopped: every history lands once, each rejection is reported once with its line and code', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => {
      const line = i + 1;
      if (line === 5 || line === 390) return JSON.stringify(completedThenPaid(line));
      if (line === 9) return JSON.stringify(history(line, { channel: 'fax' }));
      if (line === 13) return '{"itemCode": "ZRZY-001", ';
      return JSON.stringify(history(line));
    });
    const file = path.join(dataDir, 'legacy.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const head = await engine.store.headPosition();

    const first = importing(file, ['--chunk', '10']);
    for (let progress = progressOf(file); !(progress && progress.done >= 100); progress = progressOf(file)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    const killed = await first.exit;
    const stopped = progressOf(file) as ImportProgress;
    const landedBeforeKill = (await engine.store.headPosition()) - head;

    expect(killed.signal).toBe('SIGKILL');
    expect(stopped.finished).toBe(false);
    expect(stopped.done).toBeLessThan(400);
    expect(landedBeforeKill % 5).toBe(0);
    expect(landedBeforeKill / 5).toBeLessThan(396);

    const second = await importing(file, ['--chunk', '10']).exit;

    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`import: resuming ${file} after line ${stopped.done}`);
    expect(second.stdout).toMatch(/^imported 396, rejected 4 /m);
    expect(second.stdout).toMatch(/^line 390: rejected, CASE.ALREADY_COMPLETED at step 1: /m);
    const done = progressOf(file) as ImportProgress;
    expect(done).toMatchObject({ finished: true, done: 400, imported: 396, inFlight: null, unsure: null });
    expect(done.rejections.map(({ line, code, step }) => ({ line, code, step }))).toEqual([
      { line: 5, code: 'CASE.ALREADY_COMPLETED', step: 1 },
      { line: 9, code: 'VALIDATION.FAILED', step: null },
      { line: 13, code: 'IMPORT.UNREADABLE', step: null },
      { line: 390, code: 'CASE.ALREADY_COMPLETED', step: 1 },
    ]);
    expect(done.rejections[1].message).toContain('channel');
    // Once each: five events a history, none twice.
    expect((await engine.store.headPosition()) - head).toBe(396 * 5);
    expect(await eventsOf(1)).toBe(5);
    expect(await eventsOf(400)).toBe(5);
    expect(await eventsOf(5)).toBe(0);

    const third = await importing(file).exit;
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`${file} was imported already`);
    expect((await engine.store.headPosition()) - head).toBe(396 * 5);
  }, 120_000);

  it('will not guess whether a history without caseNo landed from a chunk in flight at the stop: it asks', async () => {
    const file = path.join(dataDir, 'unnumbered.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(history(null))}\n${JSON.stringify(history(null))}\n`);
    const stoppedMidChunk: ImportProgress = {
      format: 'gov-import-progress/1', sha256: await sha256Of(file), done: 0, imported: 0, rejections: [],
      inFlight: { from: 1, to: 2 }, unsure: null, finished: false,
    };
    fs.writeFileSync(`${file}.progress`, JSON.stringify(stoppedMidChunk));
    const head = await engine.store.headPosition();

    const asked = await importing(file).exit;
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('line 1 was being imported when the last run stopped, and it has no caseNo');
    expect(await engine.store.headPosition()).toBe(head);
    expect(progressOf(file)).toMatchObject({ done: 0, unsure: { from: 1, to: 2 } });

    const skipped = await importing(file, ['--unsure', 'skip']).exit;
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('line 2: skipped (--unsure skip)');
    expect(await engine.store.headPosition()).toBe(head);
    expect(progressOf(file)).toMatchObject({ finished: true, imported: 0, rejections: [] });
  }, 60_000);

  it('stops when the engine refuses a chunk whole (here the token), and knows that nothing of it landed', async () => {
    const file = path.join(dataDir, 'refused.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(history(null))}\n`);

    const refused = await importing(file, [], { IMPORT_TOKEN: 'not-a-token' }).exit;

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('import: the engine answered 401');
    expect(progressOf(file)).toMatchObject({ done: 0, inFlight: null, unsure: null, finished: false });
  }, 60_000);

  it('reads CSV by its column mapping, a rejection named by the line of the step that broke the rule', async () => {
    const file = path.join(dataDir, 'legacy.csv');
    fs.writeFileSync(file, [
      '旧编号,action,at,item_code,channel,window_id,applicant_kind,applicant_name,materials,fees,amount_fen,method,bank_receipt_no,outcome,decision,level',
      'A-1,receive,2012-04-05T09:00:00+08:00,ZRZY-001,window,w-zrzy,person,孙八,申请书;身份证复印件,,,,,,,',
      'A-1,assess-fee,2012-04-05T10:00:00+08:00,,,,,,,F-BDC-ZZ:8000,,,,,,',
      'A-1,pay-fee,2012-04-05T11:00:00+08:00,,,,,,,,8000,bank-counter,OLD-A1,,,',
      'A-1,complete,2012-04-09T08:00:00+08:00,,,,,,,,,,,approved,准予登记,',
      'A-2,receive,2012-04-05T09:30:00+08:00,ZRZY-001,window,w-zrzy,person,周九,申请书,,,,,,,',
      'A-2,complete,2012-04-06T09:00:00+08:00,,,,,,,,,,,approved,x,',
      'A-2,pay-fee,2012-04-06T10:00:00+08:00,,,,,,,,100,cash,X,,,',
      '',
    ].join('\n'));
    const head = await engine.store.headPosition();

    const imported = await importing(file, ['--column', 'legacy_id=旧编号']).exit;

    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^line 8: rejected, CASE.ALREADY_COMPLETED at step 1: /m);
    expect(imported.stdout).toMatch(/^imported 1, rejected 1 /m);
    expect((await engine.store.headPosition()) - head).toBe(4);
  }, 60_000);
});
