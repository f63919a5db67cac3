import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExpectedRevision, SqliteEventStore } from '@gov/event-store';
import { drive, DriveResult, Operation, repeat } from './lib/driver';
import type { YearDataset } from './lib/dataset';
import type { BenchOptions } from './lib/options';
import { tempDir } from './lib/proc';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { EVENTS_PER_STREAM, sampleEventBytes, sampleEvents } from './lib/sample-events';
import { median } from './lib/stats';

/**
 * Benchmark 1: appends on SqliteEventStore, in process, each run on a fresh file:
 * single-event commits from 64 concurrent callers (group commit on and off) and 100-event
 * batches (1 and 8 callers), at synchronous FULL and NORMAL.
 */
interface AppendWorkload {
  readonly key: string;
  readonly label: string;
  readonly concurrency: number;
  readonly eventsPerAppend: number;
  readonly groupCommit: boolean;
  /** Random v4 event ids instead of the engine's time-ordered ones (what they cost the unique index). */
  readonly randomIds?: boolean;
}

export const SINGLE_CONCURRENCY = 64;

const WORKLOADS: readonly AppendWorkload[] = [
  { key: 'single64', label: `1-event appends, ${SINGLE_CONCURRENCY} callers, group commit`, concurrency: SINGLE_CONCURRENCY, eventsPerAppend: 1, groupCommit: true },
  { key: 'single64NoGroup', label: `1-event appends, ${SINGLE_CONCURRENCY} callers, no group commit`, concurrency: SINGLE_CONCURRENCY, eventsPerAppend: 1, groupCommit: false },
  { key: 'batch100x1', label: '100-event appends, 1 caller', concurrency: 1, eventsPerAppend: 100, groupCommit: true },
  { key: 'batch100x1RandomIds', label: '100-event appends, 1 caller, random (v4) event ids', concurrency: 1, eventsPerAppend: 100, groupCommit: true, randomIds: true },
  { key: 'batch100x8', label: '100-event appends, 8 callers, group commit', concurrency: 8, eventsPerAppend: 100, groupCommit: true },
];

const SYNCHRONOUS = ['FULL', 'NORMAL'] as const;

interface AppendRun extends DriveResult {
  /** Appends per SQLite transaction: how much group commit grouped. */
  readonly appendsPerTransaction: number;
}

/**
 * Single-event appends to the caller's own streams, with the expected revision a command
 * would pass. `run` keeps the streams of successive runs on one store apart.
 */
export function singleEventOperation(store: SqliteEventStore, run = ''): Operation {
  return async (caller, iteration) => {
    const revision = iteration % EVENTS_PER_STREAM;
    const expectedRevision: ExpectedRevision = revision === 0 ? 'no_stream' : revision - 1;
    await store.append(`case-bench${run}-${caller}-${Math.floor(iteration / EVENTS_PER_STREAM)}`, sampleEvents(1), { expectedRevision });
    return 1;
  };
}

/** A whole new stream of `size` events per call. */
export function batchOperation(store: SqliteEventStore, size: number, run = '', ids: 'time-ordered' | 'random' = 'time-ordered'): Operation {
  return async (caller, iteration) => {
    await store.append(`case-batch${run}-${caller}-${iteration}`, sampleEvents(size, ids), { expectedRevision: 'no_stream' });
    return size;
  };
}

/** One run on a fresh file, or on `file` when given (the year's store). */
async function measure(workload: AppendWorkload, synchronous: 'FULL' | 'NORMAL', seconds: number, file?: string): Promise<AppendRun> {
  if (file) return measureOn(file, workload, synchronous, seconds);
  const temp = tempDir('append');
  try {
    return await measureOn(path.join(temp.dir, 'events.sqlite'), workload, synchronous, seconds);
  } finally {
    temp.remove();
  }
}

async function measureOn(file: string, workload: AppendWorkload, synchronous: 'FULL' | 'NORMAL', seconds: number): Promise<AppendRun> {
  const store = SqliteEventStore.open({ file, synchronous, groupCommit: workload.groupCommit });
  try {
    const run = `-${randomUUID().slice(0, 8)}`;
    const operation = workload.eventsPerAppend === 1 ? singleEventOperation(store, run)
      : batchOperation(store, workload.eventsPerAppend, run, workload.randomIds ? 'random' : 'time-ordered');
    let transactionsBefore = 0;
    const result = await drive(workload.concurrency, seconds, operation, { onMeasureStart: () => (transactionsBefore = store.stats.transactions) });
    const transactions = store.stats.transactions - transactionsBefore;
    return { ...result, appendsPerTransaction: transactions > 0 ? result.operations / transactions : Number.NaN };
  } finally {
    await store.close();
  }
}

function summarizeRuns(runs: readonly AppendRun[]) {
  return {
    appendsPerSecond: median(runs.map((run) => run.operationsPerSecond)),
    eventsPerSecond: median(runs.map((run) => run.eventsPerSecond)),
    p50Ms: median(runs.map((run) => run.latencyMs.p50)),
    p99Ms: median(runs.map((run) => run.latencyMs.p99)),
    appendsPerTransaction: median(runs.map((run) => run.appendsPerTransaction)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

export async function runAppendBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('1. Appends on SqliteEventStore (in process, fresh file per run)');
  const figures: Record<string, number> = {};
  const rows: SummaryRow[] = [];
  const tableRows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const synchronous of SYNCHRONOUS) {
    for (const workload of WORKLOADS) {
      const runs = await repeat(options.runs, () => measure(workload, synchronous, options.storeSeconds));
      const m = summarizeRuns(runs);
      const key = `${workload.key}${synchronous === 'FULL' ? 'Full' : 'Normal'}`;
      figures[`${key}AppendsPerSecond`] = m.appendsPerSecond;
      figures[`${key}EventsPerSecond`] = m.eventsPerSecond;
      figures[`${key}P99Ms`] = m.p99Ms;
      results.push({ workload: workload.label, key, synchronous, concurrency: workload.concurrency, eventsPerAppend: workload.eventsPerAppend,
        groupCommit: workload.groupCommit, median: m, runs });
      tableRows.push([`${workload.label} @${synchronous}`, formatNumber(m.appendsPerSecond), formatNumber(m.eventsPerSecond),
        formatNumber(m.p50Ms), formatNumber(m.p99Ms), formatNumber(m.appendsPerTransaction), String(m.errors)]);
      console.log(`  ${workload.label} @${synchronous}: ${formatNumber(m.appendsPerSecond)} appends/s, ${formatNumber(m.eventsPerSecond)} events/s, p99 ${formatNumber(m.p99Ms)} ms`);
      const unit = workload.eventsPerAppend === 1 ? 'commits/s' : 'events/s';
      const value = workload.eventsPerAppend === 1 ? m.appendsPerSecond : m.eventsPerSecond;
      rows.push({ benchmark: 'append', figure: `${workload.label} @${synchronous}`, value, unit,
        note: `p50 ${formatNumber(m.p50Ms)} ms, p99 ${formatNumber(m.p99Ms)} ms per append` });
    }
  }
  console.log(`\n  median of ${options.runs} runs of ${options.storeSeconds} s; event ≈${sampleEventBytes()} bytes of JSON`);
  printTable(['workload', 'appends/s', 'events/s', 'p50 ms', 'p99 ms', 'appends/txn', 'errors'], tableRows);
  const file = writeResult('append', environment, {
    durability: 'synchronous FULL and NORMAL (journal_mode WAL), each figure labelled',
    settings: { runs: options.runs, secondsPerRun: options.storeSeconds, eventBytes: sampleEventBytes(), eventsPerStream: EVENTS_PER_STREAM },
    results,
  });
  return { name: 'append', file, figures, rows };
}

/**
 * The same appends at FULL on the year's store (about a million events already there, the
 * replay and reads done): an append's cost grows with the store, chiefly through the
 * random-UUID index on event_id. Runs last; it adds to the year's store.
 */
export async function runAppendOnYearStore(options: BenchOptions, environment: RunEnvironment, dataset: YearDataset): Promise<BenchOutcome> {
  heading(`1b. Appends on the year's store (${formatNumber(dataset.headPosition)} events already there), synchronous FULL`);
  const sizeMiB = Math.round(fs.statSync(dataset.eventsFile).size / 1024 / 1024);
  const figures: Record<string, number> = {};
  const rows: SummaryRow[] = [];
  const results: Record<string, unknown>[] = [];
  for (const workload of WORKLOADS.filter((w) => w.key === 'single64' || w.key === 'batch100x1')) {
    const runs = await repeat(options.runs, () => measure(workload, 'FULL', options.storeSeconds, dataset.eventsFile));
    const m = summarizeRuns(runs);
    const value = workload.eventsPerAppend === 1 ? m.appendsPerSecond : m.eventsPerSecond;
    const unit = workload.eventsPerAppend === 1 ? 'commits/s' : 'events/s';
    figures[`${workload.key}YearStore${workload.eventsPerAppend === 1 ? 'AppendsPerSecond' : 'EventsPerSecond'}`] = value;
    results.push({ workload: workload.label, key: workload.key, median: m, runs });
    rows.push({ benchmark: 'append', figure: `${workload.label} @FULL, on the year's store`, value, unit,
      note: `p50 ${formatNumber(m.p50Ms)} ms, p99 ${formatNumber(m.p99Ms)} ms; store ${formatNumber(dataset.headPosition)} events, ${sizeMiB} MiB` });
    console.log(`  ${workload.label}: ${formatNumber(value)} ${unit}, p50 ${formatNumber(m.p50Ms)} ms, p99 ${formatNumber(m.p99Ms)} ms`);
  }
  const file = writeResult('append-year-store', environment, {
    durability: 'synchronous FULL (journal_mode WAL)',
    store: { events: dataset.headPosition, sizeMiB },
    settings: { runs: options.runs, secondsPerRun: options.storeSeconds },
    results,
  });
  return { name: 'append', file, figures, rows };
}
