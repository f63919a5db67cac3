import Database from 'better-sqlite3';
import { SqliteEventStore } from '@gov/event-store';
import { CaseProjection, openReadModelDb, Projector } from '@gov/projections';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LeaseLostError } from './lease.port';
import { SqliteLeaseStore } from './sqlite-lease-store';

const TTL = 10_000;

describe('SqliteLeaseStore', () => {
  let now = 1_000_000;
  let db: Database.Database;
  let leases: SqliteLeaseStore;
  beforeEach(() => {
    now = 1_000_000;
    db = new Database(':memory:');
    leases = new SqliteLeaseStore(db, () => now);
  });
  afterEach(() => db.close());

  it('gives a free lease to the first asker and keeps the second standing by', async () => {
    const first = await leases.tryAcquire('projector', 'a', TTL);
    expect(first).toEqual({ name: 'projector', owner: 'a', generation: 1, expiresAt: now + TTL });
    expect(await leases.tryAcquire('projector', 'b', TTL)).toBeNull();
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
    expect(() => leases.fence(old, 'projector')).toThrow(LeaseLostError);
    expect(() => leases.fence(taken, 'projector')).not.toThrow();
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

  it('refuses a write with no grant at all', () => {
    expect(() => leases.fence(null, 'projector')).toThrow(LeaseLostError);
  });
});

describe('a projector fenced by its lease', () => {
  it('writes nothing once another took the lease, however late it notices (a paused holder)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lease-'));
    const store = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
    const db = openReadModelDb(path.join(dir, 'read-models.sqlite'));
    try {
      let now = 0;
      const leases = new SqliteLeaseStore(db, () => now);
      const paused = (await leases.tryAcquire('projector', 'paused', TTL))!;
      const projector = new Projector(store, db, [new CaseProjection()], () => leases.fence(paused, 'projector'));
      // An event no projection folds still moves the checkpoint: a write the fence must stop.
      await store.append('note-1', [{
        id: 'e1', type: 'Noted', schemaVersion: 1, data: {},
        metadata: { occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 't', role: 'system' } },
      }], { expectedRevision: 'no_stream' });
      now += TTL;
      expect(await leases.tryAcquire('projector', 'successor', TTL)).toMatchObject({ generation: 2 });

      await expect(projector.catchUp()).rejects.toThrow(LeaseLostError);
      expect(projector.checkpoint()).toBe(0);
    } finally {
      db.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
