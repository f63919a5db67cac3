import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type EventStore, SqliteEventStore, type StoredEvent } from '@gov/event-store';
import { CaseProjection } from '../cases/case.projection';
import { logWithWatcherEvents } from '../cases/testing/watched-log';
import { CatalogProjection } from '../catalog/catalog.projection';
import { ComplaintProjection } from '../complaints/complaint.projection';
import { RectificationProjection } from '../complaints/rectification.projection';
import { DeadlineProjection } from '../deadlines/deadline.projection';
import type { Projection } from '../projection';
import { Projector } from '../projector';
import { foldingReplay } from './replay-work';
import { StaffProjection } from '../staff/staff.projection';
import { writeCheckpoint } from '../store/checkpoints';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import { SqliteReadModelStore } from '../store/sqlite-read-model-store';
import { readModelStoresUnderTest } from '../store/testing/read-model-stores';
import type { ReadModelTables } from '../store/tables';
import { SupervisionProjection } from '../supervision/supervision.projection';
import { TaskProjection } from '../tasks/task.projection';

/** The engine's projections, in its order. */
const engineProjections = (): Projection[] => [new CaseProjection(), new CatalogProjection(), new DeadlineProjection(), new SupervisionProjection(),
  new ComplaintProjection(), new StaffProjection(), new RectificationProjection(), new TaskProjection()];

/** The tables the log's events reach. */
const TABLES: readonly (keyof ReadModelTables & string)[] = ['cases', 'fee_payments', 'fee_day_totals', 'case_day_figures', 'case_day_figures_dirty',
  'deadlines', 'calendar_changes', 'calendar_years', 'cards'];
/** The engine's other tables: compared too, though this log leaves them empty. */
const OTHER_TABLES: readonly (keyof ReadModelTables & string)[] = ['items', 'item_versions', 'fee_entries', 'departments', 'windows', 'sub_centers',
  'notices', 'visits', 'complaints', 'complaint_actions', 'complainants', 'staff_roster', 'staff_authorizations', 'rectifications',
  'tasks', 'step_runs'];

const BATCH = 97;

/**
 * A log that reaches every table, in a file: the read-ahead thread reads it (an in-memory store
 * folds on the caller's thread).
 */
async function writeLog(dir: string): Promise<SqliteEventStore> {
  const events = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const calendar = { id: 'cal-2026', type: 'CalendarYearPublished', schemaVersion: 1, streamId: 'calendar-2026', revision: 0,
    data: { year: 2026, holidays: ['2026-05-01'], workdays: ['2026-04-26'], source: 'test' },
    metadata: { occurredAt: '2026-03-01T00:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'clerk', role: 'admin' } } };
  for (const event of [calendar, ...logWithWatcherEvents()]) {
    const { streamId, revision, id, type, schemaVersion, data, metadata } = event;
    await events.append(streamId, [{ id, type, schemaVersion, data, metadata }], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
  }
  return events;
}

/** Closes the read-model stores a test opened after it, and the log and its directory after them all. */
function cleanUp(stores: ReadModelStore[], log: () => { events: SqliteEventStore; dir: string }): void {
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    const { events, dir } = log();
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** Every row of the tables (the day sums as the projector left them: kept batch by batch, or built at a replay's end). */
async function rows(store: ReadModelStore): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of [...TABLES, ...OTHER_TABLES]) {
    tables[table] = (await store.db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort();
  }
  return tables;
}

/** Whether the case rows' received-date index is there, in a transaction of SQLite read models. */
async function caseIndexIn(tx: ReadModelDb): Promise<boolean> {
  const found = await tx.selectFrom('sqlite_master' as never).select('name' as never).where('name' as never, '=', 'cases_received' as never).execute();
  return found.length > 0;
}

describe('which replays fold on the reading thread', () => {
  it('every engine projection\'s does; a set with a projection that has no fold does not', () => {
    expect(foldingReplay(engineProjections())).toEqual(['cases', 'catalog', 'deadlines', 'supervision', 'complaints', 'staff', 'rectifications', 'tasks']);
    const unfolded: Projection = { ...new CatalogProjection(), name: 'catalog', fold: undefined, migrate: async () => undefined,
      drop: async () => undefined, apply: async () => undefined };
    expect(foldingReplay([new CaseProjection(), unfolded])).toBeUndefined();
    // A fold the thread could not find by the projection's name.
    expect(foldingReplay([{ ...unfolded, name: 'elsewhere', fold: (events: readonly StoredEvent[]) => events }])).toBeUndefined();
  });
});

describe.each(readModelStoresUnderTest())('a replay folded on the reading thread, on $name', ({ open }) => {
  let dir: string;
  let events: SqliteEventStore;
  let head: number;
  const stores: ReadModelStore[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folded-replay-'));
    events = await writeLog(dir);
    head = await events.headPosition();
  });
  cleanUp(stores, () => ({ events, dir }));

  async function readModels(): Promise<ReadModelStore> {
    const store = await open();
    stores.push(store);
    return store;
  }

  /** The log applied batch by batch on this thread: what a folded replay must come to. */
  async function appliedBatchByBatch(): Promise<Record<string, string[]>> {
    const store = await readModels();
    const projector = await Projector.open(events, store, engineProjections(), undefined, { replayFrom: Number.MAX_SAFE_INTEGER, catchUpBatch: BATCH });
    await projector.catchUp();
    return rows(store);
  }

  it('writes the read models that applying each batch writes', async () => {
    const expected = await appliedBatchByBatch();
    const store = await readModels();
    const projector = await Projector.open(events, store, engineProjections(), undefined, { replayFrom: 1, catchUpBatch: BATCH });
    const folding = jest.spyOn(events, 'readRangeWith');

    await projector.catchUp();

    // Not a scratch store: each batch is written whole, with its checkpoint.
    expect(folding.mock.calls).toEqual([[expect.objectContaining({ exportName: 'foldReplayPages', options: expect.objectContaining({ hold: undefined }) }),
      { after: 0, until: head, pageSize: BATCH }]]);
    expect(await projector.checkpoint()).toBe(head);
    const replayed = await rows(store);
    // The log reaches every table: cases received, paid, closed and open, carded, a calendar published.
    for (const table of TABLES.filter((name) => name !== 'case_day_figures_dirty')) expect(replayed[table].length).toBeGreaterThan(0);
    expect(replayed).toEqual(expected);
  });

  it('folds on the projector\'s thread, as the pages arrive, from a store that cannot fold where it reads, and writes the same', async () => {
    const expected = await appliedBatchByBatch();
    const store = await readModels();
    // The log as a store without readRangeWith (EventStoreDB) gives it.
    const noPlace: EventStore = {
      append: (streamId, newEvents, options) => events.append(streamId, newEvents, options), readStream: (streamId) => events.readStream(streamId),
      readAll: (options) => events.readAll(options), readRange: (options) => events.readRange(options), headPosition: () => events.headPosition(),
      subscribeToAll: (options, handler) => events.subscribeToAll(options, handler), findIdempotencyRecord: (key) => events.findIdempotencyRecord(key),
      close: async () => undefined,
    };
    const projector = await Projector.open(noPlace, store, engineProjections(), undefined, { replayFrom: 1, catchUpBatch: BATCH });
    const readAhead = jest.spyOn(events, 'readRange');
    const folding = jest.spyOn(events, 'readRangeWith');

    await projector.catchUp();

    expect(readAhead.mock.calls).toEqual([[{ after: 0, until: head, pageSize: BATCH }]]);
    expect(folding).not.toHaveBeenCalled();
    expect(await projector.checkpoint()).toBe(head);
    expect(await rows(store)).toEqual(expected);
  });

  it('stops its reading thread when a batch fails, keeps the batches before, and the next catch-up ends the replay', async () => {
    const expected = await appliedBatchByBatch();
    const store = await readModels();
    const threads = () => fs.readdirSync('/proc/self/task').length;
    const idle = threads();
    let batches = 0;
    let during = 0;
    const failsOnce = async () => {
      if ((batches += 1) !== 2) return;
      during = threads();
      throw new Error('lease lost');
    };
    const projector = await Projector.open(events, store, engineProjections(), failsOnce, { replayFrom: 1, catchUpBatch: BATCH });
    const folding = jest.spyOn(events, 'readRangeWith');

    await expect(projector.catchUp()).rejects.toThrow('lease lost');
    expect(folding).toHaveBeenCalledTimes(1);
    expect(during).toBeGreaterThan(idle);
    expect(await projector.checkpoint()).toBe(BATCH);
    expect(threads()).toBe(idle);
    await projector.catchUp();

    expect(await projector.checkpoint()).toBe(head);
    expect(await rows(store)).toEqual(expected);
  });

  it('gives way to another projector that went ahead of it, and applies no event twice', async () => {
    const expected = await appliedBatchByBatch();
    const store = await readModels();
    const ahead = BATCH + 3;
    const projections = engineProjections();
    let batches = 0;
    /** In the second batch's transaction, before the projector looks: another projector has applied three more events. */
    const otherProjectorFirst = async (tx: ReadModelDb) => {
      if ((batches += 1) !== 2) return;
      const others = await events.readAll({ after: BATCH, limit: ahead - BATCH });
      for (const projection of projections) await projection.apply(tx, others, { sql: store.sql, replaying: true });
      await writeCheckpoint(tx, 'read-models', ahead);
    };
    const projector = await Projector.open(events, store, projections, otherProjectorFirst, { replayFrom: 1, catchUpBatch: BATCH });
    const readAhead = jest.spyOn(events, 'readRange');

    await projector.catchUp();

    // The rest of the log, from where the other left it, read as events.
    expect(readAhead.mock.calls).toEqual([[{ after: ahead, until: head, pageSize: BATCH }]]);
    expect(await projector.checkpoint()).toBe(head);
    expect(await rows(store)).toEqual(expected);
  });
});

describe('a replay into a scratch store (a rebuild\'s file)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let head: number;
  let expected: Record<string, string[]>;
  const stores: ReadModelStore[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carried-replay-'));
    events = await writeLog(dir);
    head = await events.headPosition();
    const batchByBatch = await SqliteReadModelStore.open(':memory:');
    const projector = await Projector.open(events, batchByBatch, engineProjections(), undefined, { replayFrom: Number.MAX_SAFE_INTEGER, catchUpBatch: BATCH });
    await projector.catchUp();
    expected = await rows(batchByBatch);
    await batchByBatch.close();
  });
  cleanUp(stores, () => ({ events, dir }));

  let files = 0;
  async function scratch(): Promise<ReadModelStore> {
    const store = await SqliteReadModelStore.open(path.join(dir, `scratch-${(files += 1)}.sqlite`), 'NORMAL', { scratch: true });
    stores.push(store);
    return store;
  }

  // 3 rows: most are given out mid-way and changed again by an update; 3 growing to 12 (row-fold.spec pins the growth); the default: every row waits for the ending batch.
  it.each([{ hold: { initial: 3, most: 3 } }, { hold: { initial: 3, most: 12 } }, { hold: undefined }])('carries rows from batch to batch (holding $hold) and writes what applying each batch writes', async ({ hold }) => {
    const store = await scratch();
    const seen: { checkpoint: number; caseIndex: boolean }[] = [];
    const looks = async (tx: ReadModelDb) => void seen.push({ checkpoint: Number((await tx.selectFrom('checkpoints').select('position').executeTakeFirst())?.position ?? 0),
      caseIndex: await caseIndexIn(tx) });
    const projector = await Projector.open(events, store, engineProjections(), looks, { replayFrom: 1, catchUpBatch: BATCH, hold });
    const folding = jest.spyOn(events, 'readRangeWith');

    await projector.catchUp();

    expect(folding.mock.calls).toEqual([[expect.objectContaining({ options: expect.objectContaining({ hold: hold ?? { initial: 20_000, most: 100_000 } }) }),
      { after: 0, until: head, pageSize: BATCH }]]);
    // A batch per page and one more, the ending one; the checkpoint moves only with it.
    expect(seen).toHaveLength(Math.ceil(head / BATCH) + 1);
    expect(seen.map((batch) => batch.checkpoint)).toEqual(seen.map(() => 0));
    expect(await projector.checkpoint()).toBe(head);
    // Rows are inserted once: the case indexes are kept up, not set aside for the end.
    expect(seen.every((batch) => batch.caseIndex)).toBe(true);
    expect(await rows(store)).toEqual(expected);
  });

  it('carries from a checkpoint part way along the log as from its start', async () => {
    const store = await scratch();
    const part = await Projector.open(events, store, engineProjections(), undefined, { replayFrom: Number.MAX_SAFE_INTEGER, catchUpBatch: BATCH });
    await part.catchUp(BATCH * 2 + 5);
    const projector = await Projector.open(events, store, engineProjections(), undefined, { replayFrom: 1, catchUpBatch: BATCH, hold: { initial: 3, most: 3 } });
    const folding = jest.spyOn(events, 'readRangeWith');

    await projector.catchUp();

    expect(folding.mock.calls).toEqual([[expect.objectContaining({ options: expect.objectContaining({ hold: { initial: 3, most: 3 } }) }),
      { after: BATCH * 2 + 5, until: head, pageSize: BATCH }]]);
    expect(await projector.checkpoint()).toBe(head);
    expect(await rows(store)).toEqual(expected);
  });

  it('fails, rather than give way, when another projector moved the checkpoint, and leaves the store empty: the next catch-up starts again from zero', async () => {
    const store = await scratch();
    let batches = 0;
    const otherProjectorFirst = async (tx: ReadModelDb) => {
      if ((batches += 1) === 3) await writeCheckpoint(tx, 'read-models', BATCH + 3);
    };
    const projector = await Projector.open(events, store, engineProjections(), otherProjectorFirst, { replayFrom: 1, catchUpBatch: BATCH, hold: { initial: 3, most: 3 } });

    await expect(projector.catchUp()).rejects.toThrow('a replay into scratch read models from position 0 found their checkpoint at 100: another projector writes them');
    // Two batches were written before: their rows are gone with the checkpoint.
    expect(await projector.checkpoint()).toBe(0);
    expect(await store.db.selectFrom('cases').select('case_no').execute()).toEqual([]);

    await projector.catchUp();
    expect(await rows(store)).toEqual(expected);
  });

  it('does not carry when told to hold no rows: each batch is written whole, with its checkpoint', async () => {
    const store = await scratch();
    const checkpoints: number[] = [];
    const looks = async (tx: ReadModelDb) => void checkpoints.push(Number((await tx.selectFrom('checkpoints').select('position').executeTakeFirst())?.position ?? 0));
    const projector = await Projector.open(events, store, engineProjections(), looks, { replayFrom: 1, catchUpBatch: BATCH, hold: { initial: 0, most: 0 } });
    const folding = jest.spyOn(events, 'readRangeWith');

    await projector.catchUp();

    expect(folding.mock.calls).toEqual([[expect.objectContaining({ options: expect.objectContaining({ hold: undefined }) }), { after: 0, until: head, pageSize: BATCH }]]);
    expect(checkpoints.slice(0, 3)).toEqual([0, BATCH, BATCH * 2]);
    expect(await rows(store)).toEqual(expected);
    await expect(Projector.open(events, store, engineProjections(), undefined, { hold: { initial: 10, most: 5 } })).rejects.toThrow(RangeError);
  });

  it('refuses a projection before one whose tables it reads: a card reads its case\'s row, held by the case fold until given out', async () => {
    const store = await scratch();
    const [cases, catalog, deadlines, supervision] = engineProjections();

    await expect(Projector.open(events, store, [supervision, catalog, cases, deadlines])).rejects.toThrow('projection supervision reads the tables of cases, which must come before it');
  });
});
