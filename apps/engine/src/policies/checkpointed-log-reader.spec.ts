import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, StoredEvent } from '@gov/event-store';
import { readCheckpoint, runScript, type ReadModelDb, type ReadModelStore } from '@gov/projections';
import { readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import { AfterCommit, CheckpointedLogReader } from './checkpointed-log-reader';

type NotedTables = {
  noted: { id: string };
};

const notedCount = async (db: ReadModelDb) =>
  Number((await db.withTables<NotedTables>().selectFrom('noted').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Writes a row per `Noted` event; a `Noted` marked `command` then asks for a command that looks at what is committed. */
class NotingReader extends CheckpointedLogReader {
  readonly committedAtCommand: number[] = [];
  handled: string[] = [];
  /** The transaction each event was handled in. */
  readonly transactions: ReadModelDb[] = [];

  constructor(store: SqliteEventStore, readModels: ReadModelStore) {
    super(store, readModels, { name: 'noting', types: ['Noted'] });
  }

  protected override migrate(): Promise<void> {
    return this.readModels.migrate((tx) => runScript(tx, 'CREATE TABLE IF NOT EXISTS noted (id TEXT PRIMARY KEY);'));
  }

  protected async handle(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void> {
    this.handled.push(event.type);
    this.transactions.push(tx);
    await tx.withTables<NotedTables>().insertInto('noted').values({ id: event.id }).execute();
    if (!(event.data as { command?: boolean }).command) return;
    // Outside the batch's transaction, on the store's own connection: it sees only committed rows (and on SQLite,
    // run inside the transaction, it would wait for that transaction's connection for ever).
    return async () => this.committedAtCommand.push(await notedCount(this.readModels.db));
  }
}

describe.each(readModelStoresUnderTest())('a log reader from a stored checkpoint, on $name', ({ open }) => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  const append = (type: string, data: object = {}) => store.append(`s-${randomUUID()}`, [{
    id: randomUUID(), type, schemaVersion: 1, data,
    metadata: { occurredAt: '2026-04-07T00:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 't', role: 'system' } },
  }], { expectedRevision: 'no_stream' });
  const readAll = async (reader: NotingReader) => {
    await reader.onModuleInit();
    await reader.onApplicationBootstrap();
    await reader.caughtUp();
    await reader.onApplicationShutdown();
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-reader-'));
    store = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
    readModels = await open();
  });
  afterEach(async () => {
    await store.close();
    await readModels.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('receives only its types, commits rows before each command, and stores the checkpoint with the last rows', async () => {
    await append('Noted');
    await append('Other');
    await append('Noted', { command: true });
    const last = await append('Noted');
    const other = await append('Other');
    const reader = new NotingReader(store, readModels);
    await reader.onModuleInit();
    await reader.onApplicationBootstrap();
    await reader.caughtUp();

    expect(reader.handled).toEqual(['Noted', 'Noted', 'Noted']);
    expect(reader.committedAtCommand).toEqual([2]);
    expect(await notedCount(readModels.db)).toBe(3);
    expect(await readCheckpoint(readModels.db, 'noting')).toBe(last.lastPosition);
    // Stopped, it stores how far it looked: the event of another type after its last one is not read again.
    await reader.onApplicationShutdown();
    expect(await readCheckpoint(readModels.db, 'noting')).toBe(other.lastPosition);
  });

  it('stores how far it looked every few seconds; a failure to store it is only logged, never a batch handled twice', async () => {
    await append('Noted');
    const reader = new NotingReader(store, readModels);
    await reader.onModuleInit();
    await reader.onApplicationBootstrap();
    await reader.caughtUp();
    const later = Date.now() + 60_000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    const write = jest.spyOn(readModels, 'write').mockRejectedValueOnce(new Error('database is locked'));
    try {
      await append('Other');
      await reader.caughtUp();
      expect(write).toHaveBeenCalledTimes(1);
      clock.mockReturnValue(later + 60_000);
      const other = await append('Other');
      await reader.caughtUp();
      expect(reader.handled).toEqual(['Noted']);
      expect(await readCheckpoint(readModels.db, 'noting')).toBe(other.lastPosition);
    } finally {
      clock.mockRestore();
      write.mockRestore();
      await reader.onApplicationShutdown();
    }
  });

  it('writes a batch in one transaction, and in one more after each command it runs', async () => {
    for (let i = 0; i < 5; i++) await append('Noted', { command: i === 2 });
    const reader = new NotingReader(store, readModels);
    await readAll(reader);
    // Events 1-3 until the command, then 4-5 (with the checkpoint): two transactions, not five.
    const [first, , , fourth] = reader.transactions;
    expect(reader.transactions.map((tx) => (tx === first ? 'first' : tx === fourth ? 'second' : 'other')))
      .toEqual(['first', 'first', 'first', 'second', 'second']);
    expect(fourth).not.toBe(first);
  });

  it('stores the checkpoint after a command asked for by the batch\'s last event', async () => {
    await append('Noted');
    const last = await append('Noted', { command: true });
    const reader = new NotingReader(store, readModels);
    await readAll(reader);
    expect(reader.committedAtCommand).toEqual([2]);
    expect(await readCheckpoint(readModels.db, 'noting')).toBe(last.lastPosition);
  });

  it('starts after its checkpoint', async () => {
    await append('Noted');
    const first = new NotingReader(store, readModels);
    await readAll(first);
    await append('Noted');
    const second = new NotingReader(store, readModels);
    await readAll(second);
    expect([first.handled.length, second.handled.length]).toEqual([1, 1]);
  });
});
