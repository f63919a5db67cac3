import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'kysely';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { runScript } from './run-script';
import { Statement } from './statement';
import { readModelStoresUnderTest } from './testing/read-model-stores';
import type { ReadModelStore } from './read-model-store';
import { SqliteReadModelStore } from './sqlite-read-model-store';

describe.each(readModelStoresUnderTest())('read-model store on $name', ({ open }) => {
  let store: ReadModelStore;
  beforeEach(async () => {
    store = await open();
    await store.migrate((tx) => runScript(tx, 'CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, n BIGINT NOT NULL);'));
  });
  afterEach(() => store.close());

  const count = async () => (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM notes`.execute(store.db)).rows[0].n;

  it('commits a write transaction, and keeps nothing of one that throws', async () => {
    await store.write((tx) => sql`INSERT INTO notes (id, n) VALUES ('a', 1)`.execute(tx));
    await expect(store.write(async (tx) => {
      await sql`INSERT INTO notes (id, n) VALUES ('b', 2)`.execute(tx);
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(await count()).toBe(1);
  });

  it('keeps checkpoints as numbers, beyond 32 bits', async () => {
    expect(await readCheckpoint(store.db, 'reader')).toBe(0);
    await writeCheckpoint(store.db, 'reader', 5_000_000_000);
    await writeCheckpoint(store.db, 'reader', 5_000_000_001);
    expect(await readCheckpoint(store.db, 'reader')).toBe(5_000_000_001);
  });

  it('runs a statement compiled once with new values each time, and says how many rows it changed', async () => {
    const insert = new Statement<{ id: string; n: number }>((db, p) =>
      (db as any).insertInto('notes').values({ id: p('id'), n: p('n') }).onConflict((c: any) => c.doNothing()));
    expect(await insert.changes(store.db, { id: 'x', n: 7 })).toBe(1);
    expect(await insert.changes(store.db, { id: 'y', n: 8 })).toBe(1);
    expect(await insert.changes(store.db, { id: 'x', n: 9 })).toBe(0);
    const rows = await sql<{ id: string; n: number }>`SELECT id, n FROM notes ORDER BY id`.execute(store.db);
    expect(rows.rows).toEqual([{ id: 'x', n: 7 }, { id: 'y', n: 8 }]);
  });

  it('runs a compiled statement inside a transaction on that transaction: it sees its rows and rolls back with it', async () => {
    const insert = new Statement<{ id: string; n: number }>((db, p) => (db as any).insertInto('notes').values({ id: p('id'), n: p('n') }));
    const count = new Statement<Record<string, never>>((db) => (db as any).selectFrom('notes').select((eb: any) => eb.fn.countAll().as('n')));
    await expect(store.write(async (tx) => {
      await insert.run(tx, { id: 'inside', n: 1 });
      expect(Number((await count.rows<{ n: number }>(tx, {}))[0].n)).toBe(1);
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(Number((await count.rows<{ n: number }>(store.db, {}))[0].n)).toBe(0);
  });

  it('lets one transaction at a time hold an exclusive name', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = store.write(async (tx) => {
      await store.exclusive(tx, 'projector');
      order.push('first in');
      await held;
      order.push('first out');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = store.write(async (tx) => {
      await store.exclusive(tx, 'projector');
      order.push('second in');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });

  it('tells the time by the database clock', async () => {
    const before = Date.now();
    const now = await store.nowMs();
    expect(Math.abs(now - before)).toBeLessThan(5_000);
  });
});

describe('a SQLite read-model store built as a scratch file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scratch-read-models-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps no journal on disk while it is built, rolls a failed batch back, and holds every commit once closed', async () => {
    const file = path.join(dir, 'read-models.sqlite');
    const scratch = await SqliteReadModelStore.open(file, 'NORMAL', { scratch: true });
    await scratch.migrate((tx) => runScript(tx, 'CREATE TABLE notes (id TEXT PRIMARY KEY, n BIGINT NOT NULL);'));
    let filesDuringWrite: string[] = [];
    await scratch.write(async (tx) => {
      await sql`INSERT INTO notes (id, n) VALUES ('a', 1)`.execute(tx);
      filesDuringWrite = fs.readdirSync(dir);
    });
    await expect(scratch.write(async (tx) => {
      await sql`INSERT INTO notes (id, n) VALUES ('b', 2)`.execute(tx);
      throw new Error('refused');
    })).rejects.toThrow('refused');
    await scratch.close();

    expect(filesDuringWrite).toEqual(['read-models.sqlite']);
    const reopened = await SqliteReadModelStore.open(file);
    try {
      expect((await sql<{ id: string }>`SELECT id FROM notes`.execute(reopened.db)).rows).toEqual([{ id: 'a' }]);
      expect((await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(reopened.db)).rows[0].journal_mode).toBe('wal');
    } finally {
      await reopened.close();
    }
  });
});
