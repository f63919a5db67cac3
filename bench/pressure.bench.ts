import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { receiptSource, ReceiptSource } from './lib/applicants';
import { summarizeCpuProfile } from './lib/cpu-profile';
import type { EngineProcess } from './lib/engine';
import { Engines, withCpu } from './lib/engines';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { LatencySummary, median, summarize } from './lib/stats';

/**
 * Issue 26's workloads, receipts only: the command every case starts with, with a realistic
 * applicant (name, valid resident ID, phone; 30 % repeat applicants) and an Idempotency-Key,
 * online, for items of every department (lib/applicants.ts).
 * - `receipts`: closed loop (32 connections, the admission bound) and open loop at 2,000/s on the all-in-one
 *   engine; thorough mode adds API_PROCESSES=2 (where the issue saw 409s).
 * - `overload`: open loop at twice the capacity just measured, then half the capacity, on the
 *   engine as configured (MAX_IN_FLIGHT's default) and, in the same run, on one that also
 *   refuses while its event loop stays late (LOOP_LAG_TARGET_MS=25) and one that admits
 *   everything (the behaviour before admission control): the p99 of the answered requests,
 *   the refusals' latency, and how fast latency comes back once the overload ends.
 */
/** The closed loop's connections: the engine's admission bound (MAX_IN_FLIGHT's default), so it measures capacity without refusals. */
const CONNECTIONS = 32;
const OPEN_RATE = 2000;
const WARMUP_SECONDS = 2;
const CLIENT_TIMEOUT_MS = 10_000;
/** Connections of the open-loop client. */
const CLIENT_CONNECTIONS = 256;
/** MAX_IN_FLIGHT of the engine that admits everything (the behaviour before issue 26). */
const UNBOUNDED = '100000';

export async function runReceiptsBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('Receipts alone: realistic applicants, Idempotency-Keys (engine child process, load generator in this process)');
  const seconds = options.httpSeconds;
  const runs = options.runs;
  const engines = new Engines(true);
  const closed = await engines.use(async (engine) => {
    await closedReceipts(engine, receiptSource(1), WARMUP_SECONDS);
    return repeatRuns(runs, (run) => withCpu(engine, () => closedReceipts(engine, receiptSource(100 + run), seconds)));
  });
  const open = await engines.use(async (engine) => {
    await closedReceipts(engine, receiptSource(1), WARMUP_SECONDS);
    // Each request's record stays out of the results file (megabytes): the phase summaries are kept.
    return repeatRuns(runs, async (run) => {
      const { records: _records, ...result } = await withCpu(engine, () => openReceipts(engine, receiptSource(200 + run), [{ rate: OPEN_RATE, seconds }], 1));
      return result;
    });
  });
  const clustered = options.thorough ? await new Engines(true, { apiProcesses: 2 }).use(async (engine) => {
    await closedReceipts(engine, receiptSource(1), WARMUP_SECONDS * 2);
    return repeatRuns(runs, (run) => withCpu(engine, () => closedReceipts(engine, receiptSource(300 + run), seconds)));
  }) : undefined;
  const profile = options.profile ? await profileReceipts(seconds) : undefined;

  const closedMedian = summarizeClosed(closed);
  const openMedian = summarizeOpen(open.map((run) => ({ ...run.phases[0], engineCores: run.engineCores })));
  const clusteredMedian = clustered && summarizeClosed(clustered);
  printTable(['load', 'receipts/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'non-2xx', 'engine cores'], [
    [`closed loop, ${CONNECTIONS} connections`, formatNumber(closedMedian.perSecond), formatNumber(closedMedian.p50), formatNumber(closedMedian.p99), formatNumber(closedMedian.p999), statusLine(closedMedian.statuses), formatNumber(closedMedian.engineCores)],
    [`open loop ${OPEN_RATE}/s`, formatNumber(openMedian.perSecond), formatNumber(openMedian.p50), formatNumber(openMedian.p99), formatNumber(openMedian.p999), statusLine(openMedian.statuses), formatNumber(openMedian.engineCores)],
    ...(clusteredMedian ? [[`API_PROCESSES=2: closed loop, ${CONNECTIONS} connections`, formatNumber(clusteredMedian.perSecond), formatNumber(clusteredMedian.p50),
      formatNumber(clusteredMedian.p99), formatNumber(clusteredMedian.p999), statusLine(clusteredMedian.statuses), formatNumber(clusteredMedian.engineCores)]] : []),
  ]);
  const figures: Record<string, number> = {
    closedReceiptsPerSecond: closedMedian.perSecond, closedP99Ms: closedMedian.p99,
    [`open${OPEN_RATE}P99Ms`]: openMedian.p99, [`open${OPEN_RATE}AchievedRate`]: openMedian.perSecond,
    ...(clusteredMedian ? { clusteredClosedReceiptsPerSecond: clusteredMedian.perSecond, clusteredConflicts: clusteredMedian.statuses['409'] ?? 0 } : {}),
  };
  const rows: SummaryRow[] = [
    { benchmark: 'receipts', figure: `receipts, closed loop, ${CONNECTIONS} connections`, value: closedMedian.perSecond, unit: 'receipts/s',
      note: `p50 ${formatNumber(closedMedian.p50)} ms, p99 ${formatNumber(closedMedian.p99)} ms, non-2xx ${statusLine(closedMedian.statuses)}` },
    { benchmark: 'receipts', figure: `receipts, open loop ${OPEN_RATE}/s: p99`, value: openMedian.p99, unit: 'ms',
      note: `p50 ${formatNumber(openMedian.p50)} ms, achieved ${formatNumber(openMedian.perSecond)}/s, non-2xx ${statusLine(openMedian.statuses)}` },
    ...(clusteredMedian ? [{ benchmark: 'receipts' as const, figure: 'receipts, API_PROCESSES=2, closed loop', value: clusteredMedian.perSecond, unit: 'receipts/s',
      note: `p99 ${formatNumber(clusteredMedian.p99)} ms, non-2xx ${statusLine(clusteredMedian.statuses)}` }] : []),
  ];
  const file = writeResult('receipts', environment, { settings: { runs, secondsPerRun: seconds, connections: CONNECTIONS, openRate: OPEN_RATE, repeatShare: 0.3 },
    closed: { median: closedMedian, runs: closed }, open: { median: openMedian, runs: open }, ...(clustered ? { clustered: { median: clusteredMedian, runs: clustered } } : {}),
    ...(profile ? { profile } : {}) });
  return { name: 'receipts', file, figures, rows };
}

export async function runOverloadBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('Overload: receipts at twice the capacity, then half of it (admission control as configured, with the loop-lag rule too, and off, in the same run)');
  const seconds = Math.max(3, options.httpSeconds);
  const results: Record<string, OverloadRun> = {};
  const variants = [
    ['admission control (defaults: the in-flight bound)', {}],
    ['the bound and the loop lag (LOOP_LAG_TARGET_MS=25)', { LOOP_LAG_TARGET_MS: '25' }],
    [`admits everything (MAX_IN_FLIGHT=${UNBOUNDED})`, { MAX_IN_FLIGHT: UNBOUNDED }],
  ] as const;
  for (const [label, env] of variants) {
    results[label] = await new Engines(true, { env }).use((engine) => overloadRun(engine, seconds));
  }
  printTable(['engine', 'capacity/s', 'offered/s', 'answered 2xx/s', 'p99 2xx ms', 'refused', 'p99 refusal ms', 'timeouts', 'after: p99 0-1 s', 'after: p99 1-2 s'],
    Object.entries(results).map(([label, r]) => [label, formatNumber(r.capacity), formatNumber(r.overloadRate), formatNumber(r.overload.perSecond),
      formatNumber(r.overload.ok.p99), `${formatNumber(r.overload.refusedShare * 100)} %`, formatNumber(r.overload.refused.p99), String(r.overload.errors),
      formatNumber(r.afterFirstSecond.p99), formatNumber(r.afterSecondSecond.p99)]));
  const [bounded, withLoopLag, unbounded] = Object.values(results);
  const figures: Record<string, number> = {
    overloadAnsweredP99Ms: bounded.overload.ok.p99, overloadRefusalP99Ms: bounded.overload.refused.p99, overloadAfterFirstSecondP99Ms: bounded.afterFirstSecond.p99,
    unboundedOverloadAnsweredP99Ms: unbounded.overload.ok.p99, loopLagOverloadAnsweredP99Ms: withLoopLag.overload.ok.p99, loopLagRefusalP99Ms: withLoopLag.overload.refused.p99,
  };
  const rows: SummaryRow[] = [
    { benchmark: 'overload', figure: `receipts at 2× capacity (${formatNumber(bounded.overloadRate)}/s): p99 of the answered`, value: bounded.overload.ok.p99, unit: 'ms',
      note: `refused ${formatNumber(bounded.overload.refusedShare * 100)} % in p99 ${formatNumber(bounded.overload.refused.p99)} ms; after: p99 ${formatNumber(bounded.afterFirstSecond.p99)} ms in the first second; ` +
        `with LOOP_LAG_TARGET_MS=25: p99 ${formatNumber(withLoopLag.overload.ok.p99)} ms, refusals p99 ${formatNumber(withLoopLag.overload.refused.p99)} ms; ` +
        `without admission control: p99 ${formatNumber(unbounded.overload.ok.p99)} ms, ${unbounded.overload.errors} timeouts, after ${formatNumber(unbounded.afterFirstSecond.p99)} ms` },
  ];
  const file = writeResult('overload', environment, { settings: { secondsPerPhase: seconds, clientTimeoutMs: CLIENT_TIMEOUT_MS, clientConnections: CLIENT_CONNECTIONS }, runs: results });
  return { name: 'overload', file, figures, rows };
}

interface OverloadRun {
  readonly capacity: number;
  readonly overloadRate: number;
  readonly overload: PhaseSummary;
  readonly afterFirstSecond: LatencySummary;
  readonly afterSecondSecond: LatencySummary;
  readonly after: PhaseSummary;
}

async function overloadRun(engine: EngineProcess, seconds: number): Promise<OverloadRun> {
  await closedReceipts(engine, receiptSource(1), WARMUP_SECONDS);
  const capacity = (await closedReceipts(engine, receiptSource(2), seconds)).perSecond;
  const overloadRate = Math.round(capacity * 2);
  const { phases, records } = await openReceipts(engine, receiptSource(3), [{ rate: overloadRate, seconds }, { rate: Math.round(capacity / 2), seconds: Math.max(3, seconds) }], 0);
  const end = seconds * 1000;
  const okIn = (from: number, to: number) => summarize(records.filter((r) => r.dueMs >= end + from && r.dueMs < end + to && r.status >= 200 && r.status < 300).map((r) => r.latencyMs));
  return { capacity, overloadRate, overload: phases[0], after: phases[1], afterFirstSecond: okIn(0, 1000), afterSecondSecond: okIn(1000, 2000) };
}

async function repeatRuns<T>(runs: number, run: (n: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let n = 0; n < runs; n++) results.push(await run(n));
  return results;
}

interface ClosedRun {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly statuses: Record<string, number>;
}

/** Closed loop with autocannon: each connection sends a receipt, waits for its answer, sends the next. */
async function closedReceipts(engine: EngineProcess, source: ReceiptSource, seconds: number): Promise<ClosedRun> {
  const result = await autocannon({
    url: engine.url, connections: CONNECTIONS, duration: seconds, timeout: 30,
    requests: [{
      method: 'POST', path: '/api/cases',
      setupRequest: (request) => {
        const { body, key } = source.next();
        return { ...request, body, headers: { 'content-type': 'application/json', authorization: engine.tokens.portal, 'idempotency-key': key } };
      },
    }],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]));
  return { perSecond: (result.requests.total - result.non2xx) / result.duration, p50: result.latency.p50, p99: result.latency.p99, p999: result.latency.p99_9, statuses };
}

interface Phase {
  readonly rate: number;
  readonly seconds: number;
}

interface ArrivalRecord {
  /** When it was due, from the start of the measured arrivals. */
  readonly dueMs: number;
  readonly latencyMs: number;
  /** 0: no answer (a connection error or the client's 10 s timeout). */
  readonly status: number;
  readonly phase: number;
}

interface PhaseSummary {
  readonly rate: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly ok: LatencySummary;
  readonly refused: LatencySummary;
  readonly refusedShare: number;
  readonly errors: number;
  readonly statuses: Record<string, number>;
}

/**
 * Open loop: receipts start at each phase's rate, evenly spaced, whatever the answers; each
 * latency runs from when it was due (no coordinated omission). A client gives up after 10 s,
 * as the did. `warmupSeconds` at the first phase's rate go unrecorded.
 */
async function openReceipts(engine: EngineProcess, source: ReceiptSource, phases: readonly Phase[], warmupSeconds: number): Promise<{ phases: PhaseSummary[]; records: ArrivalRecord[] }> {
  const url = new URL(engine.url);
  // A pool of connections, as a reverse proxy or a service's HTTP client keeps: past it, requests wait in the client
  // (their latency still counts from when they were due). Without a bound the generator opens thousands of connections
  // and the queue forms in the kernel's accept backlog (SYN retries of 1, 3, 7 s), where no server can see it.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENT_CONNECTIONS });
  // The pool is open before the arrivals start, as a proxy's or a portal's is in a running hall: on a busy engine a burst of
  // new connections waits seconds to be read (bench/results/2026-12-07-new-connections.md), which is not what this measures.
  await openPool(url, agent, CLIENT_CONNECTIONS);
  const records: ArrivalRecord[] = [];
  const pending = new Set<Promise<void>>();
  const send = (dueAt: bigint, measuredFrom: bigint, phase: number, record: boolean) => {
    const { body, key } = source.next();
    const promise = new Promise<number>((resolve) => {
      const request = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/cases', agent, timeout: CLIENT_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: engine.tokens.portal, 'idempotency-key': key } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(0));
      request.end(body);
    }).then((status) => {
      if (record) records.push({ dueMs: Number(dueAt - measuredFrom) / 1e6, latencyMs: Number(process.hrtime.bigint() - dueAt) / 1e6, status, phase });
    });
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };
  const schedule = [{ rate: phases[0].rate, seconds: warmupSeconds, record: false, phase: -1 }, ...phases.map((p, i) => ({ ...p, record: true, phase: i }))];
  const begin = process.hrtime.bigint();
  let phaseStart = begin;
  const measuredFrom = begin + BigInt(Math.round(warmupSeconds * 1e9));
  for (const { rate, seconds, record, phase } of schedule) {
    const total = Math.round(rate * seconds);
    const intervalNs = 1e9 / rate;
    let started = 0;
    while (started < total) {
      const due = Math.min(total, Math.floor(Number(process.hrtime.bigint() - phaseStart) / intervalNs) + 1);
      while (started < due) {
        send(phaseStart + BigInt(Math.round(started * intervalNs)), measuredFrom, phase, record);
        started += 1;
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
    phaseStart += BigInt(Math.round(seconds * 1e9));
    // The next phase starts on time, even if this one's sending ran late.
    while (process.hrtime.bigint() < phaseStart) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  agent.destroy();
  return { phases: phases.map((p, i) => summarizePhase(p, records.filter((r) => r.phase === i))), records };
}

/** `count` keep-alive connections of `agent`, opened by as many probes at once and left idle in it. */
async function openPool(url: URL, agent: http.Agent, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve) => {
    const request = http.request({ host: url.hostname, port: url.port, path: '/health', agent }, (response) => {
      response.resume();
      response.on('end', () => resolve());
    });
    request.on('error', () => resolve());
    request.end();
  })));
}

function summarizePhase(phase: Phase, records: readonly ArrivalRecord[]): PhaseSummary {
  const ok = records.filter((r) => r.status >= 200 && r.status < 300);
  const refused = records.filter((r) => r.status === 503);
  const statuses: Record<string, number> = {};
  for (const r of records) if (r.status < 200 || r.status >= 300) statuses[r.status === 0 ? 'error' : String(r.status)] = (statuses[r.status === 0 ? 'error' : String(r.status)] ?? 0) + 1;
  const all = summarize(ok.map((r) => r.latencyMs));
  const lastOk = Math.max(phase.seconds * 1000, ...ok.map((r) => r.dueMs + r.latencyMs)) - Math.min(...records.map((r) => r.dueMs));
  return {
    rate: phase.rate, perSecond: ok.length / (lastOk / 1000), p50: all.p50, p99: all.p99, p999: all.p999, ok: all, refused: summarize(refused.map((r) => r.latencyMs)),
    refusedShare: records.length === 0 ? 0 : refused.length / records.length, errors: records.filter((r) => r.status === 0).length, statuses,
  };
}

function summarizeClosed(runs: readonly (ClosedRun & { engineCores: number })[]) {
  return {
    perSecond: median(runs.map((r) => r.perSecond)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), p999: median(runs.map((r) => r.p999)),
    engineCores: median(runs.map((r) => r.engineCores)), statuses: sumStatuses(runs.map((r) => r.statuses)),
  };
}

function summarizeOpen(runs: readonly (PhaseSummary & { engineCores: number })[]) {
  return {
    perSecond: median(runs.map((r) => r.perSecond)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), p999: median(runs.map((r) => r.p999)),
    engineCores: median(runs.map((r) => r.engineCores)), statuses: sumStatuses(runs.map((r) => r.statuses)),
  };
}

function sumStatuses(all: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const statuses of all) for (const [code, count] of Object.entries(statuses)) if (!code.startsWith('2')) sum[code] = (sum[code] ?? 0) + count;
  return sum;
}

function statusLine(statuses: Record<string, number>): string {
  const entries = Object.entries(statuses);
  return entries.length === 0 ? '0' : entries.map(([code, count]) => `${count}×${code}`).join(' ');
}

/** One closed-loop run with the engine under --cpu-prof (--profile): where a receipt's CPU goes. */
async function profileReceipts(seconds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-receipts-profile-'));
  const result = await new Engines(true).use(async (engine) => {
    await closedReceipts(engine, receiptSource(1), WARMUP_SECONDS);
    return closedReceipts(engine, receiptSource(2), Math.max(seconds, 10));
  }, dir);
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written in ${dir}`);
  const summary = summarizeCpuProfile(path.join(dir, file));
  console.log(`\n  CPU profile of the engine (receipts, closed loop, ${formatNumber(result.perSecond)} receipts/s): ${path.join(dir, file)}`);
  printTable(['where (self time)', 'share'], summary.byArea.slice(0, 20).map((area) => [area.name, `${(area.share * 100).toFixed(1)}%`]));
  printTable(['function (self time)', 'share'], summary.topFunctions.slice(0, 30).map((fn) => [fn.name, `${(fn.share * 100).toFixed(1)}%`]));
  return { profileFile: path.join(dir, file), receiptsPerSecond: result.perSecond, ...summary };
}
