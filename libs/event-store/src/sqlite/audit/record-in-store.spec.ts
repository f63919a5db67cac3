import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../../event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../sqlite-event-store';
import { verifyEventLog } from './verify-event-log';

/** How the store writes the record: in the batch's own transaction, through group commit, savepoints and migration. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-store-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

function newEvent(n = 1): NewEvent {
  return {
    id: randomUUID(),
    type: 'CaseNoted',
    schemaVersion: 1,
    data: { n },
    metadata: { occurredAt: '2026-03-02T01:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'staff-1', role: 'window-staff' } },
  };
}

const opened: SqliteEventStore[] = [];
function open(options: Partial<SqliteEventStoreOptions> & { file: string }): SqliteEventStore {
  const store = SqliteEventStore.open(options);
  opened.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

function seals(file: string): { seq: number; position: number; reason: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { seq: number; position: number; reason: string }>('SELECT seq, position, reason FROM seals ORDER BY seq').all();
  } finally {
    db.close();
  }
}

describe('the tamper-evident record in SqliteEventStore', () => {
  it('starts a new file with an empty genesis seal', async () => {
    const file = tempFile();
    await open({ file }).close();

    expect(seals(file)).toEqual([{ seq: 1, position: 0, reason: 'genesis' }]);
    expect(verifyEventLog(file)).toMatchObject({ intact: true, eventsChecked: 0, sealsChecked: 1 });
  });

  it('seals inside the batch transaction: group commit spends no transaction on it', async () => {
    const file = tempFile();
    const store = open({ file, sealPolicy: { everyEvents: 100, everyMs: 3_600_000 } });

    await Promise.all(Array.from({ length: 600 }, (_, i) => store.append(`case-${i}`, [newEvent(i)], { expectedRevision: 'no_stream' })));

    // 512 then 88 appends: two transactions, as without the record; the first batch passed 100 unsealed events.
    expect(store.stats.transactions).toBe(2);
    expect(seals(file)).toEqual([
      { seq: 1, position: 0, reason: 'genesis' },
      { seq: 2, position: 512, reason: 'count' },
    ]);
    expect(verifyEventLog(file)).toMatchObject({ intact: true, eventsChecked: 600, unsealedEvents: 88 });
  });

  it('seals a range longer than one page of hashes (5000) the way the verifier recomputes it', async () => {
    const file = tempFile();
    const store = open({ file, sealPolicy: { everyEvents: 5500, everyMs: 3_600_000 } });

    for (let i = 0; i < 60; i += 1) {
      await store.append(`case-${i}`, Array.from({ length: 100 }, () => newEvent(i)), { expectedRevision: 'no_stream' });
    }

    expect(seals(file).at(-1)).toEqual({ seq: 2, position: 5500, reason: 'count' });
    expect(verifyEventLog(file)).toMatchObject({ intact: true, eventsChecked: 6000, unsealedEvents: 500 });
  });

  it('seals at the next commit once the latest seal is older than the interval', async () => {
    const file = tempFile();
    const store = open({ file, sealPolicy: { everyEvents: 1000, everyMs: 0 } });

    await store.append('case-1', [newEvent()], { expectedRevision: 'no_stream' });
    await store.append('case-1', [newEvent(), newEvent()], { expectedRevision: 0 });

    expect(seals(file).map((seal) => [seal.position, seal.reason])).toEqual([[0, 'genesis'], [1, 'time'], [3, 'time']]);
  });

  it('keeps the chains whole when appends of a batch roll back in their savepoints', async () => {
    const file = tempFile();
    const store = open({ file, sealPolicy: { everyEvents: 3, everyMs: 3_600_000 } });
    const taken = newEvent();
    await store.append('existing', [taken], { expectedRevision: 'no_stream' });
    const idempotency = { key: 'k-1', requestHash: 'h', response: { ok: true } };

    const results = await Promise.allSettled([
      store.append('a', [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
      store.append('existing', [newEvent()], { expectedRevision: 'no_stream' }), // wrong revision
      store.append('b', [newEvent(), taken], { expectedRevision: 'no_stream' }), // second id already stored: inserts one row, then rolls back
      store.append('c', [newEvent()], { expectedRevision: 'no_stream', idempotency }),
      store.append('d', [newEvent()], { expectedRevision: 'no_stream', idempotency }), // key taken
      store.append('existing', [newEvent()], { expectedRevision: 0 }),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readAll({ after: 0, limit: 10 })).map((event) => event.position)).toEqual([1, 2, 3, 4, 5]);
    await store.close();
    expect(verifyEventLog(file)).toMatchObject({ intact: true, eventsChecked: 5, findings: [] });
  });

  it('chains a stream appended to by two stores on one file (each reads the chain from the file)', async () => {
    const file = tempFile();
    const [one, two] = [open({ file, sealPolicy: { everyEvents: 2, everyMs: 3_600_000 } }), open({ file })];

    for (let revision = 0; revision < 6; revision += 1) {
      const store = revision % 2 === 0 ? one : two;
      await store.append('case-shared', [newEvent(revision)], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    }

    expect(verifyEventLog(file)).toMatchObject({ intact: true, eventsChecked: 6, streamsChecked: 1 });
  });

  it('sealNow seals the unsealed tail once, then returns the same seal', async () => {
    const file = tempFile();
    const store = open({ file });
    await store.append('case-1', [newEvent(), newEvent()], { expectedRevision: 'no_stream' });

    const seal = await store.sealNow();
    const again = await store.sealNow();

    expect(seal).toMatchObject({ seq: 2, position: 2, reason: 'request' });
    expect(again).toEqual(seal);
    expect(store.latestSeal()).toEqual(seal);
    expect(verifyEventLog(file)).toMatchObject({ intact: true, unsealedEvents: 0, latestSeal: seal });
  });

  it('hashes a file written before the record on migration, seals it, and chains new appends to it', async () => {
    const file = tempFile();
    writeVersionOneFile(file);

    const store = open({ file, sealPolicy: { everyEvents: 1000, everyMs: 3_600_000 } });
    await store.append('case-old-1', [newEvent()], { expectedRevision: 1 });
    await store.append('case-new', [newEvent()], { expectedRevision: 'no_stream' });
    await store.close();

    expect(seals(file)).toEqual([{ seq: 1, position: 3, reason: 'migration' }]);
    expect(verifyEventLog(file)).toMatchObject({ intact: true, eventsChecked: 5, streamsChecked: 3, unsealedEvents: 2 });
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM events WHERE hash IS NULL').pluck().get()).toBe(0);
    db.close();
  });
});

/** The v1 schema and rows exactly as the store wrote them before the record existed. */
function writeVersionOneFile(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE events (
     position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
     revision INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL,
     metadata TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, revision));
   CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL);
   CREATE TABLE idempotency (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, response TEXT NOT NULL, position INTEGER);`);
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at)
     VALUES (?, ?, ?, 'CaseNoted', 1, ?, ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  );
  const metadata = JSON.stringify(newEvent().metadata);
  insert.run(randomUUID(), 'case-old-1', 0, '{"n":1}', metadata);
  insert.run(randomUUID(), 'case-old-2', 0, '{"n":2}', metadata);
  insert.run(randomUUID(), 'case-old-1', 1, '{"n":3}', metadata);
  db.exec("INSERT INTO streams VALUES ('case-old-1', 1), ('case-old-2', 0)");
  db.pragma('user_version = 1');
  db.close();
}
