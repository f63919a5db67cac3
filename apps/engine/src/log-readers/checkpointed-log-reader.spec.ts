import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteEventStore, StoredEvent } from '@gov/event-store';
import { openReadModelDb, ReadModelDb } from '@gov/projections';
import { BatchWrites, CheckpointedLogReader } from './checkpointed-log-reader';

/** Writes a row per `Noted` event; a `Noted` marked `command` then awaits a command that looks at what is committed. */
class NotingReader extends CheckpointedLogReader {
  readonly committedAtCommand: number[] = [];
  handled: string[] = [];

  constructor(store: SqliteEventStore, db: ReadModelDb, private readonly file: string) {
    super(store, db, { name: 'noting', types: ['Noted'] });
  }

  protected override migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS noted (id TEXT PRIMARY KEY)');
  }

  protected handle(event: StoredEvent, writes: BatchWrites): Promise<unknown> | void {
    this.handled.push(event.type);
    writes.write(() => this.db.prepare('INSERT INTO noted (id) VALUES (?)').run(event.id));
    if (!(event.data as { command?: boolean }).command) return;
    return writes.command(async () => {
      // Another connection sees only committed rows: the command must find this event's row there.
      const other = new Database(this.file, { readonly: true });
      try {
        this.committedAtCommand.push(other.prepare('SELECT COUNT(*) FROM noted').pluck().get() as number);
      } finally {
        other.close();
      }
    });
  }
}

describe('a log reader from a stored checkpoint', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: ReadModelDb;
  const append = (type: string, data: object = {}) => store.append(`s-${randomUUID()}`, [{
    id: randomUUID(), type, schemaVersion: 1, data,
    metadata: { occurredAt: '2026-04-07T00:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 't', role: 'system' } },
  }], { expectedRevision: 'no_stream' });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-reader-'));
    store = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
    db = openReadModelDb(path.join(dir, 'read.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('receives only its types, commits rows before each command, and stores the checkpoint with the last rows', async () => {
    await append('Noted');
    await append('Other');
    await append('Noted', { command: true });
    const last = await append('Noted');
    await append('Other');
    const reader = new NotingReader(store, db, path.join(dir, 'read.sqlite'));
    reader.onModuleInit();
    await reader.caughtUp();
    await reader.onApplicationShutdown();

    expect(reader.handled).toEqual(['Noted', 'Noted', 'Noted']);
    expect(reader.committedAtCommand).toEqual([2]);
    expect(db.prepare('SELECT COUNT(*) FROM noted').pluck().get()).toBe(3);
    expect(db.prepare("SELECT position FROM checkpoints WHERE name = 'noting'").pluck().get()).toBe(last.lastPosition);
    expect(db.inTransaction).toBe(false);
  });

  it('starts after its checkpoint', async () => {
    await append('Noted');
    const first = new NotingReader(store, db, path.join(dir, 'read.sqlite'));
    first.onModuleInit();
    await first.caughtUp();
    await first.onApplicationShutdown();
    await append('Noted');
    const second = new NotingReader(store, db, path.join(dir, 'read.sqlite'));
    second.onModuleInit();
    await second.caughtUp();
    await second.onApplicationShutdown();
    expect([first.handled.length, second.handled.length]).toEqual([1, 1]);
  });

  it('refuses a write after a command has started (it would hold the transaction across an await)', async () => {
    const writes = new BatchWrites(db);
    await writes.command(async () => undefined);
    expect(() => writes.write(() => undefined)).toThrow(/before it awaits a command/);
  });
});
