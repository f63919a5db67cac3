import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import * as fs from 'node:fs';
import * as path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { repeat } from './lib/driver';
import { sleep } from './lib/engine';
import { RECEIVE_BODY } from './lib/case-flow';
import type { BenchOptions } from './lib/options';
import { freePort } from './lib/port';
import { tempDir } from './lib/proc';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { repoRoot, RunEnvironment, writeResult } from './lib/results';
import { sampleEvent } from './lib/sample-events';
import { elapsedMs, median } from './lib/stats';

/**
 * Benchmark 6: what this machine can do at all, to read the other figures against: the
 * disk's fsync rate, bare better-sqlite3 inserts, and a bare Fastify server under the same
 * in-process autocannon.
 */
const BLOCK = 4096;
const BATCH_ROWS = 100;
const PREFILL_ROWS = 50_000;
export const HTTP_FLOOR_CONNECTIONS = 64;

/** write(4 KiB) + fsync in a loop on a file in the temp dir (the filesystem the benchmarks' data live on). */
function fsyncRate(seconds: number): number {
  const temp = tempDir('fsync');
  const fd = fs.openSync(path.join(temp.dir, 'fsync.bin'), 'w');
  try {
    const block = Buffer.alloc(BLOCK, 0x5a);
    const started = process.hrtime.bigint();
    let writes = 0;
    while (elapsedMs(started) < seconds * 1000) {
      fs.writeSync(fd, block, 0, BLOCK, (writes % 256) * BLOCK);
      fs.fsyncSync(fd);
      writes += 1;
    }
    return writes / (elapsedMs(started) / 1000);
  } finally {
    fs.closeSync(fd);
    temp.remove();
  }
}

interface InsertShape {
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly rowsPerTransaction: number;
  /**
   * A UNIQUE column of UUIDs, as events.event_id: random (v4) ones dirty a random page of its
   * index on each insert; time-ordered (v7) ones, what the engine mints, land at its end.
   */
  readonly uniqueUuid?: 'random' | 'time-ordered';
  /** Rows written before the timing starts, so the index is larger than a handful of pages. */
  readonly prefill?: number;
}

/** Rows/s of plain INSERTs of an event-sized JSON row, `rowsPerTransaction` to a transaction, in WAL mode. */
function sqliteInsertRate(shape: InsertShape, seconds: number): number {
  const temp = tempDir('sqlite');
  const db = new Database(path.join(temp.dir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${shape.synchronous}`);
    db.exec(`CREATE TABLE rows (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL${shape.uniqueUuid ? ' UNIQUE' : ''}, data TEXT NOT NULL)`);
    const insert = db.prepare('INSERT INTO rows (id, data) VALUES (?, ?)');
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const event = sampleEvent();
    const data = JSON.stringify({ data: event.data, metadata: event.metadata });
    let counter = 0;
    const id = shape.uniqueUuid === 'random' ? randomUUID : shape.uniqueUuid === 'time-ordered' ? timeOrderedUuid : () => String(counter++);
    db.transaction(() => {
      for (let i = 0; i < (shape.prefill ?? 0); i += 1) insert.run(id(), data);
    })();
    const started = process.hrtime.bigint();
    let rows = 0;
    while (elapsedMs(started) < seconds * 1000) {
      begin.run();
      for (let i = 0; i < shape.rowsPerTransaction; i += 1) insert.run(id(), data);
      commit.run();
      rows += shape.rowsPerTransaction;
    }
    return rows / (elapsedMs(started) / 1000);
  } finally {
    db.close();
    temp.remove();
  }
}

interface HttpFloorRun {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

/**
 * Closed loop against a floor server, same body and connections as the commands: bare Fastify
 * (bench/bare-server.ts) or NestJS with the engine's validation (bench/nest-floor-server.ts).
 */
async function httpFloor(server: 'bare-server' | 'nest-floor-server', runs: number, seconds: number): Promise<HttpFloorRun[]> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'bench', `${server}.js`)], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt += 1) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        if (attempt > 100) throw new Error(`${server} did not start`);
        await sleep(100);
      }
    }
    return await repeat(runs, async () => {
      const result = await autocannon({
        url: `${url}/api/cases`, method: 'POST', headers: { 'content-type': 'application/json' }, body: RECEIVE_BODY,
        connections: HTTP_FLOOR_CONNECTIONS, duration: seconds,
      });
      return { requestsPerSecond: result.requests.total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function runLimitsBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('6. Raw limits of this machine');
  const seconds = Math.min(0.5, options.storeSeconds);
  const fsyncRuns = await repeat(options.runs, async () => fsyncRate(seconds));
  const sqliteFullRuns = await repeat(options.runs, async () => sqliteInsertRate({ synchronous: 'FULL', rowsPerTransaction: 1 }, seconds));
  const sqliteNormalRuns = await repeat(options.runs, async () => sqliteInsertRate({ synchronous: 'NORMAL', rowsPerTransaction: 1 }, seconds));
  const sqliteBatchRuns = await repeat(options.runs, async () =>
    sqliteInsertRate({ synchronous: 'FULL', rowsPerTransaction: BATCH_ROWS, prefill: PREFILL_ROWS }, seconds));
  const sqliteBatchUuidRuns = await repeat(options.runs, async () =>
    sqliteInsertRate({ synchronous: 'FULL', rowsPerTransaction: BATCH_ROWS, prefill: PREFILL_ROWS, uniqueUuid: 'random' }, seconds));
  const sqliteBatchUuidV7Runs = await repeat(options.runs, async () =>
    sqliteInsertRate({ synchronous: 'FULL', rowsPerTransaction: BATCH_ROWS, prefill: PREFILL_ROWS, uniqueUuid: 'time-ordered' }, seconds));
  const httpRuns = await httpFloor('bare-server', options.runs, Math.max(0.5, options.httpSeconds / 2));
  const nestRuns = await httpFloor('nest-floor-server', options.runs, Math.max(0.5, options.httpSeconds / 2));
  const figures = {
    fsyncPerSecond: median(fsyncRuns),
    sqliteOneRowFullPerSecond: median(sqliteFullRuns),
    sqliteOneRowNormalPerSecond: median(sqliteNormalRuns),
    sqliteBatchRowsPerSecond: median(sqliteBatchRuns),
    sqliteBatchUuidRowsPerSecond: median(sqliteBatchUuidRuns),
    sqliteBatchUuidV7RowsPerSecond: median(sqliteBatchUuidV7Runs),
    httpFloorRequestsPerSecond: median(httpRuns.map((run) => run.requestsPerSecond)),
    httpFloorP99Ms: median(httpRuns.map((run) => run.p99Ms)),
    nestFloorRequestsPerSecond: median(nestRuns.map((run) => run.requestsPerSecond)),
    nestFloorP99Ms: median(nestRuns.map((run) => run.p99Ms)),
  };
  const rows: SummaryRow[] = [
    { benchmark: 'limits', figure: 'disk: write 4 KiB + fsync', value: figures.fsyncPerSecond, unit: 'fsyncs/s' },
    { benchmark: 'limits', figure: 'bare better-sqlite3, 1 row/transaction @FULL', value: figures.sqliteOneRowFullPerSecond, unit: 'commits/s' },
    { benchmark: 'limits', figure: 'bare better-sqlite3, 1 row/transaction @NORMAL', value: figures.sqliteOneRowNormalPerSecond, unit: 'commits/s' },
    { benchmark: 'limits', figure: `bare better-sqlite3, ${BATCH_ROWS} rows/transaction @FULL`, value: figures.sqliteBatchRowsPerSecond, unit: 'rows/s' },
    { benchmark: 'limits', figure: `same, with a UNIQUE random-UUID (v4) column`, value: figures.sqliteBatchUuidRowsPerSecond, unit: 'rows/s',
      note: `${formatNumber(PREFILL_ROWS)} rows already in the table` },
    { benchmark: 'limits', figure: `same, with a UNIQUE time-ordered UUID (v7) column (as events.event_id)`, value: figures.sqliteBatchUuidV7RowsPerSecond, unit: 'rows/s',
      note: `${formatNumber(PREFILL_ROWS)} rows already in the table` },
    { benchmark: 'limits', figure: `bare Fastify POST, ${HTTP_FLOOR_CONNECTIONS} connections (same autocannon)`, value: figures.httpFloorRequestsPerSecond, unit: 'req/s',
      note: `p99 ${formatNumber(figures.httpFloorP99Ms)} ms` },
    { benchmark: 'limits', figure: `NestJS on Fastify + the engine's validation of a receipt, no-op handler, ${HTTP_FLOOR_CONNECTIONS} connections`, value: figures.nestFloorRequestsPerSecond, unit: 'req/s',
      note: `p99 ${formatNumber(figures.nestFloorP99Ms)} ms` },
  ];
  printTable(['limit', 'median', 'unit'], rows.map((row) => [row.figure, formatNumber(row.value), row.unit]));
  const file = writeResult('limits', environment, {
    durability: 'fsync per write; SQLite WAL at the synchronous named in each figure',
    settings: { runs: options.runs, secondsPerRun: seconds, blockBytes: BLOCK, batchRowsPerTransaction: BATCH_ROWS, prefillRows: PREFILL_ROWS,
      httpConnections: HTTP_FLOOR_CONNECTIONS },
    median: figures,
    runs: { fsyncRuns, sqliteFullRuns, sqliteNormalRuns, sqliteBatchRuns, sqliteBatchUuidRuns, sqliteBatchUuidV7Runs, httpRuns, nestRuns },
  });
  return { name: 'limits', file, figures, rows };
}
