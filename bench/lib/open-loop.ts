import * as http from 'node:http';
import type { BenchTokens } from './bench-tokens';
import { CASE_STEPS, JSON_HEADERS, RECEIVE_BODY, RECEIVE_PATH, stepBody, stepPath } from './case-flow';
import { sleep } from './engine';
import { LatencySummary, summarize } from './stats';

/**
 * An open-loop load generator: commands start at a fixed rate, evenly spaced, whether or not
 * earlier ones have answered, and each latency is measured from the moment its command was
 * due to start — so a slow server (or a late generator) shows up in the latency instead of
 * slowing the arrivals (no coordinated omission). Each arrival carries the oldest case whose
 * previous step has answered one step further; when none is ready it receives a new case.
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per one-second
 * window, sent back to back at the start of the window, so arrivals come in bursts; and its
 * coordinated-omission correction takes ceil(1 / per-connection rate) = 1 ms as the expected
 * interval whatever the rate, which adds synthetic samples below each slow answer.
 */
export interface OpenLoopResult {
  readonly targetRate: number;
  readonly seconds: number;
  readonly started: number;
  readonly answered: number;
  readonly non2xx: number;
  readonly errors: number;
  /** 2xx answers over the time from the first measured start to the last answer. */
  readonly achievedRate: number;
  /** From when the command was due to start to its answer. */
  readonly latencyMs: LatencySummary;
  /** How late the generator itself started commands (timer granularity, CPU contention). */
  readonly startDelayMs: LatencySummary;
  readonly maxInFlight: number;
  readonly statusCounts: Readonly<Record<string, number>>;
}

interface Cursor {
  readonly caseNo: string;
  readonly step: number;
}

const DRAIN_TIMEOUT_MS = 30_000;

export async function openLoop(baseUrl: string, tokens: BenchTokens, rate: number, seconds: number, warmupSeconds: number): Promise<OpenLoopResult> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const ready: Cursor[] = [];
  const latencies: number[] = [];
  const startDelays: number[] = [];
  const statusCounts: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  let started = 0;
  let errors = 0;
  let lastAnswerAt = 0n;

  const send = (path: string, body: string | undefined, authorization: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const request = http.request({ host: url.hostname, port: url.port, method: 'POST', path, agent,
        headers: { authorization, ...(body === undefined ? { 'content-length': '0' } : { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(body)) }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });

  /** One command, due at `dueAt` (hrtime ns); recorded when `record`. */
  const fire = async (dueAt: bigint, record: boolean): Promise<void> => {
    const cursor = ready.shift();
    const path = cursor ? stepPath(cursor.caseNo, CASE_STEPS[cursor.step]) : RECEIVE_PATH;
    const body = cursor ? stepBody(CASE_STEPS[cursor.step], cursor.caseNo) : RECEIVE_BODY;
    const sentAt = process.hrtime.bigint();
    if (record) startDelays.push(Number(sentAt - dueAt) / 1e6);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const { status, text } = await send(path, body, cursor ? tokens[CASE_STEPS[cursor.step].caller] : tokens.clerk);
      if (record) {
        lastAnswerAt = process.hrtime.bigint();
        latencies.push(Number(lastAnswerAt - dueAt) / 1e6);
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      }
      if (status >= 200 && status < 300) {
        const next = cursor ? { caseNo: cursor.caseNo, step: cursor.step + 1 } : { caseNo: (JSON.parse(text) as { caseNo: string }).caseNo, step: 0 };
        if (next.step < CASE_STEPS.length) ready.push(next);
      }
    } catch {
      if (record) errors += 1;
    } finally {
      inFlight -= 1;
    }
  };

  const pending = new Set<Promise<void>>();
  const intervalNs = 1e9 / rate;
  const begin = process.hrtime.bigint();
  const warmupCount = Math.round(warmupSeconds * rate);
  const total = warmupCount + Math.round(seconds * rate);
  let measureStart = begin;
  while (started < total) {
    const now = process.hrtime.bigint();
    const due = Math.min(total, Math.floor(Number(now - begin) / intervalNs) + 1);
    while (started < due) {
      const dueAt = begin + BigInt(Math.round(started * intervalNs));
      if (started === warmupCount) measureStart = dueAt;
      const promise = fire(dueAt, started >= warmupCount);
      pending.add(promise);
      void promise.finally(() => pending.delete(promise));
      started += 1;
    }
    // Timers fire no more often than every millisecond: commands go out in groups of rate/1000.
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
  const measuredSeconds = Number(begin + BigInt(Math.round(total * intervalNs)) - measureStart) / 1e9;
  await Promise.race([Promise.all(pending), sleep(DRAIN_TIMEOUT_MS)]);
  const answeringSeconds = Math.max(measuredSeconds, Number(lastAnswerAt - measureStart) / 1e9);
  agent.destroy();
  const answered = latencies.length;
  const non2xx = Object.entries(statusCounts).filter(([status]) => !status.startsWith('2')).reduce((sum, [, count]) => sum + count, 0);
  return {
    targetRate: rate,
    seconds: measuredSeconds,
    started: total - warmupCount,
    answered,
    non2xx,
    errors,
    achievedRate: (answered - non2xx) / answeringSeconds,
    latencyMs: summarize(latencies),
    startDelayMs: summarize(startDelays),
    maxInFlight,
    statusCounts,
  };
}
