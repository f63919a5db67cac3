import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendOptions, NewEvent, StoredEvent } from '../event-store.port';
import { eventStoreContract } from '../testing/event-store.contract';
import { PAGE_WORKERS_MODULE } from '../testing/page-workers';
import { readAhead } from './read-ahead';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

const tempDirs: string[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
  tempDirs.push(dir);
  return join(dir, 'events.sqlite');
}

afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

eventStoreContract('SqliteEventStore', async () => SqliteEventStore.open({ file: tempFile() }));
eventStoreContract('SqliteEventStore (inline writer)', async () => SqliteEventStore.open({ file: tempFile(), writer: 'inline' }));
eventStoreContract('SqliteEventStore (groupCommit=false, synchronous=NORMAL)', async () =>
  SqliteEventStore.open({ file: tempFile(), groupCommit: false, synchronous: 'NORMAL' }),
);

function newEvent(data: unknown = { n: 1 }): NewEvent {
  return {
    id: randomUUID(),
    type: 'CaseNoted',
    schemaVersion: 2,
    data,
    metadata: {
      occurredAt: '2024-05-06T07:08:09.000Z',
      correlationId: 'corr',
      causationId: 'cause',
      actor: { id: 'clerk-1', role: 'clerk' },
    },
  };
}

const NO_STREAM: AppendOptions = { expectedRevision: 'no_stream' };
const ANY: AppendOptions = { expectedRevision: 'any' };

describe.each(['thread', 'inline'] as const)('SqliteEventStore, %s writer', (writer) => {
  const opened: SqliteEventStore[] = [];

  function open(options: Partial<SqliteEventStoreOptions> & { file: string }): SqliteEventStore {
    const store = SqliteEventStore.open({ writer, ...options });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  describe('file and schema', () => {
    it('creates the schema in WAL mode and records its version', async () => {
      const file = tempFile();
      await open({ file }).close();

      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('user_version', { simple: true })).toBe(3);
        const tables = db
          .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .pluck()
          .all();
        expect(tables).toEqual(['events', 'idempotency', 'seals', 'streams']);
      } finally {
        db.close();
      }
    });

    it('refuses a file whose schema is newer than the code', () => {
      const file = tempFile();
      const db = new Database(file);
      db.pragma('user_version = 99');
      db.close();

      expect(() => SqliteEventStore.open({ file })).toThrow(/newer/);
    });

    it('numbers positions from 1, consecutively', async () => {
      const store = open({ file: tempFile() });

      await store.append('s-1', [newEvent(), newEvent()], NO_STREAM);
      await store.append('s-2', [newEvent()], NO_STREAM);

      expect((await store.readAll({ after: 0, limit: 10 })).map((event) => event.position)).toEqual([1, 2, 3]);
      expect(await store.headPosition()).toBe(3);
    });

    it('keeps events, streams and idempotency records across close and reopen', async () => {
      const file = tempFile();
      const first = open({ file });
      const record = { key: 'idem-1', requestHash: 'h1', response: { caseId: 'case-1' } };
      await first.append('case-1', [newEvent({ a: 1 }), newEvent({ a: 2 })], { expectedRevision: 'no_stream', idempotency: record });
      await first.append('case-2', [newEvent({ b: 1 })], NO_STREAM);
      const before = await first.readAll({ after: 0, limit: 100 });
      await first.close();

      const reopened = open({ file });

      expect(await reopened.readAll({ after: 0, limit: 100 })).toEqual(before);
      expect(await reopened.headPosition()).toBe(3);
      expect(await reopened.findIdempotencyRecord('idem-1')).toEqual(record);
      await expect(reopened.append('case-1', [newEvent()], NO_STREAM)).rejects.toMatchObject({ actual: 1 });
      expect(await reopened.append('case-1', [newEvent()], { expectedRevision: 1 })).toEqual({
        nextExpectedRevision: 2,
        lastPosition: 4,
        duplicate: false,
      });
    });

    it('close() commits the queued appends first, then refuses new ones', async () => {
      const file = tempFile();
      const store = open({ file });

      const pending = store.append('case-1', [newEvent()], NO_STREAM);
      await store.close();

      await expect(pending).resolves.toEqual({ nextExpectedRevision: 0, lastPosition: 1, duplicate: false });
      await expect(store.append('case-2', [newEvent()], NO_STREAM)).rejects.toThrow(/closed/);
      const reopened = open({ file });
      expect(await reopened.readStream('case-1')).toHaveLength(1);
    });
  });

  describe('appends', () => {
    it('stores data and metadata as JSON text and recordedAt as the ISO time of the batch', async () => {
      const file = tempFile();
      const store = open({ file });
      const event = newEvent({ nested: { list: [1, 'two', null] } });
      const before = new Date().toISOString();
      await store.append('case-1', [event, newEvent()], NO_STREAM);
      const after = new Date().toISOString();

      const [stored, second] = await store.readStream('case-1');
      expect(stored.recordedAt >= before && stored.recordedAt <= after).toBe(true);
      expect(second.recordedAt).toBe(stored.recordedAt);
      const raw = new Database(file, { readonly: true });
      try {
        const row = raw.prepare<[], { data: string; metadata: string; occurred_at: string }>(
          'SELECT data, metadata, occurred_at FROM events WHERE position = 1',
        ).get();
        expect(row).toEqual({
          data: JSON.stringify(event.data),
          metadata: JSON.stringify(event.metadata),
          occurred_at: event.metadata.occurredAt,
        });
      } finally {
        raw.close();
      }
    });

    it('refuses event ids already stored in another stream', async () => {
      const store = open({ file: tempFile() });
      const event = newEvent();
      await store.append('case-1', [event], NO_STREAM);

      await expect(store.append('case-2', [event], ANY)).rejects.toThrow(/already stored as case-1@0/);
      expect(await store.readStream('case-2')).toEqual([]);
    });

    it('refuses an id that appears twice in one append, writing nothing', async () => {
      const store = open({ file: tempFile() });
      const event = newEvent();

      await expect(store.append('case-1', [event, event], NO_STREAM)).rejects.toThrow(/already stored/);
      expect(await store.headPosition()).toBe(0);
    });

    it('refuses data without a JSON form before queueing it', async () => {
      const store = open({ file: tempFile() });

      await expect(store.append('case-1', [{ ...newEvent(), data: undefined }], NO_STREAM)).rejects.toBeInstanceOf(TypeError);
      expect(await store.headPosition()).toBe(0);
    });

    it('snapshots the event when append is called', async () => {
      const store = open({ file: tempFile() });
      const data = { status: 'submitted' };

      const pending = store.append('case-1', [newEvent(data)], NO_STREAM);
      data.status = 'mutated-after-append';
      await pending;

      expect((await store.readStream('case-1'))[0].data).toEqual({ status: 'submitted' });
    });
  });

  describe('group commit', () => {
    it('commits 100 concurrent appends in a handful of transactions', async () => {
      const store = open({ file: tempFile() });
      const before = store.stats.transactions;

      const results = await Promise.all(
        Array.from({ length: 100 }, (_, index) => store.append(`case-${index}`, [newEvent()], NO_STREAM)),
      );

      const used = store.stats.transactions - before;
      expect(used).toBeGreaterThanOrEqual(1);
      expect(used).toBeLessThanOrEqual(5);
      expect(results.map((result) => result.lastPosition).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, index) => index + 1),
      );
      expect(await store.headPosition()).toBe(100);
    });

    it('flushes at once when 512 appends are queued', async () => {
      const store = open({ file: tempFile() });

      const results = await Promise.all(
        Array.from({ length: 600 }, (_, index) => store.append(`case-${index}`, [newEvent()], NO_STREAM)),
      );

      expect(store.stats.transactions).toBe(2);
      expect(results[511].lastPosition).toBe(512);
      expect(results[599].lastPosition).toBe(600);
    });

    it('uses one transaction per append when group commit is off', async () => {
      const store = open({ file: tempFile(), groupCommit: false });

      await Promise.all(Array.from({ length: 20 }, (_, index) => store.append(`case-${index}`, [newEvent()], NO_STREAM)));

      expect(store.stats.transactions).toBe(20);
      expect(await store.headPosition()).toBe(20);
    });

    it('rolls back a failing append alone; the rest of its batch commits', async () => {
      const store = open({ file: tempFile() });
      await store.append('existing', [newEvent()], NO_STREAM);
      const before = store.stats.transactions;
      const idempotency = { key: 'k-1', requestHash: 'h', response: { ok: true } };

      const results = await Promise.allSettled([
        store.append('a', [newEvent()], NO_STREAM),
        store.append('existing', [newEvent()], NO_STREAM),
        store.append('b', [newEvent(), newEvent()], { expectedRevision: 'no_stream', idempotency }),
        store.append('c', [newEvent()], { expectedRevision: 'no_stream', idempotency }),
      ]);

      expect(store.stats.transactions - before).toBe(1);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect(results[1].status === 'rejected' && results[1].reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(results[3].status === 'rejected' && results[3].reason).toBeInstanceOf(IdempotencyKeyTakenError);
      expect(await store.readStream('existing')).toHaveLength(1);
      expect(await store.readStream('b')).toHaveLength(2);
      expect(await store.readStream('c')).toEqual([]);
      // Rolled-back inserts leave no hole: positions stay consecutive.
      expect((await store.readAll({ after: 0, limit: 10 })).map((event) => event.streamId)).toEqual([
        'existing',
        'a',
        'b',
        'b',
      ]);
      expect(await store.headPosition()).toBe(4);
    });

    it('lets appends to one stream in one batch see each other, in call order', async () => {
      const store = open({ file: tempFile() });
      const first = newEvent();

      const results = await Promise.all([
        store.append('case-1', [first], NO_STREAM),
        store.append('case-1', [newEvent()], { expectedRevision: 0 }),
        store.append('case-1', [newEvent(), newEvent()], { expectedRevision: 1 }),
        store.append('case-1', [first], NO_STREAM),
      ]);

      expect(store.stats.transactions).toBe(1);
      expect(results).toEqual([
        { nextExpectedRevision: 0, lastPosition: 1, duplicate: false },
        { nextExpectedRevision: 1, lastPosition: 2, duplicate: false },
        { nextExpectedRevision: 3, lastPosition: 4, duplicate: false },
        { nextExpectedRevision: 0, lastPosition: 1, duplicate: true },
      ]);
    });
  });

  /** A store holding one event, and another connection on its file that holds the write lock (BEGIN IMMEDIATE). */
  async function storeWhileAnotherConnectionWrites(options: Partial<SqliteEventStoreOptions>): Promise<{ store: SqliteEventStore; other: Database.Database }> {
    const file = tempFile();
    const store = open({ file, ...options });
    await store.append('case-0', [newEvent()], NO_STREAM);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    return { store, other };
  }

  describe('subscriptions', () => {
    it('sees events appended by a second instance on the same file, by polling', async () => {
      const file = tempFile();
      const reader = open({ file, pollIntervalMs: 20 });
      const writer = open({ file });
      const received: StoredEvent[] = [];
      const subscription = reader.subscribeToAll({ after: 0 }, async (batch) => void received.push(...batch));

      const first = await writer.append('case-1', [newEvent(), newEvent()], NO_STREAM);
      await subscription.caughtUpTo(first.lastPosition);
      const second = await writer.append('case-2', [newEvent()], NO_STREAM);
      await subscription.caughtUpTo(second.lastPosition);
      await subscription.stop();

      expect(received).toEqual(await writer.readAll({ after: 0, limit: 10 }));
      expect(received.map((event) => event.position)).toEqual([1, 2, 3]);
    });

    it("waits for another process's write lock without blocking its thread", async () => {
      const { store, other } = await storeWhileAnotherConnectionWrites({});
      let answered = false;
      const appended = store.append('case-1', [newEvent()], NO_STREAM).finally(() => (answered = true));

      // Timers fire while the lock is held: SQLite's own wait would hold the thread (here, for good).
      await delay(30);
      expect(answered).toBe(false);
      const queuedMeanwhile = store.append('case-2', [newEvent()], NO_STREAM);
      other.exec('COMMIT');
      other.close();

      await expect(appended).resolves.toMatchObject({ lastPosition: 2 });
      await expect(queuedMeanwhile).resolves.toMatchObject({ lastPosition: 3 });
    });

    it('fails the appends once the write lock stays taken past the busy timeout, and writes them after', async () => {
      const { store, other } = await storeWhileAnotherConnectionWrites({ busyTimeoutMs: 50 });

      await expect(store.append('case-1', [newEvent()], NO_STREAM)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      other.exec('ROLLBACK');
      other.close();

      await expect(store.append('case-1', [newEvent()], NO_STREAM)).resolves.toMatchObject({ lastPosition: 2 });
    });

    it('counts the busy timeout for each append from when it was made', async () => {
      const { store, other } = await storeWhileAnotherConnectionWrites({ busyTimeoutMs: 400 });

      const early = store.append('case-1', [newEvent()], NO_STREAM);
      const earlyFailed = expect(early).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      await delay(250);
      const late = store.append('case-2', [newEvent()], NO_STREAM);
      await earlyFailed;
      // The later append joined the failed one's batch but has its own 400 ms, not what was left of the other's.
      other.exec('COMMIT');
      other.close();

      await expect(late).resolves.toMatchObject({ lastPosition: 2 });
    });

    it('checks revisions against what another instance committed', async () => {
      const file = tempFile();
      const [one, two] = [open({ file }), open({ file })];
      await one.append('case-1', [newEvent()], NO_STREAM);

      await expect(two.append('case-1', [newEvent()], NO_STREAM)).rejects.toMatchObject({ actual: 0 });
      expect(await two.append('case-1', [newEvent()], { expectedRevision: 0 })).toMatchObject({ lastPosition: 2 });
    });

    it('delivers only the types asked for, whether they are sparse types (the partial index) or not', async () => {
      const file = tempFile();
      const typed = (type: string) => ({ ...newEvent(), type });
      const store = open({ file, sparseTypes: ['ItemPublished', "O'Brien", 'CalendarYearPublished'] });
      await store.append('catalog-1', [typed('ItemPublished'), typed('CaseNoted'), typed("O'Brien")], NO_STREAM);
      await store.append('case-2', [typed('CaseNoted'), typed('CalendarYearPublished'), typed('CaseClosed')], NO_STREAM);
      const read = async (types: string[], batchSize: number) => {
        const received: StoredEvent[] = [];
        const subscription = store.subscribeToAll({ after: 0, types, batchSize }, async (events) => void received.push(...events));
        await subscription.caughtUpTo(await store.headPosition());
        await subscription.stop();
        return received.map((event) => [event.position, event.type]);
      };
      expect(await read(['ItemPublished', 'CalendarYearPublished', "O'Brien"], 1)).toEqual([[1, 'ItemPublished'], [3, "O'Brien"], [5, 'CalendarYearPublished']]);
      expect(await read(['CalendarYearPublished'], 2)).toEqual([[5, 'CalendarYearPublished']]);
      expect(await read(['ItemPublished', 'CaseClosed'], 10)).toEqual([[1, 'ItemPublished'], [6, 'CaseClosed']]);
      const indexes = () => {
        const db = new Database(file, { readonly: true });
        try {
          return (db.prepare("SELECT sql FROM sqlite_master WHERE name GLOB 'events_sparse_*' ORDER BY sql").all() as { sql: string }[]).map((row) => row.sql);
        } finally {
          db.close();
        }
      };
      expect(indexes()).toEqual([expect.stringContaining(`WHERE type IN ('CalendarYearPublished', 'ItemPublished', 'O''Brien')`)]);
      // Another list (a release with another reference type) makes its own index and leaves the one a process of the
      // older release may still read through; a reader of either list reads the same events.
      const newer = open({ file, sparseTypes: ['ItemPublished', 'ItemRevised'] });
      expect(indexes()).toEqual([expect.stringContaining(`('CalendarYearPublished', 'ItemPublished', 'O''Brien')`), expect.stringContaining(`('ItemPublished', 'ItemRevised')`)]);
      const sub = newer.subscribeToAll({ after: 0, types: ['ItemPublished'] }, async () => undefined);
      await sub.caughtUpTo(await newer.headPosition());
      await sub.stop();
      expect(await read(['ItemPublished', 'CalendarYearPublished', "O'Brien"], 1)).toEqual([[1, 'ItemPublished'], [3, "O'Brien"], [5, 'CalendarYearPublished']]);
    });

    it('wakes on its own commits without waiting for the poll', async () => {
      const store = open({ file: tempFile(), pollIntervalMs: 60_000 });
      const subscription = store.subscribeToAll({ after: 0 }, async () => undefined);
      await delay(20); // let it find nothing and go idle

      const result = await store.append('case-1', [newEvent()], NO_STREAM);

      await expect(withTimeout(subscription.caughtUpTo(result.lastPosition), 2000)).resolves.toBeUndefined();
    });

    it('reads at once when asked to catch up to what another instance committed', async () => {
      const file = tempFile();
      const reader = open({ file, pollIntervalMs: 60_000 });
      const writer = open({ file });
      const subscription = reader.subscribeToAll({ after: 0 }, async () => undefined);
      await delay(20); // let it find nothing and go idle

      const result = await writer.append('case-1', [newEvent()], NO_STREAM);

      // A caller that saw the head move (a command on the second API instance) must not wait for the poll.
      await expect(withTimeout(subscription.caughtUpTo(await reader.headPosition()), 2000)).resolves.toBeUndefined();
      expect(result.lastPosition).toBe(1);
    });

    it('lets the process serve between the batches of a long catch-up', async () => {
      const store = open({ file: tempFile() });
      for (let i = 0; i < 20; i++) await store.append(`case-${i}`, Array.from({ length: 10 }, () => newEvent()), NO_STREAM);
      let delivered = 0;
      let deliveredWhenServed = -1;
      // What the process has to do meanwhile (an HTTP request, a timer): queued before the catch-up starts.
      setImmediate(() => (deliveredWhenServed = delivered));
      const subscription = store.subscribeToAll({ after: 0, batchSize: 10 }, async (batch) => void (delivered += batch.length));

      await subscription.caughtUpTo(200);
      await subscription.stop();

      // Without a turn of the event loop between batches, every batch went before anything else did (200).
      expect(deliveredWhenServed).toBeGreaterThanOrEqual(0);
      expect(deliveredWhenServed).toBeLessThan(200);
    });

    it('close() stops subscriptions and rejects pending caughtUpTo', async () => {
      const store = open({ file: tempFile() });
      let calls = 0;
      const subscription = store.subscribeToAll({ after: 0 }, async () => void (calls += 1));
      // Expected before closing: closing waits for the writer thread, and the rejection must not go unhandled meanwhile.
      const waiting = expect(subscription.caughtUpTo(10)).rejects.toThrow(/stopped/);

      await store.close();

      await waiting;
      expect(calls).toBe(0);
    });

    it('backs off and retries a batch while the handler keeps failing', async () => {
      const store = open({ file: tempFile() });
      const result = await store.append('case-1', [newEvent()], NO_STREAM);
      const errors: unknown[] = [];
      let calls = 0;
      const subscription = store.subscribeToAll(
        { after: 0, onError: (error) => errors.push(error) },
        async () => {
          calls += 1;
          if (calls < 3) throw new Error(`failure ${calls}`);
        },
      );

      const started = Date.now();
      await subscription.caughtUpTo(result.lastPosition);

      // 200 ms, then 400 ms of back-off.
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      expect(calls).toBe(3);
      expect(errors.map((error) => (error as Error).message)).toEqual(['failure 1', 'failure 2']);
    });
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('SqliteEventStore with its writer thread', () => {
  it('queues the appends made while a batch commits on the thread, and commits them together next', async () => {
    const store = SqliteEventStore.open({ file: tempFile(), writer: 'thread' });
    try {
      const first = store.append('case-0', [newEvent()], NO_STREAM);
      // The first batch leaves for the thread at the end of this turn; three waves arrive, a turn
      // apart, while it commits (inline, each wave would be a transaction of its own).
      const rest: Promise<unknown>[] = [];
      for (let wave = 0; wave < 3; wave += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        rest.push(...Array.from({ length: 5 }, (_, index) => store.append(`case-${wave}-${index}`, [newEvent()], NO_STREAM)));
      }

      await Promise.all([first, ...rest]);

      expect(store.stats.transactions).toBe(2);
      expect(await store.headPosition()).toBe(16);
    } finally {
      await store.close();
    }
  });

  it('answers an append only once its batch committed: a second connection reads it at once', async () => {
    const file = tempFile();
    const store = SqliteEventStore.open({ file, writer: 'thread' });
    const other = new Database(file, { readonly: true });
    try {
      const { lastPosition } = await store.append('case-1', [newEvent(), newEvent()], NO_STREAM);
      expect(other.prepare('SELECT MAX(position) AS head FROM events').get()).toEqual({ head: lastPosition });
    } finally {
      other.close();
      await store.close();
    }
  });

  it('commits what is queued when closed, then refuses appends', async () => {
    const file = tempFile();
    const store = SqliteEventStore.open({ file, writer: 'thread' });
    const appends = Array.from({ length: 5 }, (_, index) => store.append(`case-${index}`, [newEvent()], NO_STREAM));
    await store.close();
    await expect(Promise.all(appends)).resolves.toHaveLength(5);
    await expect(store.append('late', [newEvent()], NO_STREAM)).rejects.toThrow(/closed/);
    const reopened = SqliteEventStore.open({ file, writer: 'inline' });
    try {
      expect(await reopened.headPosition()).toBe(5);
    } finally {
      await reopened.close();
    }
  });
});

describe('SqliteEventStore reading ahead (readRange)', () => {
  /** The process's threads (Linux): the read-ahead thread is one of them while it runs. */
  const threads = () => readdirSync('/proc/self/task').length;

  async function storeWith(events: number, file = tempFile()): Promise<SqliteEventStore> {
    const store = SqliteEventStore.open({ file });
    for (let i = 0; i < events; i += 1) await store.append(`case-${i}`, [newEvent({ i, note: '补正材料' })], NO_STREAM);
    return store;
  }

  it('reads on a thread of its own, which ends when the reader stops early', async () => {
    const store = await storeWith(12);
    try {
      const pages: StoredEvent[][] = [];
      for await (const page of store.readRange({ after: 0, until: 12, pageSize: 5 })) pages.push(page);
      const idle = threads();
      let during = 0;
      for await (const page of store.readRange({ after: 0, until: 12, pageSize: 5 })) {
        during = threads();
        expect(page).toEqual(pages[0]);
        break;
      }

      expect(during).toBeGreaterThan(idle);
      expect(threads()).toBe(idle);
      expect(pages.flat()).toEqual(await store.readAll({ after: 0, limit: 12 }));
    } finally {
      await store.close();
    }
  });

  it('reads an in-memory store, which no other connection sees, on the caller\'s thread', async () => {
    const store = await storeWith(4, ':memory:');
    try {
      const pages: StoredEvent[][] = [];
      for await (const page of store.readRange({ after: 0, until: 4, pageSize: 3 })) pages.push(page);
      expect(pages.flat()).toEqual(await store.readAll({ after: 0, limit: 4 }));
    } finally {
      await store.close();
    }
  });

  it('fails on a page whose stored column is not one JSON value, as readAll does, instead of shifting its rows', async () => {
    const file = tempFile();
    const store = await storeWith(6, file);
    try {
      const edit = new Database(file);
      // A row edited by hand: as a value inside the page's JSON array, '1,2' would parse as two fields.
      edit.prepare("UPDATE events SET data = '1,2' WHERE position = 4").run();
      edit.close();
      const read = async () => {
        for await (const page of store.readRange({ after: 0, until: 6, pageSize: 10 })) expect(page).toHaveLength(6);
      };

      await expect(store.readAll({ after: 0, limit: 10 })).rejects.toThrow(SyntaxError);
      await expect(read()).rejects.toThrow(/does not read back as its rows/);
    } finally {
      await store.close();
    }
  });

  it('refuses a range readAll would refuse', async () => {
    const store = await storeWith(1);
    try {
      expect(() => store.readRange({ after: -1, until: 1, pageSize: 5 })).toThrow(RangeError);
      expect(() => store.readRange({ after: 0, until: 1, pageSize: 0 })).toThrow(RangeError);
      expect(() => store.readRange({ after: 0, until: 1.5, pageSize: 5 })).toThrow(RangeError);
    } finally {
      await store.close();
    }
  });

  it('ends a reading thread its reader left unfinished when the store closes', async () => {
    const store = await storeWith(12);
    const idle = threads();
    const pages = store.readRange({ after: 0, until: 12, pageSize: 5 })[Symbol.asyncIterator]();
    await pages.next();
    expect(threads()).toBeGreaterThan(idle);

    await store.close();

    expect(threads()).toBe(idle);
  });

  describe('working on each page where it is read (readRangeWith)', () => {
    const worker = (exportName: string, module = PAGE_WORKERS_MODULE) => ({ module, exportName });
    async function worked(store: SqliteEventStore, exportName: string, module?: string): Promise<unknown[]> {
      const values: unknown[] = [];
      for await (const page of store.readRangeWith(worker(exportName, module), { after: 0, until: 6, pageSize: 4 })) values.push(page.value);
      return values;
    }

    it('works on the reading thread, which ends when the reader stops early; an in-memory store on the caller\'s', async () => {
      const store = await storeWith(6);
      const memory = await storeWith(6, ':memory:');
      try {
        const idle = threads();
        let during = 0;
        for await (const page of store.readRangeWith(worker('pagePositions'), { after: 0, until: 6, pageSize: 4 })) {
          during = threads();
          expect(page).toEqual({ after: 0, last: 4, count: 4, value: [1, 2, 3, 4] });
          break;
        }
        expect(during).toBeGreaterThan(idle);
        expect(threads()).toBe(idle);
        let inMemory = 0;
        for await (const page of memory.readRangeWith<number[]>(worker('pagePositions'), { after: 0, until: 6, pageSize: 4 })) {
          inMemory = Math.max(inMemory, threads());
          expect(page.count).toBeGreaterThan(0);
        }
        expect(inMemory).toBe(idle);
        expect(await worked(memory, 'pagePositions')).toEqual(await worked(store, 'pagePositions'));
      } finally {
        await Promise.all([store.close(), memory.close()]);
      }
    });

    it('fails with the reason when the work throws, or its worker is no function, starts no work or cannot load', async () => {
      const store = await storeWith(6);
      try {
        await expect(worked(store, 'brokenWork')).rejects.toThrow(/reading the log ahead: the page after position 0: Error: the work broke\n +at .*breaks/);
        // An event returned as it came, not plainEvent(event): refused as it is posted, rather than arriving without its metadata.
        await expect(worked(store, 'rawPage')).rejects.toThrow(/the page after position 0: DataCloneError: .*could not be cloned/);
        await expect(worked(store, 'notAWorker')).rejects.toThrow(/cannot start the page worker: .*exports no function notAWorker/);
        await expect(worked(store, 'startsNothing')).rejects.toThrow(/cannot start the page worker: .*startsNothing starts no page work/);
        await expect(worked(store, 'keepPage', join(tmpdir(), 'no-such-worker.js'))).rejects.toThrow(/cannot start the page worker: Cannot find module/);
        // Worked on the caller's thread, the failure says where too.
        const memory = await storeWith(6, ':memory:');
        await expect(worked(memory, 'brokenWork')).rejects.toThrow(/^the page after position 0: Error: the work broke\n +at .*breaks/);
        await memory.close();
      } finally {
        await store.close();
      }
    });

    it('fails, saying where, when a work breaks at its end', async () => {
      const store = await storeWith(6);
      const memory = await storeWith(6, ':memory:');
      const counts = async (from: SqliteEventStore) => {
        const seen: number[] = [];
        for await (const page of from.readRangeWith<number>(worker('breaksAtTheEnd'), { after: 0, until: 6, pageSize: 4 })) seen.push(page.value);
        return seen;
      };
      try {
        const idle = threads();
        await expect(counts(store)).rejects.toThrow(/reading the log ahead: the page after position 6: Error: the ending broke\n +at .*endBreaks/);
        expect(threads()).toBe(idle);
        await expect(counts(memory)).rejects.toThrow(/^the page after position 6: Error: the ending broke/);
      } finally {
        await Promise.all([store.close(), memory.close()]);
      }
    });

    it('fails on a data column that is not JSON; on a metadata column only when the work reads the metadata', async () => {
      const file = tempFile();
      const store = await storeWith(6, file);
      try {
        const edit = new Database(file);
        edit.prepare("UPDATE events SET metadata = '1,2' WHERE position = 2").run();
        edit.close();
        await expect(worked(store, 'pagePositions')).resolves.toEqual([[1, 2, 3, 4], [5, 6]]);
        await expect(worked(store, 'summarizePage')).rejects.toThrow(/reading the log ahead: .*JSON/);
        const again = new Database(file);
        again.prepare("UPDATE events SET data = '1,2' WHERE position = 5").run();
        again.close();
        await expect(worked(store, 'pagePositions')).rejects.toThrow(/reading the log ahead: .*JSON/);
      } finally {
        await store.close();
      }
    });

    it('refuses a range readAll would refuse', async () => {
      const store = await storeWith(1);
      try {
        expect(() => store.readRangeWith(worker('pagePositions'), { after: -1, until: 1, pageSize: 5 })).toThrow(RangeError);
        expect(() => store.readRangeWith(worker('pagePositions'), { after: 0, until: 1.5, pageSize: 5 })).toThrow(RangeError);
      } finally {
        await store.close();
      }
    });
  });

  it('fails with the reason when the file cannot be read', async () => {
    const read = async () => {
      for await (const page of readAhead(join(tmpdir(), `missing-${randomUUID()}.sqlite`), { after: 0, until: 10, pageSize: 5 })) return page;
    };
    await expect(read()).rejects.toThrow(/reading the log ahead: cannot read .*missing-/);
  });
});
