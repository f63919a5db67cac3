import { randomUUID } from 'node:crypto';
import { IdempotencyKeyTakenError } from '../event-store.errors';
import type { NewEvent } from '../event-store.port';
import { eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient } from './fake-eventstoredb-client';
import { eventStoreDbForTests } from './eventstoredb-test-server';

// The adapter's own logic (duplicate detection, claims, paging $all past system events,
// subscriptions) against an in-memory imitation of the gRPC client.
eventStoreContract('EventStoreDbEventStore on a fake gRPC client', async () =>
  new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient(), { pollIntervalMs: 50 }),
);

// The same suite against a real server, when one can be had (see eventstoredb-test-server.ts).
const server = eventStoreDbForTests();
if (server.reason) {
  describe('EventStore contract: EventStoreDbEventStore on a real server', () => {
    it.skip(`skipped: ${server.reason}`, () => undefined);
  });
} else {
  eventStoreContract('EventStoreDbEventStore on a real server', async () =>
    EventStoreDbEventStore.connect({ connectionString: await server.connectionString(), pollIntervalMs: 100 }),
  );
  afterAll(() => server.stop(), 60_000);
}

function newEvent(): NewEvent {
  return {
    id: randomUUID(),
    type: 'CaseNoted',
    schemaVersion: 1,
    data: { note: 'x' },
    metadata: { occurredAt: '2024-03-01T08:30:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'u', role: 'clerk' } },
  };
}

describe('EventStoreDbEventStore (fake gRPC client)', () => {
  it('leaves the claim pending when the append fails with an unknown outcome, and replays nothing from it', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(fake.asClient(), { claimTimeoutMs: 400, appendDeadlineMs: 100 });
    const record = { key: `key-${randomUUID()}`, requestHash: 'h', response: { ok: true } };
    fake.failNextAppend = new Error('connection reset');

    await expect(store.append(`case-${randomUUID()}`, [newEvent()], { expectedRevision: 'no_stream', idempotency: record })).rejects.toThrow(
      'connection reset',
    );
    expect(await store.findIdempotencyRecord(record.key)).toBeUndefined();

    // The retry waits for the pending claim, finds it abandoned, takes the key over.
    const started = Date.now();
    const streamId = `case-${randomUUID()}`;
    await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream', idempotency: record });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await store.findIdempotencyRecord(record.key)).toEqual(record);
    await expect(store.append(`case-${randomUUID()}`, [newEvent()], { expectedRevision: 'no_stream', idempotency: record })).rejects.toBeInstanceOf(
      IdempotencyKeyTakenError,
    );
    await store.close();
  });

  it('refuses event ids that are not UUIDs and writes nothing', async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient());
    const streamId = `case-${randomUUID()}`;

    await expect(store.append(streamId, [{ ...newEvent(), id: 'evt-1' }], { expectedRevision: 'no_stream' })).rejects.toThrow(/not a UUID/);
    expect(await store.readStream(streamId)).toEqual([]);
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });
});
