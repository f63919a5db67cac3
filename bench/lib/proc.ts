import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** The processes whose parent is `pid`, from /proc (a clustered engine's workers). */
export function childrenOf(pid: number): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((name) => {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

/** A line of /proc/<pid>/status in MiB (VmRSS, VmHWM: the peak resident set). */
export function statusMiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

/** CPU used by this process between two points, as a share of one core. */
export function ownCpuMeter(): () => number {
  const startedCpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  return () => {
    const used = process.cpuUsage(startedCpu);
    const wallMicros = Number(process.hrtime.bigint() - started) / 1000;
    return (used.user + used.system) / wallMicros;
  };
}

/** A fresh directory under the OS temp dir (the same filesystem as the data here), removed by `remove`. */
export function tempDir(prefix: string): { readonly dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
