import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMANDS_PER_CASE } from './lib/case-flow';
import { closedLoop, ClosedLoopResult } from './lib/closed-loop';
import { summarizeCpuProfile } from './lib/cpu-profile';
import { repeat } from './lib/driver';
import type { EngineProcess } from './lib/engine';
import { CpuShare, Engines, withCpu } from './lib/engines';
import { openLoop, OpenLoopResult } from './lib/open-loop';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { median } from './lib/stats';

/**
 * Benchmark 2: commands over HTTP through the whole engine (Fastify, NestJS, validation,
 * CommandBus, read-fold-decide-append, group commit, the projector), the engine in its own
 * process at its defaults (synchronous FULL, group commit on), a fresh engine and DATA_DIR
 * per load, the load generator in this process on the same 2 cores.
 */
export const CLOSED_LOOP_CONNECTIONS = 64;
/** The mix's engines admit its 64 connections (MAX_IN_FLIGHT's default became 32 in decision 0092): figures comparable with the earlier rows. */
const ADMIT_THE_CLOSED_LOOP = { MAX_IN_FLIGHT: String(CLOSED_LOOP_CONNECTIONS) };
export const OPEN_LOOP_RATES = [1000, 2000] as const;
/** Closed-loop warm-up of each fresh engine (JIT, SQLite caches) before its measured runs. */
const ENGINE_WARMUP_SECONDS = 2;
const REFERENCE_RUNS = 3;
const WRITER_THREAD_OPEN_RATE = 1000;
/** API_PROCESSES of the clustered engine (its API processes on one port, a projector, a watcher). */
const CLUSTER_API_PROCESSES = 2;
/** The profiled run is long enough for the engine's start-up to be a small part of the profile. */
const PROFILE_SECONDS = 10;

type ClosedRun = ClosedLoopResult & CpuShare;
type OpenRun = OpenLoopResult & CpuShare;
type ClosedSummary = ReturnType<typeof summarizeClosed>;
type OpenSummary = ReturnType<typeof summarizeOpen>;

export async function runHttpBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('2. Commands over HTTP through the whole engine (engine child process, load generator in this process)');
  const seconds = options.httpSeconds;
  const warmup = Math.min(1, seconds / 2);
  const engineWarmup = options.thorough ? ENGINE_WARMUP_SECONDS : warmup;
  // Quick mode only checks that each kind of load works: one engine, one open-loop rate, no reference runs.
  const rates = options.thorough ? OPEN_LOOP_RATES : OPEN_LOOP_RATES.slice(0, 1);
  const engines = new Engines(options.thorough, { env: ADMIT_THE_CLOSED_LOOP });
  const open: Record<string, { median: OpenSummary; runs: OpenRun[] }> = {};
  const autocannonRate: Record<string, { median: ClosedSummary; runs: ClosedRun[] }> = {};
  let closed: { median: ClosedSummary; runs: ClosedRun[] };
  try {
    const closedRuns = await engines.use(async (engine) => {
      await closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, engineWarmup);
      return repeat(options.runs, () => withCpu(engine, () => closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, seconds)));
    });
    closed = { median: summarizeClosed(closedRuns), runs: closedRuns };
    console.log(`  closed loop, ${CLOSED_LOOP_CONNECTIONS} connections: ${formatNumber(closed.median.commandsPerSecond)} commands/s, ` +
      `p50 ${formatNumber(closed.median.p50Ms)} ms, p99 ${formatNumber(closed.median.p99Ms)} ms`);
    for (const rate of rates) {
      const runs = await engines.use(async (engine) => {
        if (options.thorough) await closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, engineWarmup);
        return repeat(options.runs, () => withCpu(engine, () => openLoop(engine.url, engine.tokens, rate, seconds, warmup)));
      });
      open[rate] = { median: summarizeOpen(runs), runs };
      const m = open[rate].median;
      console.log(`  open loop ${rate}/s: achieved ${formatNumber(m.achievedRate)}/s, p50 ${formatNumber(m.p50Ms)} ms, ` +
        `p99 ${formatNumber(m.p99Ms)} ms, p99.9 ${formatNumber(m.p999Ms)} ms, non-2xx ${m.non2xx}`);
    }
    // For reference only: autocannon's overallRate sends each connection's quota in a burst at the start of every second.
    for (const rate of options.thorough ? OPEN_LOOP_RATES : []) {
      const runs = await engines.use(async (engine) => {
        await closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, engineWarmup);
        return repeat(REFERENCE_RUNS, () => withCpu(engine, () => closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, seconds, rate)));
      });
      autocannonRate[rate] = { median: summarizeClosed(runs), runs };
    }
  } finally {
    await engines.close();
  }
  const writerThread = options.thorough ? await measureWriterThread(options, seconds, warmup) : undefined;
  const clustered = options.thorough ? await measureClustered(options, seconds, warmup) : undefined;
  const profile = options.profile ? await profileClosedLoop(seconds) : undefined;

  console.log(`\n  median of ${options.runs} runs of ${seconds} s (autocannon overallRate: ${REFERENCE_RUNS} runs); ` +
    `${COMMANDS_PER_CASE} commands a case; synchronous FULL, group commit on`);
  printTable(['load', 'commands/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'engine cores', 'generator cores'], [
    closedRow(`closed loop, ${CLOSED_LOOP_CONNECTIONS} connections (autocannon)`, closed.median),
    ...Object.entries(open).map(([rate, { median: m }]) => openRow(`open loop ${rate}/s (evenly spaced)`, m)),
    ...Object.entries(autocannonRate).map(([rate, { median: m }]) => closedRow(`autocannon overallRate ${rate}/s (bursty)`, m)),
    ...(writerThread ? [
      closedRow(`SQLITE_WRITER=thread: closed loop, ${CLOSED_LOOP_CONNECTIONS} connections`, writerThread.closed.median),
      openRow(`SQLITE_WRITER=thread: open loop ${WRITER_THREAD_OPEN_RATE}/s`, writerThread.open.median),
    ] : []),
    ...(clustered ? [
      closedRow(`API_PROCESSES=${CLUSTER_API_PROCESSES}: closed loop, ${CLOSED_LOOP_CONNECTIONS} connections`, clustered.closed.median),
      ...Object.entries(clustered.open).map(([rate, { median: m }]) => openRow(`API_PROCESSES=${CLUSTER_API_PROCESSES}: open loop ${rate}/s`, m)),
    ] : []),
  ]);
  if (clustered) console.log(`  clustered: API_PROCESSES=${CLUSTER_API_PROCESSES}, the engine's API processes on one port, a projector and a watcher; engine cores are all its processes together`);

  const figures: Record<string, number> = {
    closedCommandsPerSecond: closed.median.commandsPerSecond,
    closedP99Ms: closed.median.p99Ms,
    closedEngineCores: closed.median.engineCores,
  };
  const rows: SummaryRow[] = [{
    benchmark: 'http', figure: `commands, closed loop, ${CLOSED_LOOP_CONNECTIONS} connections`, value: closed.median.commandsPerSecond, unit: 'commands/s',
    note: `p50 ${formatNumber(closed.median.p50Ms)} ms, p99 ${formatNumber(closed.median.p99Ms)} ms; ` +
      `engine ${formatNumber(closed.median.engineCores)} cores, generator ${formatNumber(closed.median.generatorCores)}`,
  }];
  for (const [rate, { median: m }] of Object.entries(open)) {
    figures[`open${rate}P50Ms`] = m.p50Ms;
    figures[`open${rate}P99Ms`] = m.p99Ms;
    figures[`open${rate}P999Ms`] = m.p999Ms;
    figures[`open${rate}AchievedRate`] = m.achievedRate;
    rows.push({ benchmark: 'http', figure: `commands, open loop ${rate}/s: p99`, value: m.p99Ms, unit: 'ms',
      note: `p50 ${formatNumber(m.p50Ms)} ms, p99.9 ${formatNumber(m.p999Ms)} ms, achieved ${formatNumber(m.achievedRate)}/s, non-2xx ${m.non2xx}` });
  }
  if (writerThread) {
    figures.writerThreadClosedCommandsPerSecond = writerThread.closed.median.commandsPerSecond;
    figures[`writerThreadOpen${WRITER_THREAD_OPEN_RATE}P99Ms`] = writerThread.open.median.p99Ms;
    rows.push({ benchmark: 'http', figure: `same, event store writer on its own thread (SQLITE_WRITER=thread)`, value: writerThread.closed.median.commandsPerSecond,
      unit: 'commands/s', note: `p99 ${formatNumber(writerThread.closed.median.p99Ms)} ms; open loop ${WRITER_THREAD_OPEN_RATE}/s: p50 ` +
        `${formatNumber(writerThread.open.median.p50Ms)} ms, p99 ${formatNumber(writerThread.open.median.p99Ms)} ms` });
  }
  if (clustered) {
    figures.clusteredClosedCommandsPerSecond = clustered.closed.median.commandsPerSecond;
    rows.push({ benchmark: 'http', figure: `same, the engine clustered: API_PROCESSES=${CLUSTER_API_PROCESSES}`, value: clustered.closed.median.commandsPerSecond,
      unit: 'commands/s', note: `p99 ${formatNumber(clustered.closed.median.p99Ms)} ms; engine ${formatNumber(clustered.closed.median.engineCores)} cores (all its processes)` });
    for (const [rate, { median: m }] of Object.entries(clustered.open)) {
      figures[`clusteredOpen${rate}P99Ms`] = m.p99Ms;
      figures[`clusteredOpen${rate}AchievedRate`] = m.achievedRate;
      rows.push({ benchmark: 'http', figure: `clustered engine, open loop ${rate}/s: p99`, value: m.p99Ms, unit: 'ms',
        note: `p50 ${formatNumber(m.p50Ms)} ms, p99.9 ${formatNumber(m.p999Ms)} ms, achieved ${formatNumber(m.achievedRate)}/s, non-2xx ${m.non2xx}` });
    }
  }
  const file = writeResult('http', environment, {
    durability: 'engine defaults: SQLITE_SYNCHRONOUS=FULL, GROUP_COMMIT=true',
    settings: { runs: options.runs, secondsPerRun: seconds, warmupSeconds: warmup, engineWarmupSeconds: engineWarmup,
      closedLoopConnections: CLOSED_LOOP_CONNECTIONS, openLoopRates: rates, commandsPerCase: COMMANDS_PER_CASE, referenceRuns: REFERENCE_RUNS },
    closedLoop: closed,
    openLoop: open,
    autocannonOverallRate: autocannonRate,
    ...(writerThread ? { writerThread } : {}),
    ...(clustered ? { clustered: { apiProcesses: CLUSTER_API_PROCESSES, ...clustered } } : {}),
    ...(profile ? { profile } : {}),
  });
  return { name: 'http', file, figures, rows };
}

/** The same closed loop and the 1,000/s open loop with the event store's transactions on a writer thread, one engine each. */
async function measureWriterThread(options: BenchOptions, seconds: number, warmup: number) {
  const engines = new Engines(true, { writer: 'thread', env: ADMIT_THE_CLOSED_LOOP });
  try {
    const closedRuns = await engines.use(async (engine) => {
      await closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, ENGINE_WARMUP_SECONDS);
      return repeat(options.runs, () => withCpu(engine, () => closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, seconds)));
    });
    const openRuns = await engines.use(async (engine) => {
      await closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, ENGINE_WARMUP_SECONDS);
      return repeat(options.runs, () => withCpu(engine, () => openLoop(engine.url, engine.tokens, WRITER_THREAD_OPEN_RATE, seconds, warmup)));
    });
    return { closed: { median: summarizeClosed(closedRuns), runs: closedRuns }, open: { median: summarizeOpen(openRuns), runs: openRuns } };
  } finally {
    await engines.close();
  }
}

/** The same loads on the engine clustered (API_PROCESSES), a fresh engine per load; the warm-up as long per API process as the all-in-one's. */
async function measureClustered(options: BenchOptions, seconds: number, warmup: number) {
  const engines = new Engines(true, { apiProcesses: CLUSTER_API_PROCESSES, env: ADMIT_THE_CLOSED_LOOP });
  const warmUp = (engine: EngineProcess) => closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, ENGINE_WARMUP_SECONDS * CLUSTER_API_PROCESSES);
  const closedRuns = await engines.use(async (engine) => {
    await warmUp(engine);
    return repeat(options.runs, () => withCpu(engine, () => closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, seconds)));
  });
  const open: Record<string, { median: OpenSummary; runs: OpenRun[] }> = {};
  for (const rate of OPEN_LOOP_RATES) {
    const runs = await engines.use(async (engine) => {
      await warmUp(engine);
      return repeat(options.runs, () => withCpu(engine, () => openLoop(engine.url, engine.tokens, rate, seconds, warmup)));
    });
    open[rate] = { median: summarizeOpen(runs), runs };
  }
  return { closed: { median: summarizeClosed(closedRuns), runs: closedRuns }, open };
}

function openRow(label: string, m: OpenSummary): string[] {
  return [label, formatNumber(m.achievedRate), formatNumber(m.p50Ms), formatNumber(m.p99Ms), formatNumber(m.p999Ms),
    formatNumber(m.engineCores), formatNumber(m.generatorCores)];
}

function closedRow(label: string, m: ClosedSummary): string[] {
  return [label, formatNumber(m.commandsPerSecond), formatNumber(m.p50Ms), formatNumber(m.p99Ms), formatNumber(m.p999Ms),
    formatNumber(m.engineCores), formatNumber(m.generatorCores)];
}

function summarizeClosed(runs: readonly ClosedRun[]) {
  return {
    commandsPerSecond: median(runs.map((run) => run.commandsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    p999Ms: median(runs.map((run) => run.p999Ms)),
    engineCores: median(runs.map((run) => run.engineCores)),
    generatorCores: median(runs.map((run) => run.generatorCores)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

function summarizeOpen(runs: readonly OpenRun[]) {
  return {
    achievedRate: median(runs.map((run) => run.achievedRate)),
    p50Ms: median(runs.map((run) => run.latencyMs.p50)),
    p99Ms: median(runs.map((run) => run.latencyMs.p99)),
    p999Ms: median(runs.map((run) => run.latencyMs.p999)),
    startDelayP99Ms: median(runs.map((run) => run.startDelayMs.p99)),
    maxInFlight: median(runs.map((run) => run.maxInFlight)),
    engineCores: median(runs.map((run) => run.engineCores)),
    generatorCores: median(runs.map((run) => run.generatorCores)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

/** One extra closed-loop run with the engine under --cpu-prof (BENCH_PROFILE=1); summarises where its CPU went. */
async function profileClosedLoop(seconds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
  const result = await new Engines(true, { env: ADMIT_THE_CLOSED_LOOP }).use(async (engine) => {
    await closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, ENGINE_WARMUP_SECONDS);
    return closedLoop(engine.url, engine.tokens, CLOSED_LOOP_CONNECTIONS, Math.max(seconds, PROFILE_SECONDS));
  }, dir);
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written in ${dir}`);
  const summary = summarizeCpuProfile(path.join(dir, file));
  console.log(`\n  CPU profile of the engine (closed loop, ${formatNumber(result.commandsPerSecond)} commands/s): ${path.join(dir, file)}`);
  printTable(['where (self time)', 'share'], summary.byArea.slice(0, 20).map((area) => [area.name, `${(area.share * 100).toFixed(1)}%`]));
  printTable(['function (self time)', 'share'], summary.topFunctions.slice(0, 25).map((fn) => [fn.name, `${(fn.share * 100).toFixed(1)}%`]));
  return { profileFile: path.join(dir, file), commandsPerSecond: result.commandsPerSecond, ...summary };
}
