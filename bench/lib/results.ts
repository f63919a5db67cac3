import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Mode } from './options';

/** The repository root: the compiled file lives in dist/bench/lib, the source in bench/lib. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export interface RunEnvironment {
  readonly date: string;
  readonly mode: Mode;
  readonly machine: {
    readonly os: string;
    readonly cpuModel: string;
    readonly cpus: number;
    readonly memoryGiB: number;
  };
  readonly node: string;
  readonly git: {
    readonly commit: string;
    /** Uncommitted or untracked files when the run started: the commit alone does not name the code measured. */
    readonly uncommitted: readonly string[];
  };
  readonly loadGenerator: string;
  /** 1-, 5- and 15-minute load averages when the run started: other work on the machine lowers every figure. */
  readonly loadAverage: readonly number[];
}

export function runEnvironment(mode: Mode): RunEnvironment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    mode,
    machine: {
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      cpus: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    },
    node: process.version,
    git: { commit: git(['rev-parse', 'HEAD']).trim() || 'unknown', uncommitted: uncommittedPaths() },
    loadGenerator: 'in the bench process, on the same machine as the engine (they share its CPU cores)',
    loadAverage: loadAverage(),
  };
}

export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function uncommittedPaths(): string[] {
  return git(['status', '--porcelain', '--untracked-files=normal'])
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => line.slice(3))
    .filter((file) => !file.startsWith('bench/results/'));
}

export function resultsDir(): string {
  return path.join(repoRoot(), 'bench', 'results');
}

/** Writes bench/results/<date>-<name>[-quick|-long].json and returns its path. */
export function writeResult(name: string, environment: RunEnvironment, body: Record<string, unknown>): string {
  const day = environment.date.slice(0, 10);
  const suffix = environment.mode === 'default' ? '' : `-${environment.mode}`;
  const file = path.join(resultsDir(), `${day}-${name}${suffix}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const written = { benchmark: name, ...environment, loadAverageAtEnd: loadAverage(), ...body };
  fs.writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
  return file;
}
