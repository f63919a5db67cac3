import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAuthConfig } from '../apps/engine/src/auth/auth.config';
import { EmbeddedTokens } from '../apps/engine/src/auth/tokens';
import { EngineProcess } from './lib/engine';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { LatencySummary, summarize } from './lib/stats';

/**
 * Tickets and calling in a city hall (issue 28): 20 departments, each with a queue of its own
 * and 5 windows (100 windows), 20,000 tickets drawn in a day; 10 of the windows are
 * comprehensive (综合窗口) and call from 3 queues each. Two loads on the all-in-one engine (its
 * own process, synchronous FULL):
 * - the morning rush: the day's tickets drawn at the kiosks, 16 at a time; then all 100 windows
 *   calling at once, each its next call as soon as the last is answered, until every queue is
 *   empty (20,000 calls, 5 windows contending for each queue's stream);
 * - the paced day: kiosks and windows at a steady rate, a draw and a call every `1/rate` s each,
 *   with the day's tickets already waiting: the p99 of call-next as a window sees it.
 */
export interface QueueBenchResult {
  readonly departments: number;
  readonly windows: number;
  readonly tickets: number;
  readonly drawsPerSecond: number;
  readonly draw: LatencySummary;
  readonly rushCallsPerSecond: number;
  readonly rushCall: LatencySummary;
  readonly pacedRate: number;
  readonly pacedCall: LatencySummary;
  readonly pacedDraw: LatencySummary;
  readonly refusedCalls: number;
}

const DEPARTMENTS = 20;
const WINDOWS_PER_DEPARTMENT = 5;
const COMPREHENSIVE = 10;
const DRAWING_KIOSKS = 16;

const departmentId = (d: number) => `d${String(d).padStart(2, '0')}`;
const windowId = (d: number, w: number) => `w-${departmentId(d)}-${w}`;

export async function runQueueBench(tickets: number, pacedRate: number, pacedSeconds: number): Promise<QueueBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
  const engine = await EngineProcess.start({ dataDir, seedDemo: false, deadlineWatcher: false });
  try {
    const tokens = EmbeddedTokens.open(loadAuthConfig({}, dataDir) as Parameters<typeof EmbeddedTokens.open>[0]);
    const bearer = async (principal: Parameters<EmbeddedTokens['issue']>[0]) => `Bearer ${await tokens.issue(principal, 24 * 3600)}`;
    const admin = await bearer({ subject: 'bench-admin', role: 'center-admin' });
    const send = async (method: string, url: string, body?: unknown, authorization?: string) => {
      const started = performance.now();
      const response = await fetch(`${engine.url}${url}`, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(authorization ? { authorization } : {}) },
      });
      const answer = (await response.json()) as Record<string, unknown>;
      return { status: response.status, body: answer, ms: performance.now() - started };
    };
    const must = async (method: string, url: string, body: unknown) => {
      const answer = await send(method, url, body, admin);
      if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };

    // The hall: 20 departments and queues (prefixes A…T), 5 windows each, 10 comprehensive windows on 3 queues.
    const windows: { id: string; token: string }[] = [];
    for (let d = 0; d < DEPARTMENTS; d += 1) {
      await must('POST', '/api/departments', { id: departmentId(d), name: `部门${d}`, caseNoPrefix: `D${String.fromCharCode(65 + d)}` });
      await must('POST', '/api/queue/queues', { queueId: `q-${departmentId(d)}`, name: `队列${d}`, prefix: String.fromCharCode(65 + d), departmentIds: [departmentId(d)] });
      for (let w = 0; w < WINDOWS_PER_DEPARTMENT; w += 1) {
        await must('POST', '/api/windows', { id: windowId(d, w), name: `${d}-${w}号窗口`, departmentId: departmentId(d), comprehensive: w === 0 });
        windows.push({ id: windowId(d, w), token: await bearer({ subject: `clerk-${windowId(d, w)}`, role: 'window-staff', departmentId: departmentId(d), windowId: windowId(d, w) }) });
      }
    }
    for (let c = 0; c < COMPREHENSIVE; c += 1) {
      const d = c * 2;
      await must('PUT', `/api/queue/windows/${windowId(d, 0)}/queues`, { queueIds: [0, 1, 2].map((k) => `q-${departmentId((d + k) % DEPARTMENTS)}`) });
    }

    // The morning's tickets, drawn at 16 kiosks.
    const drawLatencies: number[] = [];
    let drawn = 0;
    const drawStarted = performance.now();
    await Promise.all(Array.from({ length: DRAWING_KIOSKS }, async () => {
      while (drawn < tickets) {
        const d = drawn % DEPARTMENTS;
        drawn += 1;
        const answer = await send('POST', '/api/queue/tickets', { departmentId: departmentId(d) });
        if (answer.status !== 201) throw new Error(`draw: ${answer.status} ${JSON.stringify(answer.body)}`);
        drawLatencies.push(answer.ms);
      }
    }));
    const drawSeconds = (performance.now() - drawStarted) / 1000;

    // The paced day first, on the full queues: a draw and a call per 1/rate s, windows in turn.
    const pacedCalls: number[] = [];
    const pacedDraws: number[] = [];
    let refusedCalls = 0;
    const pending: Promise<void>[] = [];
    const pacedStarted = performance.now();
    for (let i = 0; i < pacedRate * pacedSeconds; i += 1) {
      const due = pacedStarted + (i * 1000) / pacedRate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const window = windows[(i * 37) % windows.length];
      pending.push(send('POST', `/api/queue/windows/${window.id}/call-next`, undefined, window.token).then((answer) => {
        if (answer.status === 200) pacedCalls.push(answer.ms);
        else refusedCalls += 1;
      }));
      pending.push(send('POST', '/api/queue/tickets', { departmentId: departmentId(i % DEPARTMENTS) }).then((answer) => {
        pacedDraws.push(answer.ms);
      }));
    }
    await Promise.all(pending);

    // The rush: every window calls until nothing waits for it.
    const rushLatencies: number[] = [];
    const rushStarted = performance.now();
    await Promise.all(windows.map(async (window) => {
      for (;;) {
        const answer = await send('POST', `/api/queue/windows/${window.id}/call-next`, undefined, window.token);
        if (answer.status === 409 && answer.body.code === 'QUEUE.NOTHING_WAITING') return;
        if (answer.status !== 200) throw new Error(`call-next: ${answer.status} ${JSON.stringify(answer.body)}`);
        rushLatencies.push(answer.ms);
      }
    }));
    const rushSeconds = (performance.now() - rushStarted) / 1000;

    return {
      departments: DEPARTMENTS, windows: windows.length, tickets,
      drawsPerSecond: Math.round(tickets / drawSeconds), draw: summarize(drawLatencies),
      rushCallsPerSecond: Math.round(rushLatencies.length / rushSeconds), rushCall: summarize(rushLatencies),
      pacedRate, pacedCall: summarize(pacedCalls), pacedDraw: summarize(pacedDraws), refusedCalls,
    };
  } finally {
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm run bench -- --only=queue`: one run (each builds a hall and a day of tickets); quick mode draws 2,000. */
export async function runQueueBenchOutcome(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  const tickets = options.mode === 'quick' ? 2_000 : 20_000;
  const pacedRate = 20;
  const pacedSeconds = options.mode === 'quick' ? 5 : 30;
  heading(`Queue: a city hall, ${DEPARTMENTS} queues, ${DEPARTMENTS * WINDOWS_PER_DEPARTMENT} windows, ${formatNumber(tickets)} tickets`);
  const result = await runQueueBench(tickets, pacedRate, pacedSeconds);
  const ms = (value: number) => formatNumber(value);
  printTable(['load', 'rate /s', 'p50 ms', 'p99 ms', 'max ms'], [
    ['draw, 16 kiosks at once', formatNumber(result.drawsPerSecond), ms(result.draw.p50), ms(result.draw.p99), ms(result.draw.max)],
    [`call-next, paced ${pacedRate}/s (+ ${pacedRate} draws/s)`, String(pacedRate), ms(result.pacedCall.p50), ms(result.pacedCall.p99), ms(result.pacedCall.max)],
    ['call-next, 100 windows at once', formatNumber(result.rushCallsPerSecond), ms(result.rushCall.p50), ms(result.rushCall.p99), ms(result.rushCall.max)],
  ]);
  const file = writeResult('queue', environment, { runs: 1, result });
  const rows: SummaryRow[] = [
    { benchmark: 'queue', figure: `call-next p99, paced ${pacedRate}/s, ${formatNumber(tickets)} tickets waiting`, value: result.pacedCall.p99, unit: 'ms' },
    { benchmark: 'queue', figure: 'call-next p99, 100 windows at once', value: result.rushCall.p99, unit: 'ms', note: `${formatNumber(result.rushCallsPerSecond)} calls/s` },
    { benchmark: 'queue', figure: 'draw p99, 16 kiosks at once', value: result.draw.p99, unit: 'ms', note: `${formatNumber(result.drawsPerSecond)} tickets/s` },
  ];
  return { name: 'queue', file, figures: { pacedCallP99: result.pacedCall.p99, rushCallP99: result.rushCall.p99, rushCallsPerSecond: result.rushCallsPerSecond }, rows };
}
