import * as path from 'node:path';
import { CommandHandler, Event as EmmettEvent } from '@event-driven-io/emmett';
import {
  appendToStream, createEventStoreSchema, getSQLiteEventStore, readStream as emmettReadStream, sqliteConnection, SQLiteConnection, SQLiteEventStore,
} from '@event-driven-io/emmett-sqlite';
import { NewEvent, SqliteEventStore } from '@gov/event-store';
import { Commands } from '../apps/engine/src/write/commands';
import { batchOperation, SINGLE_CONCURRENCY, singleEventOperation } from './append.bench';
import { drive, DriveResult, Operation, repeat } from './lib/driver';
import { decideLite, evolveLite, initialLiteState, liteCommandAt, LiteCommand, LiteEvent, LiteState } from './lib/lite-decider';
import { Mutex } from './lib/mutex';
import type { BenchOptions } from './lib/options';
import { tempDir } from './lib/proc';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { EVENTS_PER_STREAM, sampleEvents } from './lib/sample-events';
import { median } from './lib/stats';

/**
 * Benchmark 5: Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, on the
 * `sqlite3` package) against ours on the same workloads, in the same run, both at
 * synchronous FULL in WAL mode (Emmett sets no synchronous pragma: SQLite's compiled
 * default, FULL, applies; ours is set to FULL).
 *
 * Emmett's store opens a connection for each call and closes it afterwards, on a handle
 * shared by the instance, so concurrent calls on one instance fail (SQLITE_BUSY, then
 * SQLITE_MISUSE "Database handle is closed"): its callers are serialised with a mutex. Its
 * figures are also measured on one connection kept open (its low-level appendToStream and
 * readStream), its best case; each ratio is ours / the better Emmett figure.
 */
interface Subject {
  readonly operation: Operation;
  close(): Promise<void>;
}

type EmmettStoredEvent = EmmettEvent<string, Record<string, unknown>, Record<string, unknown>>;

const READ_STREAM_LENGTH = 20;

function toEmmett(events: readonly NewEvent[]): EmmettStoredEvent[] {
  return events.map((event) => ({
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...event.metadata, eventId: event.id, schemaVersion: event.schemaVersion },
  }));
}

async function ours(use: (store: SqliteEventStore) => Operation | Promise<Operation>): Promise<Subject> {
  const temp = tempDir('ours');
  const store = SqliteEventStore.open({ file: path.join(temp.dir, 'events.sqlite'), synchronous: 'FULL', groupCommit: true });
  const operation = await use(store);
  const close = async () => {
    await store.close();
    temp.remove();
  };
  return { operation, close };
}

async function emmettStore(use: (store: SQLiteEventStore, mutex: Mutex) => Operation | Promise<Operation>): Promise<Subject> {
  const temp = tempDir('emmett');
  const store = getSQLiteEventStore({ fileName: path.join(temp.dir, 'emmett.sqlite') });
  const operation = await use(store, new Mutex());
  return { operation, close: async () => temp.remove() };
}

async function emmettConnection(use: (connection: SQLiteConnection, mutex: Mutex) => Operation | Promise<Operation>): Promise<Subject> {
  const temp = tempDir('emmett-conn');
  const connection = sqliteConnection({ fileName: path.join(temp.dir, 'emmett.sqlite') });
  await createEventStoreSchema(connection);
  const operation = await use(connection, new Mutex());
  const close = async () => {
    connection.close();
    temp.remove();
  };
  return { operation, close };
}

/** Like ours: 1-event appends to the caller's own 20-event streams, with the expected stream version (Emmett counts events; 0 creates the stream). */
function emmettSingleAppend(append: (streamId: string, events: EmmettStoredEvent[], expected: bigint) => Promise<unknown>, mutex: Mutex): Operation {
  return async (caller, iteration) => {
    const revision = iteration % EVENTS_PER_STREAM;
    await mutex.run(() => append(`case-bench-${caller}-${Math.floor(iteration / EVENTS_PER_STREAM)}`, toEmmett(sampleEvents(1)), BigInt(revision)));
    return 1;
  };
}

/** Like ours: a whole new stream of `size` events per call. */
function emmettBatchAppend(append: (streamId: string, events: EmmettStoredEvent[], expected: bigint) => Promise<unknown>, mutex: Mutex, size: number): Operation {
  return async (caller, iteration) => {
    await mutex.run(() => append(`case-batch-${caller}-${iteration}`, toEmmett(sampleEvents(size)), 0n));
    return size;
  };
}

const streamName = (index: number) => `case-read-${index}`;
/** Spreads the reads over the streams (7919 is prime, so every stream is visited). */
const pickStream = (streams: number) => (iteration: number) => streamName((iteration * 7919) % streams);

/**
 * Our read-fold-decide-append: the engine's `Commands.handle` with the tiny decider. `cachedStreams`
 * 0 turns its cache of stream states off, so every command reads its stream as Emmett's does.
 */
function oursCommand(store: SqliteEventStore, cachedStreams?: number): Operation {
  const commands = new Commands(store, cachedStreams);
  const liteDecider = { initialState: initialLiteState, evolve: evolveLite, decide: (command: LiteCommand, state: LiteState, context: { now: string }) => decideLite(command, state, context.now) };
  return async (caller, iteration) => {
    const { streamId, command } = liteCommandAt(caller, iteration);
    const now = new Date().toISOString();
    await commands.handle(liteDecider, streamId, command, { now, correlationId: `c-${caller}-${iteration}`, causationId: null, actor: { id: 'bench', role: 'system' } }, { respond: () => ({ status: 200, body: null }) });
    return 1;
  };
}

/** Emmett's CommandHandler (aggregateStream, decide, appendToStream) with the same decider. */
function emmettCommand(store: SQLiteEventStore, mutex: Mutex): Operation {
  const handle = CommandHandler<LiteState, LiteEvent & EmmettStoredEvent>({ evolve: (state, event) => evolveLite(state, event), initialState: initialLiteState });
  return async (caller, iteration) => {
    const { streamId, command } = liteCommandAt(caller, iteration);
    const now = new Date().toISOString();
    await mutex.run(() => handle(store, streamId, (state) => decideLite(command, state, now).map((event) => ({
      ...event, metadata: { occurredAt: now, correlationId: `c-${caller}-${iteration}`, causationId: null, actor: { id: 'bench', role: 'system' } },
    }) as LiteEvent & EmmettStoredEvent)));
    return 1;
  };
}

interface Workload {
  readonly key: string;
  readonly label: string;
  readonly unit: 'appends/s' | 'events/s' | 'reads/s' | 'commands/s';
  readonly concurrency: number;
  readonly ours: () => Promise<Subject>;
  readonly emmett: readonly { readonly variant: 'store' | 'connection'; readonly subject: () => Promise<Subject> }[];
}

/** The shared workloads; `readStreams` 20-event streams are written before the reads are timed. */
function workloads(readStreams: number): Workload[] {
  const pick = pickStream(readStreams);
  return [
    {
      key: 'single64', label: `1-event appends, ${SINGLE_CONCURRENCY} callers`, unit: 'appends/s', concurrency: SINGLE_CONCURRENCY,
      ours: () => ours((store) => singleEventOperation(store)),
      emmett: [
        { variant: 'store', subject: () => emmettStore((store, mutex) => emmettSingleAppend((id, events, expected) =>
          store.appendToStream(id, events, { expectedStreamVersion: expected }), mutex)) },
        { variant: 'connection', subject: () => emmettConnection((connection, mutex) => emmettSingleAppend((id, events, expected) =>
          appendToStream(connection, id, 'case', events, { expectedStreamVersion: expected }), mutex)) },
      ],
    },
    {
      key: 'single1', label: '1-event appends, 1 caller', unit: 'appends/s', concurrency: 1,
      ours: () => ours((store) => singleEventOperation(store)),
      emmett: [
        { variant: 'store', subject: () => emmettStore((store, mutex) => emmettSingleAppend((id, events, expected) =>
          store.appendToStream(id, events, { expectedStreamVersion: expected }), mutex)) },
        { variant: 'connection', subject: () => emmettConnection((connection, mutex) => emmettSingleAppend((id, events, expected) =>
          appendToStream(connection, id, 'case', events, { expectedStreamVersion: expected }), mutex)) },
      ],
    },
    {
      key: 'batch100', label: '100-event appends, 1 caller', unit: 'events/s', concurrency: 1,
      ours: () => ours((store) => batchOperation(store, 100)),
      emmett: [
        { variant: 'store', subject: () => emmettStore((store, mutex) => emmettBatchAppend((id, events, expected) =>
          store.appendToStream(id, events, { expectedStreamVersion: expected }), mutex, 100)) },
        { variant: 'connection', subject: () => emmettConnection((connection, mutex) => emmettBatchAppend((id, events, expected) =>
          appendToStream(connection, id, 'case', events, { expectedStreamVersion: expected }), mutex, 100)) },
      ],
    },
    {
      key: 'read20', label: `read a ${READ_STREAM_LENGTH}-event stream, 1 caller`, unit: 'reads/s', concurrency: 1,
      ours: () => ours(async (store) => {
        await Promise.all(Array.from({ length: readStreams }, (_, i) =>
          store.append(streamName(i), sampleEvents(READ_STREAM_LENGTH), { expectedRevision: 'no_stream' })));
        return async (_caller, iteration) => (await store.readStream(pick(iteration))).length;
      }),
      emmett: [
        { variant: 'store', subject: () => emmettStore(async (store) => {
          for (let i = 0; i < readStreams; i += 1) await store.appendToStream(streamName(i), toEmmett(sampleEvents(READ_STREAM_LENGTH)));
          return async (_caller, iteration) => (await store.readStream(pick(iteration))).events.length;
        }) },
        { variant: 'connection', subject: () => emmettConnection(async (connection) => {
          for (let i = 0; i < readStreams; i += 1) await appendToStream(connection, streamName(i), 'case', toEmmett(sampleEvents(READ_STREAM_LENGTH)));
          return async (_caller, iteration) => (await emmettReadStream(connection, pick(iteration))).events.length;
        }) },
      ],
    },
    {
      key: 'command64', label: `commands (read, fold, decide, append), ${SINGLE_CONCURRENCY} clients`, unit: 'commands/s', concurrency: SINGLE_CONCURRENCY,
      ours: () => ours((store) => oursCommand(store)),
      emmett: [{ variant: 'store', subject: () => emmettStore((store, mutex) => emmettCommand(store, mutex)) }],
    },
    {
      key: 'command64Uncached', label: `same, our cache of stream states off (every command reads its stream)`, unit: 'commands/s', concurrency: SINGLE_CONCURRENCY,
      ours: () => ours((store) => oursCommand(store, 0)),
      emmett: [{ variant: 'store', subject: () => emmettStore((store, mutex) => emmettCommand(store, mutex)) }],
    },
    {
      key: 'command1', label: 'commands (read, fold, decide, append), 1 client', unit: 'commands/s', concurrency: 1,
      ours: () => ours((store) => oursCommand(store)),
      emmett: [{ variant: 'store', subject: () => emmettStore((store, mutex) => emmettCommand(store, mutex)) }],
    },
  ];
}

async function measure(subject: () => Promise<Subject>, concurrency: number, runs: number, seconds: number): Promise<DriveResult[]> {
  return repeat(runs, async () => {
    const { operation, close } = await subject();
    try {
      return await drive(concurrency, seconds, operation);
    } finally {
      await close();
    }
  });
}

function rate(workload: Workload, runs: readonly DriveResult[]): number {
  return median(runs.map((run) => (workload.unit === 'events/s' ? run.eventsPerSecond : run.operationsPerSecond)));
}

/** Emmett's SQLite pragmas as it leaves them (it only sets journal_mode). */
async function emmettPragmas(): Promise<Record<string, unknown>> {
  const temp = tempDir('emmett-pragmas');
  const connection = sqliteConnection({ fileName: path.join(temp.dir, 'p.sqlite') });
  try {
    await createEventStoreSchema(connection);
    const [synchronous] = await connection.query<{ synchronous: number }>('PRAGMA synchronous');
    const [journal] = await connection.query<{ journal_mode: string }>('PRAGMA journal_mode');
    const [version] = await connection.query<{ version: string }>('SELECT sqlite_version() AS version');
    return { synchronous: synchronous?.synchronous === 2 ? 'FULL' : synchronous?.synchronous, journalMode: journal?.journal_mode, sqliteVersion: version?.version };
  } finally {
    connection.close();
    temp.remove();
  }
}

export async function runEmmettBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('5. Ours vs Emmett\'s SQLite event store (0.38.5), same workloads, synchronous FULL');
  const seconds = Math.min(0.3, options.storeSeconds / 2);
  const figures: Record<string, number> = {};
  const rows: SummaryRow[] = [];
  const tableRows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  const readStreams = options.thorough ? 200 : 50;
  for (const workload of workloads(readStreams)) {
    const oursRuns = await measure(workload.ours, workload.concurrency, options.runs, seconds);
    const emmettRuns: Record<string, DriveResult[]> = {};
    for (const { variant, subject } of workload.emmett) emmettRuns[variant] = await measure(subject, workload.concurrency, options.runs, seconds);
    const oursRate = rate(workload, oursRuns);
    const emmettRates = Object.fromEntries(Object.entries(emmettRuns).map(([variant, runs]) => [variant, rate(workload, runs)]));
    const bestEmmett = Math.max(...Object.values(emmettRates));
    const ratio = oursRate / bestEmmett;
    const errors = { ours: sumErrors(oursRuns), ...Object.fromEntries(Object.entries(emmettRuns).map(([variant, runs]) => [variant, sumErrors(runs)])) };
    figures[`${workload.key}Ratio`] = ratio;
    figures[`${workload.key}Ours`] = oursRate;
    figures[`${workload.key}Emmett`] = bestEmmett;
    results.push({ workload: workload.label, key: workload.key, unit: workload.unit, concurrency: workload.concurrency, ours: oursRate,
      emmett: emmettRates, ratioOursToBestEmmett: ratio, errors, runs: { ours: oursRuns, emmett: emmettRuns } });
    tableRows.push([workload.label, formatNumber(oursRate), formatNumber(emmettRates.store ?? Number.NaN),
      formatNumber(emmettRates.connection ?? Number.NaN), `${formatNumber(ratio)}×`, workload.unit]);
    rows.push({ benchmark: 'emmett', figure: `ours/Emmett: ${workload.label}`, value: ratio, unit: '×',
      note: `ours ${formatNumber(oursRate)} vs Emmett ${formatNumber(bestEmmett)} ${workload.unit}` });
    console.log(`  ${workload.label}: ours ${formatNumber(oursRate)}, Emmett ${Object.entries(emmettRates).map(([v, r]) => `${v} ${formatNumber(r)}`).join(', ')} ${workload.unit} → ${formatNumber(ratio)}×`);
    if (Object.values(errors).some((count) => count > 0)) console.log(`    errors: ${JSON.stringify(errors)}`);
  }
  console.log(`\n  median of ${options.runs} runs of ${seconds} s; Emmett callers serialised (one call at a time), see the note in emmett.bench.ts`);
  printTable(['workload', 'ours', 'Emmett store', 'Emmett 1 conn', 'ours/Emmett', 'unit'], tableRows);
  const file = writeResult('emmett', environment, {
    durability: 'synchronous FULL, journal_mode WAL, both stores',
    emmett: { version: '0.38.5', pragmas: await emmettPragmas(),
      concurrency: 'callers serialised with a mutex: one Emmett store instance fails under concurrent calls (SQLITE_BUSY / SQLITE_MISUSE)' },
    settings: { runs: options.runs, secondsPerRun: seconds, readStreams, readStreamLength: READ_STREAM_LENGTH },
    results,
  });
  return { name: 'emmett', file, figures, rows };
}

function sumErrors(runs: readonly DriveResult[]): number {
  return runs.reduce((sum, run) => sum + run.errors, 0);
}
