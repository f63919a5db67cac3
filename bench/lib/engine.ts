import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { BenchTokens, benchTokens } from './bench-tokens';
import { freePort } from './port';
import { childrenOf, processCpuSeconds, statusMiB } from './proc';
import { repoRoot } from './results';

export interface EngineSettings {
  readonly dataDir: string;
  readonly synchronous?: 'FULL' | 'NORMAL';
  readonly groupCommit?: boolean;
  readonly seedDemo?: boolean;
  readonly deadlineWatcher?: boolean;
  /** Run under `node --cpu-prof`; the profile is written there when the engine stops. */
  readonly cpuProfileDir?: string;
  /** Which app to run (default `engine`, the all-in-one); `api`, `projector`, `watcher` are its roles apart. */
  readonly app?: 'engine' | 'api' | 'projector' | 'watcher';
  /** SQLITE_WRITER: where the event store's transactions run (default inline). */
  readonly writer?: 'inline' | 'thread';
  /** API_PROCESSES: more than 1 runs the engine clustered (its API processes, a projector and a watcher, one port). */
  readonly apiProcesses?: number;
  /** Another build of the engine (its dist/ folder), for side-by-side runs of two commits; default this repository's. */
  readonly dist?: string;
  /** More of the engine's environment, over the settings above (MAX_IN_FLIGHT for the overload workload, EVENT_STORE=postgres and its URL). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The engine's GET /ready answer, reduced to what the benchmarks read. */
export interface EngineHealth {
  readonly store: { readonly headPosition: number };
  readonly readModels: { readonly checkpoint: number; readonly lag: number };
}

interface ReadyAnswer {
  readonly details: { readonly eventStore: { readonly headPosition: number }; readonly readModels: { readonly checkpoint: number; readonly lag: number } };
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const KEPT_LOG_LINES = 40;

/**
 * The engine as its own process (`node dist/apps/engine/src/main.js`), the way it runs in
 * production, on a free port of 127.0.0.1 with LOG_LEVEL=warn (info when clustered: the
 * primary says at info when every API process listens).
 */
export class EngineProcess {
  private readonly log: string[] = [];
  /** Whether the primary of a clustered engine has said that every API process listens. */
  private allListening = false;
  /** Callers' tokens, signed with this engine's secret (created by the engine at start). */
  tokens!: BenchTokens;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly settings: EngineSettings,
  ) {
    const keep = (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      if (lines.some((line) => /engine ready at .*API processes/.test(line))) this.allListening = true;
      this.log.push(...lines);
      this.log.splice(0, Math.max(0, this.log.length - KEPT_LOG_LINES));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(settings: EngineSettings): Promise<EngineProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: settings.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: (settings.apiProcesses ?? 1) > 1 ? 'info' : 'warn',
      SQLITE_SYNCHRONOUS: settings.synchronous ?? 'FULL',
      GROUP_COMMIT: String(settings.groupCommit ?? true),
      SQLITE_WRITER: settings.writer ?? 'inline',
      API_PROCESSES: String(settings.apiProcesses ?? 1),
      SEED_DEMO: String(settings.seedDemo ?? true),
      DEADLINE_WATCHER: String(settings.deadlineWatcher ?? true),
      ...settings.env,
    };
    const nodeArgs = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [];
    const main = path.join(settings.dist ?? path.join(repoRoot(), 'dist'), 'apps', settings.app ?? 'engine', 'src', 'main.js');
    const child = spawn(process.execPath, [...nodeArgs, main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const engine = new EngineProcess(child, `http://127.0.0.1:${port}`, settings);
    await engine.waitUntilUp();
    // Clustered: until the last API process listens, every connection goes to the first, and the others stay cold.
    if ((settings.apiProcesses ?? 1) > 1) await engine.waitAllListening();
    engine.tokens = await benchTokens(settings.dataDir);
    return engine;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('engine has no pid');
    return this.child.pid;
  }

  async health(): Promise<EngineHealth> {
    const response = await fetch(`${this.url}/ready`);
    if (!response.ok) throw new Error(`GET /ready: ${response.status}`);
    const { details } = (await response.json()) as ReadyAnswer;
    return { store: { headPosition: details.eventStore.headPosition }, readModels: details.readModels };
  }

  /** Resolves once the read models have caught up with the store's head. */
  async waitCaughtUp(timeoutMs = 30 * 60_000): Promise<EngineHealth> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const health = await this.health();
      if (health.readModels.lag === 0) return health;
      if (Date.now() > deadline) throw new Error(`read models still ${health.readModels.lag} events behind after ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  /**
   * Resolves once the engine has used less than `threshold` of a core over `windowMs`: its
   * start-up catch-up (reference data, notice opener) is over.
   */
  async waitIdle(threshold = 0.05, windowMs = 500, timeoutMs = 30 * 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let before = this.cpuSeconds();
    for (;;) {
      await sleep(windowMs);
      const now = this.cpuSeconds();
      if ((now - before) / (windowMs / 1000) < threshold) return;
      if (Date.now() > deadline) throw new Error(`engine still busy after ${timeoutMs} ms`);
      before = now;
    }
  }

  /** Of the engine's process and, clustered, the processes it forked. */
  cpuSeconds(): number {
    return [this.pid, ...childrenOf(this.pid)].reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  }

  rssMiB(): number {
    return statusMiB(this.pid, 'VmRSS');
  }

  /** SIGTERM (the engine closes its store and read models), SIGKILL if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9: a crash, for the restart after it. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private async waitAllListening(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!this.allListening) {
      if (Date.now() > deadline) throw new Error(`clustered engine: not every API process listened after ${START_TIMEOUT_MS} ms:\n${this.log.join('\n')}`);
      await sleep(100);
    }
  }

  private async waitUntilUp(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`engine exited (${exitCode}) before it was up:\n${this.log.join('\n')}`);
      try {
        await this.health();
        return;
      } catch {
        await sleep(100);
      }
    }
    await this.stop();
    throw new Error(`engine not up after ${START_TIMEOUT_MS} ms:\n${this.log.join('\n')}`);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
