import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { Projector, type ReadModelStore } from '@gov/projections';
import { readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import { LeaseLostError } from './lease.port';
import { ReadModelLeaseStore } from './read-model-lease-store';

const TTL = 10_000;

describe.each(readModelStoresUnderTest())('leases on the $name read-model store', ({ open }) => {
  let now: number;
  let store: ReadModelStore;
  let leases: ReadModelLeaseStore;
  /** The fence runs in a writer's transaction: here, one that writes nothing else. */
  const fence = (grant: Parameters<ReadModelLeaseStore['fence']>[1], name: string) => store.write((tx) => leases.fence(tx, grant, name));
  beforeEach(async () => {
    now = 1_000_000;
    store = await open();
    leases = await ReadModelLeaseStore.open(store, async () => now);
  });
  afterEach(() => store.close());

  it('gives a free lease to the first asker and keeps the second standing by', async () => {
    const first = await leases.tryAcquire('projector', 'a', TTL);
    expect(first).toEqual({ name: 'projector', owner: 'a', generation: 1, expiresAt: now + TTL });
    expect(await leases.tryAcquire('projector', 'b', TTL)).toBeNull();
    expect(await leases.holder('projector')).toEqual(first);
  });

  it('keeps a renewed lease from a standby, past the first expiry', async () => {
    const grant = (await leases.tryAcquire('projector', 'a', TTL))!;
    now += TTL - 1;
    expect(await leases.renew(grant, TTL)).toMatchObject({ generation: 1, expiresAt: now + TTL });
    now += TTL - 1;
    expect(await leases.tryAcquire('projector', 'b', TTL)).toBeNull();
  });

  it('lets a standby take an expired lease as the next generation, after which the old holder can neither renew nor write', async () => {
    const old = (await leases.tryAcquire('projector', 'a', TTL))!;
    now += TTL;
    const taken = await leases.tryAcquire('projector', 'b', TTL);
    expect(taken).toMatchObject({ owner: 'b', generation: 2 });
    expect(await leases.renew(old, TTL)).toBeNull();
    await expect(fence(old, 'projector')).rejects.toThrow(LeaseLostError);
    await expect(fence(taken, 'projector')).resolves.toBeUndefined();
  });

  it('hands a released lease over at once, without waiting for its expiry', async () => {
    const grant = (await leases.tryAcquire('watcher', 'a', TTL))!;
    await leases.release(grant);
    expect(await leases.tryAcquire('watcher', 'b', TTL)).toMatchObject({ owner: 'b', generation: 2 });
  });

  it('keeps leases of different names apart', async () => {
    expect(await leases.tryAcquire('projector', 'a', TTL)).not.toBeNull();
    expect(await leases.tryAcquire('watcher', 'b', TTL)).not.toBeNull();
  });

  it('refuses a write with no grant at all', async () => {
    await expect(fence(null, 'projector')).rejects.toThrow(LeaseLostError);
  });

  it('gives an expired lease to exactly one of several processes asking at once', async () => {
    const processes = await Promise.all(['b', 'c', 'd'].map(() => ReadModelLeaseStore.open(store, async () => now)));
    await leases.tryAcquire('projector', 'a', TTL);
    for (let round = 1; round <= 10; round++) {
      now += TTL;
      const grants = await Promise.all(processes.map((process, index) => process.tryAcquire('projector', `p${index}`, TTL)));
      expect(grants.filter((grant) => grant !== null).map((grant) => grant!.generation)).toEqual([round + 1]);
    }
  });

  it('tells expiry by the database clock, not the process clock (processes on several machines share the database)', async () => {
    let databaseNow = 5_000_000;
    jest.spyOn(store, 'nowMs').mockImplementation(async () => databaseNow);
    const byDatabase = await ReadModelLeaseStore.open(store);
    const processNow = jest.spyOn(Date, 'now').mockReturnValue(databaseNow + 3_600_000);
    try {
      expect(await byDatabase.tryAcquire('projector', 'a', TTL)).toMatchObject({ expiresAt: databaseNow + TTL });
      // An hour later by this process's clock, but not by the database's: the lease still holds.
      expect(await byDatabase.tryAcquire('projector', 'b', TTL)).toBeNull();
      databaseNow += TTL;
      expect(await byDatabase.tryAcquire('projector', 'b', TTL)).toMatchObject({ owner: 'b', generation: 2 });
    } finally {
      processNow.mockRestore();
    }
  });
});

describe.each(readModelStoresUnderTest())('a projector fenced by its lease, on $name', ({ open }) => {
  it('writes nothing once another took the lease, however late it notices (a paused holder)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lease-'));
    const events = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
    const readModels = await open();
    try {
      let now = 0;
      const leases = await ReadModelLeaseStore.open(readModels, async () => now);
      const paused = (await leases.tryAcquire('projector', 'paused', TTL))!;
      const projector = await Projector.open(events, readModels, [], (tx) => leases.fence(tx, paused, 'projector'));
      // An event no projection folds still moves the checkpoint: a write the fence must stop.
      await events.append('note-1', [{
        id: 'e1', type: 'Noted', schemaVersion: 1, data: {},
        metadata: { occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 't', role: 'system' } },
      }], { expectedRevision: 'no_stream' });
      now += TTL;
      expect(await leases.tryAcquire('projector', 'successor', TTL)).toMatchObject({ generation: 2 });

      await expect(projector.catchUp()).rejects.toThrow(LeaseLostError);
      expect(await projector.checkpoint()).toBe(0);
    } finally {
      await readModels.close();
      await events.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
