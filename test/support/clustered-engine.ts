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
  /** What the primary has logged so far (every process logs to its stdout). */
  log(): string;
}

/** Spawns the engine and returns at once, while it starts. */
export async function spawnClustered(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ClusteredEngine> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, 'apps', 'engine', 'src', 'main.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', API_PROCESSES: '2', LEASE_TTL_MS: '2000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, exited, log: () => output };
}

export async function startClustered(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ClusteredEngine> {
  const engine = await spawnClustered(dataDir, env);
  // The primary says so once every API process listens.
  await until(() => /"msg":"engine ready at [^"]*: 2 API processes/.test(engine.log()), 60_000, 'the clustered engine did not become ready');
  return engine;
}

/** Whether a process still runs (a zombie, exited and not yet reaped, does not). */
export function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
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

