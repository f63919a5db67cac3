import autocannon from 'autocannon';
import type { YearDataset } from './lib/dataset';
import { repeat } from './lib/driver';
import { EngineProcess, sleep } from './lib/engine';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { elapsedMs, LatencySummary, median, summarize } from './lib/stats';

/**
 * Benchmark 4: the figures the county reads, on the year of data: the center report and one
 * department's figures for all of 2026, against the engine started on that DATA_DIR (read
 * models already projected by the replay benchmark; otherwise the engine projects them
 * first). One client at a time: each query runs on the engine's single thread, so more
 * clients only queue (the same requests/s, a latency multiplied by the queue length). The
 * deadline watcher is off so that the year's open overdue cases do not make the engine write.
 */
const QUERIES = [
  { key: 'centerReport', label: 'GET /api/reports/center (2026)', path: '/api/reports/center?from=2026-01-01&to=2026-12-31' },
  { key: 'departmentStats', label: 'GET /api/departments/zrzy/stats (2026)', path: '/api/departments/zrzy/stats?from=2026-01-01&to=2026-12-31' },
] as const;

/** Each run sends about httpSeconds' worth of requests, and at least this many. */
const MIN_REQUESTS_PER_RUN = 3;

interface ReadRun {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

/**
 * While `during` runs, GET /health every 50 ms: a query holds the engine's only thread, so
 * this latency is what any command arriving meanwhile waits before it is even looked at.
 */
async function probeHealth<T>(url: string, during: () => Promise<T>): Promise<{ result: T; healthMs: LatencySummary }> {
  const latencies: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const started = process.hrtime.bigint();
      await fetch(`${url}/health`).then((response) => response.arrayBuffer());
      latencies.push(elapsedMs(started));
      await sleep(50);
    }
  })();
  try {
    return { result: await during(), healthMs: summarize(latencies) };
  } finally {
    running = false;
    await probe;
  }
}

async function timeOne(url: string, authorization: string): Promise<{ ms: number; body: unknown }> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers: { authorization } });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${JSON.stringify(body)}`);
  return { ms: elapsedMs(started), body };
}

/**
 * The year was appended behind the engine's back, after its readers had their checkpoints: the
 * decision documents and the SMS of 300,000 past cases are not what a start is measured on (a
 * store that lived through its year made them as it went).
 */
const BEHIND_ITS_BACK = { DECISION_DOCUMENTS: 'false', NOTIFY_POLL_MS: '0' };

async function startAndSettle(dataset: YearDataset): Promise<{ engine: EngineProcess; upSeconds: number; settledSeconds: number }> {
  const started = process.hrtime.bigint();
  const engine = await EngineProcess.start({ dataDir: dataset.dataDir, deadlineWatcher: false, env: BEHIND_ITS_BACK });
  try {
    const upSeconds = elapsedMs(started) / 1000;
    await engine.waitCaughtUp();
    await engine.waitIdle();
    return { engine, upSeconds, settledSeconds: elapsedMs(started) / 1000 };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

export async function runReadsBench(options: BenchOptions, environment: RunEnvironment, dataset: YearDataset): Promise<BenchOutcome> {
  heading(`4. Reads on a year of data (${formatNumber(dataset.cases)} cases, ${formatNumber(dataset.headPosition)} events), engine child process`);
  // The year was appended behind the engine's back: at its first start the log readers (the
  // complaint opener…) read it all. A restart is what an operator sees every other time.
  const first = await startAndSettle(dataset);
  await first.engine.stop();
  console.log(`  first start, the log readers reading the year: answering after ${formatNumber(first.upSeconds)} s, idle after ${formatNumber(first.settledSeconds)} s`);
  const { engine, upSeconds, settledSeconds } = await startAndSettle(dataset);
  try {
    console.log(`  restart: answering after ${formatNumber(upSeconds)} s, idle after ${formatNumber(settledSeconds)} s (${engine.rssMiB()} MiB resident)`);
    const results: Record<string, { median: ReadRun; runs: ReadRun[]; healthWhileRunningMs: LatencySummary }> = {};
    let centerReceived: unknown = null;
    for (const query of QUERIES) {
      const first = await timeOne(`${engine.url}${query.path}`, engine.tokens.admin);
      if (query.key === 'centerReport') centerReceived = (first.body as { center?: { received?: number } }).center?.received ?? null;
      const amount = Math.max(MIN_REQUESTS_PER_RUN, Math.round((options.httpSeconds * 1000) / first.ms));
      const { result: runs, healthMs } = await probeHealth(engine.url, () => repeat(options.runs, async () => {
        // sampleInt: autocannon ends a run at its next sample tick, so with the default 1 s a run
        // of `amount` requests lasted a whole number of seconds (91 requests in 1.1 s counted as 2 s).
        const result = await autocannon({ url: `${engine.url}${query.path}`, headers: { authorization: engine.tokens.admin }, connections: 1, amount,
          timeout: 120, sampleInt: 10 });
        return { requests: result.requests.total, requestsPerSecond: (result.requests.total - result.non2xx) / result.duration,
          p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
      }));
      const m = {
        requests: amount,
        requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
        p50Ms: median(runs.map((run) => run.p50Ms)),
        p99Ms: median(runs.map((run) => run.p99Ms)),
        non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
      };
      results[query.key] = { median: m, runs, healthWhileRunningMs: healthMs };
      console.log(`  ${query.label}: ${formatNumber(m.requestsPerSecond)} req/s, p50 ${formatNumber(m.p50Ms)} ms, p99 ${formatNumber(m.p99Ms)} ms; ` +
        `GET /health meanwhile: p50 ${formatNumber(healthMs.p50)} ms, p99 ${formatNumber(healthMs.p99)} ms`);
    }
    printTable(['query (1 client)', 'requests/run', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', '/health p99 ms meanwhile'], QUERIES.map((query) => {
      const { median: m, healthWhileRunningMs } = results[query.key];
      return [query.label, String(m.requests), formatNumber(m.requestsPerSecond), formatNumber(m.p50Ms), formatNumber(m.p99Ms), String(m.non2xx),
        formatNumber(healthWhileRunningMs.p99)];
    }));
    const figures: Record<string, number> = { engineUpSeconds: upSeconds, engineSettledSeconds: settledSeconds,
      engineFirstUpSeconds: first.upSeconds, engineFirstSettledSeconds: first.settledSeconds };
    const rows: SummaryRow[] = [];
    for (const query of QUERIES) {
      const { median: m, healthWhileRunningMs } = results[query.key];
      figures[`${query.key}RequestsPerSecond`] = m.requestsPerSecond;
      figures[`${query.key}P99Ms`] = m.p99Ms;
      figures[`${query.key}HealthP99Ms`] = healthWhileRunningMs.p99;
      rows.push({ benchmark: 'reads', figure: `${query.label}, 1 client`, value: m.requestsPerSecond, unit: 'req/s',
        note: `p50 ${formatNumber(m.p50Ms)} ms, p99 ${formatNumber(m.p99Ms)} ms; GET /health meanwhile p99 ${formatNumber(healthWhileRunningMs.p99)} ms` });
    }
    const head = (await engine.health()).store.headPosition;
    // Issue 26, item 7: the restart after a crash (kill -9, the WAL recovered at open), on the year.
    await engine.kill();
    const crash = await startAndSettle(dataset);
    await crash.engine.stop();
    console.log(`  restart after kill -9: answering after ${formatNumber(crash.upSeconds)} s, idle after ${formatNumber(crash.settledSeconds)} s`);
    figures.engineCrashUpSeconds = crash.upSeconds;
    figures.engineCrashSettledSeconds = crash.settledSeconds;
    rows.push({ benchmark: 'reads', figure: `engine restart after kill -9 on ${formatNumber(head)} events`, value: crash.upSeconds, unit: 's',
      note: `idle after ${formatNumber(crash.settledSeconds)} s` });
    rows.push({ benchmark: 'reads', figure: `engine restart on ${formatNumber(head)} events, everything up to date`, value: upSeconds, unit: 's',
      note: `idle after ${formatNumber(settledSeconds)} s` });
    rows.push({ benchmark: 'reads', figure: 'engine first start, its log readers reading the year', value: first.upSeconds, unit: 's',
      note: `idle after ${formatNumber(first.settledSeconds)} s; read models up to date when the replay benchmark ran before (alone, it projects the year too)` });
    const file = writeResult('reads', environment, {
      durability: 'engine defaults (SQLITE_SYNCHRONOUS=FULL); the reads write nothing',
      dataset: { cases: dataset.cases, events: dataset.headPosition, receiptDays: `${dataset.firstDay}..${dataset.lastDay}`, centerReceived },
      settings: { runs: options.runs, connections: 1, minRequestsPerRun: MIN_REQUESTS_PER_RUN, deadlineWatcher: false },
      engineStart: { upSeconds, settledSeconds, first: { upSeconds: first.upSeconds, settledSeconds: first.settledSeconds },
        afterKill9: { upSeconds: figures.engineCrashUpSeconds, settledSeconds: figures.engineCrashSettledSeconds } },
      results,
    });
    return { name: 'reads', file, figures, rows };
  } finally {
    await engine.stop();
  }
}
