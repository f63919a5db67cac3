import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseStreamId, chineseDaysCalendarYears, decideCase, ItemVersion, WorkingCalendar } from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import { NewEvent, SqliteEventStore } from '@gov/event-store';
import { DeadlineQueries, SqliteReadModelStore, TaskQueries } from '@gov/projections';
import { Commands } from '../apps/engine/src/write/commands';
import { WatchedCaseHandler } from '../apps/engine/src/cases';
import type { CommandBus } from '@nestjs/cqrs';
import { loadConfig } from '../apps/engine/src/config/engine.config';
import { ManualClock } from '../apps/engine/src/infrastructure/clock';
import { createProjector } from '../apps/engine/src/infrastructure/infrastructure.module';
import { ReferenceData } from '../apps/engine/src/infrastructure/reference-data';
import { DeadlineWatcher } from '../apps/engine/src/supervision/deadline-watcher';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { median } from './lib/stats';

/**
 * The deadline watcher with many open cases: a store of `openCases` open promised cases,
 * received over the working days of a year, of which `dueAtOnce` fall due on the same day.
 * Measures the time to project and start (catch-up), the cost of asking "what is due, and
 * when is the next one" on the full agenda, the rate at which a burst of red cards is
 * recorded, and resident memory.
 */
export interface WatcherBenchResult {
  readonly openCases: number;
  readonly dueAtOnce: number;
  readonly seedSeconds: number;
  readonly catchUpSeconds: number;
  readonly catchUpEventsPerSecond: number;
  readonly nextFireQueryMicros: number;
  readonly dueQueryMicros: number;
  readonly burstEvents: number;
  readonly burstEventsPerSecond: number;
  readonly rssMiB: { readonly afterCatchUp: number; readonly afterBurst: number };
}

const ITEM: ItemVersion = {
  code: 'ZRZY-001', version: 1, name: '不动产转移登记', departmentId: 'zrzy', category: 'promised', legalBasis: '《不动产登记暂行条例》',
  materials: ['申请书'], procedure: ['受理', '审核', '登簿'], legalLimitDays: 30, promisedLimitDays: 5, specialProcedures: [], fees: [],
};

export async function runWatcherBench(openCases: number, dueAtOnce: number): Promise<WatcherBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-watcher-'));
  try {
    const calendar = new WorkingCalendar(chineseDaysCalendarYears());
    const store = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const seedStarted = performance.now();
    await seed(store, calendar, openCases, dueAtOnce);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const readModels = await SqliteReadModelStore.open(path.join(dir, 'read-models.sqlite'), 'NORMAL');
    const projector = await createProjector(store, readModels);
    const catchUpStarted = performance.now();
    await projector.catchUp();
    const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
    const rssAfterCatchUp = mib(process.memoryUsage().rss);

    const deadlines = new DeadlineQueries(readModels.db);
    const nextFireQueryMicros = await timeMicros(() => deadlines.nextFireAt());
    const dueQueryMicros = await timeMicros(() => deadlines.due('2026-03-01T00:00:00.000Z', 500));

    // Everything received on 2026-01-05 is due 2026-01-12; a pass on the 13th records their cards.
    const clock = new ManualClock('2026-01-13T01:00:00.000Z');
    const reference = new ReferenceData(store);
    reference.start();
    const config = { ...loadConfig({}), deadlineWatcher: false };
    // The watcher's commands go straight to their handler, as the engine's CommandBus sends them.
    const handler = new WatchedCaseHandler(new Commands(store), reference);
    const commandBus = { execute: (command: never) => handler.execute(command) } as unknown as CommandBus;
    const watcher = new DeadlineWatcher(config, clock, projector, deadlines, commandBus, new TaskQueries(readModels));
    await reference.current();
    const burstStarted = performance.now();
    const burstEvents = await watcher.tick();
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const rssAfterBurst = mib(process.memoryUsage().rss);
    await reference.stop();
    await readModels.close();
    await store.close();
    return {
      openCases, dueAtOnce, seedSeconds, catchUpSeconds, catchUpEventsPerSecond: Math.round(openCases / catchUpSeconds),
      nextFireQueryMicros, dueQueryMicros, burstEvents, burstEventsPerSecond: Math.round(burstEvents / burstSeconds),
      rssMiB: { afterCatchUp: rssAfterCatchUp, afterBurst: rssAfterBurst },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Receipts spread over the year's working days; the first `dueAtOnce` all on 2026-01-05. */
async function seed(store: SqliteEventStore, calendar: WorkingCalendar, openCases: number, dueAtOnce: number): Promise<void> {
  const days: string[] = [];
  for (let d = new Date('2026-01-06T00:00:00Z'); days.length < 240; d = new Date(d.getTime() + 86_400_000)) {
    const date = d.toISOString().slice(0, 10);
    if (calendar.isWorkingDay(date)) days.push(date);
  }
  const batch: Promise<unknown>[] = [];
  for (let i = 0; i < openCases; i += 1) {
    const date = i < dueAtOnce ? '2026-01-05' : days[i % days.length];
    const caseNo = `ZRZY-${date.replaceAll('-', '')}-${String(i).padStart(7, '0')}`;
    const [event] = decideCase({
      type: 'ReceiveCase',
      data: { caseNo, itemCode: ITEM.code, item: { status: 'published', current: ITEM }, applicant: sealedApplicant('张三', `person-${caseNo}`),
        channel: 'online', windowId: null, window: null, subCenterId: null, subCenter: null, staffId: null, materials: ['申请书'] },
    }, { status: 'none' }, { now: `${date}T01:00:00.000Z`, calendar });
    const stored: NewEvent = { id: randomUUID(), type: event.type, schemaVersion: 1, data: event.data,
      metadata: { occurredAt: event.data.at, correlationId: 'bench', causationId: null, actor: { id: 'bench', role: 'system' } } };
    batch.push(store.append(caseStreamId(caseNo), [stored], { expectedRevision: 'no_stream' }));
    if (batch.length === 2000) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

/** Mean time of a query run one after another (each awaited: the store runs one query at a time). */
async function timeMicros(query: () => Promise<unknown>): Promise<number> {
  const runs = 200;
  const started = performance.now();
  for (let i = 0; i < runs; i += 1) await query();
  return Math.round(((performance.now() - started) / runs) * 1000);
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

/**
 * `npm run bench -- --only=watcher`: 50k open cases in quick mode, a million otherwise. Each
 * run seeds its own store, so the default mode makes one run of a million (the per-query
 * figures are already means over 200 calls) and the long mode three.
 */
export async function runWatcherBenchOutcome(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  const openCases = options.mode === 'quick' ? 50_000 : 1_000_000;
  const runCount = options.mode === 'default' ? 1 : 3;
  const dueAtOnce = Math.round(openCases / 50);
  heading(`5. The deadline watcher with ${formatNumber(openCases)} open cases, ${formatNumber(dueAtOnce)} falling due at once`);
  const runs: WatcherBenchResult[] = [];
  for (let run = 0; run < runCount; run += 1) runs.push(await runWatcherBench(openCases, dueAtOnce));
  const m = {
    catchUpEventsPerSecond: median(runs.map((r) => r.catchUpEventsPerSecond)),
    nextFireQueryMicros: median(runs.map((r) => r.nextFireQueryMicros)),
    dueQueryMicros: median(runs.map((r) => r.dueQueryMicros)),
    burstEventsPerSecond: median(runs.map((r) => r.burstEventsPerSecond)),
    rssAfterBurstMiB: median(runs.map((r) => r.rssMiB.afterBurst)),
  };
  printTable(['figure', 'median'], [
    ['catch-up (projection of the open cases), events/s', formatNumber(m.catchUpEventsPerSecond)],
    ['"when is the next due time" on the full agenda, µs', formatNumber(m.nextFireQueryMicros)],
    ['"what is due now" (500 rows), µs', formatNumber(m.dueQueryMicros)],
    ['burst of red cards recorded, events/s', formatNumber(m.burstEventsPerSecond)],
    ['resident memory after the burst, MiB', formatNumber(m.rssAfterBurstMiB)],
  ]);
  const rows: SummaryRow[] = [
    { benchmark: 'watcher', figure: `next due time, ${formatNumber(openCases)} open cases`, value: m.nextFireQueryMicros, unit: 'µs',
      note: `due query ${formatNumber(m.dueQueryMicros)} µs; RSS ${m.rssAfterBurstMiB} MiB` },
    { benchmark: 'watcher', figure: `red cards for ${formatNumber(dueAtOnce)} cases due at once`, value: m.burstEventsPerSecond, unit: 'events/s',
      note: `catch-up ${formatNumber(m.catchUpEventsPerSecond)} events/s` },
  ];
  const file = writeResult('watcher', environment, {
    durability: 'store and read models at synchronous NORMAL; the burst appends through the command runner',
    settings: { openCases, dueAtOnce, runs: runs.length }, median: m, runs,
  });
  return { name: 'watcher', file, figures: { watcherBurstEventsPerSecond: m.burstEventsPerSecond }, rows };
}
