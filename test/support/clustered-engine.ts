import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from '../../bench/lib/port';
import { childrenOf } from '../../bench/lib/proc';

export { childrenOf, freePort };

/** `API_PROCESSES=2 npm start` as built (`npm test` builds dist/ first), for the specs that run it whole. */
export const DIST = process.env.SERVICES_DIST ?? path.resolve(__dirname, '../../dist');

export interface ClusteredEngine {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

export async function startClustered(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ClusteredEngine> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, 'apps', 'engine', 'src', 'main.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', API_PROCESSES: '2', LEASE_TTL_MS: '2000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString('utf8'));
  child.stdout?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const engine = { child, port, exited };
  // The primary says so once every API process listens.
  await until(() => /"msg":"engine ready at [^"]*: 2 API processes/.test(output), 60_000, 'the clustered engine did not become ready');
  // From here the log is only drained, not kept.
  child.stdout?.off('data', collect).resume();
  return engine;
}

/** A GET's body as text (e.g. /metrics), on a connection of its own. */
export function requestText(engine: ClusteredEngine, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: engine.port, path: url, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
}

/** One request on a connection of its own (no keep-alive): the cluster's primary picks the API process per connection. */
export function request(engine: ClusteredEngine, method: string, url: string, authorization?: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port: engine.port, method, path: url, agent: false, timeout: 10_000,
      headers: { ...(authorization ? { authorization } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function until(check: () => Promise<boolean> | boolean, withinMs: number, message: string): Promise<void> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < withinMs) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(message);
}

