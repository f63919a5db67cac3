import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { bearer } from '../support/auth';
import { DIST, freePort, until } from '../support/clustered-engine';
import { removeDataDir, tempDataDir } from '../support/engine';

/**
 * SIGTERM with clients attached (issue 26, item 3): idle keep-alive connections, a request
 * whose body is still coming and finishes during the drain, and one whose client stalls for
 * ever. The engine (dist/, as built) answers the first, cuts the second at STOP_DRAIN_MS,
 * closes the idle ones, logs what it did and exits 0: it does not wait for its clients.
 */
const MAIN = path.join(DIST, 'apps/engine/src/main.js');
const DRAIN_MS = 2_000;
const receipt = JSON.stringify({ itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '孙八' }, materials: ['申请书'] });

describe('SIGTERM drains within a bound', () => {
  const dataDir = tempDataDir();
  let engine: ChildProcess | undefined;
  afterAll(() => {
    if (engine && engine.exitCode === null) engine.kill('SIGKILL');
    removeDataDir(dataDir);
  });

  it('answers the request it is finishing, cuts a stalled one at STOP_DRAIN_MS, closes idle connections, logs it and exits 0', async () => {
    expect(fs.existsSync(MAIN)).toBe(true);
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', STOP_DRAIN_MS: String(DRAIN_MS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    engine = child;
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(() => /engine ready at/.test(log), 60_000, 'the engine did not start');
    const authorization = await bearer(dataDir, { subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' });

    // Ten idle keep-alive connections, as a load tool's pool leaves them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    await Promise.all(Array.from({ length: 10 }, () => new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => res.resume().on('end', () => resolve())).on('error', reject);
    })));
    // Two receipts whose bodies are still on their way when SIGTERM comes.
    const open = () => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/cases', agent: false,
        headers: { authorization, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(receipt)) } });
      const answer = new Promise<{ status: number; connection?: string } | Error>((resolve) => {
        req.on('response', (res) => res.resume().on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection })));
        req.on('error', (error) => resolve(error));
      });
      req.write(receipt.slice(0, 10));
      return { req, answer };
    };
    const finishing = open();
    const stalled = open();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = Date.now();
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    finishing.req.end(receipt.slice(10));

    expect(await finishing.answer).toEqual({ status: 201, connection: 'close' });
    // Cut: the client sees its connection reset, no answer.
    expect(await stalled.answer).toMatchObject({ code: 'ECONNRESET' });
    expect(await exited).toBe(0);
    // Bounded: the drain, then the close; never the clients' patience. Generous, so a loaded machine does not flake it.
    expect(Date.now() - signalled).toBeLessThan(DRAIN_MS + 15_000);
    const stopped = /"msg":"stopped on SIGTERM: (\{.*?\})"/.exec(log);
    expect(stopped).not.toBeNull();
    const report = JSON.parse(JSON.parse(`"${stopped?.[1]}"`));
    expect(report).toMatchObject({ inFlightAtStart: 2, answered: 1, cut: 1 });
    expect(report.connectionsAtStart).toBeGreaterThanOrEqual(12);
    expect(report.drainMs).toBeGreaterThanOrEqual(DRAIN_MS);
    agent.destroy();
  }, 120_000);
});
