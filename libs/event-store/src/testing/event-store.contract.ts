import { randomUUID } from 'node:crypto';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  Subscription,
} from '../event-store.port';
import { readLogPages, readLogRange, type WorkedPage } from '../event-store.port';
import { PAGE_WORKERS_MODULE } from './page-workers';

/**
 * The behaviour every `EventStore` adapter must have, written once against the port.
 *
 * Assumptions, so that a shared server (EventStoreDB) can run it too: the store may hold
 * events of earlier tests, so every test uses fresh stream ids and measures from
 * `headPosition()`; nobody else writes to the store while a test runs. Positions are only
 * assumed strictly increasing, not consecutive.
 */
export function eventStoreContract(
  name: string,
  create: () => Promise<EventStore>,
  destroy: (store: EventStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await create();
    });

    afterEach(async () => {
      await destroy(store);
    });

    describe('append and expected revision', () => {
      it('appends to a new stream with no_stream; revisions start at 0', async () => {
        const streamId = newStreamId();
        const before = await store.headPosition();

        const result = await store.append(streamId, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });

        expect(result.duplicate).toBe(false);
        expect(result.nextExpectedRevision).toBe(1);
        expect(result.lastPosition).toBeGreaterThan(before);
        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.revision)).toEqual([0, 1]);
        expect(stored[1].position).toBe(result.lastPosition);
        expect(await store.headPosition()).toBe(result.lastPosition);
      });

      it('appends when the expected revision is the revision of the last event', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream' });

        const second = await store.append(streamId, [newEvent()], { expectedRevision: 0 });
        const third = await store.append(streamId, [newEvent(), newEvent()], { expectedRevision: 1 });

        expect(second.nextExpectedRevision).toBe(1);
        expect(third.nextExpectedRevision).toBe(3);
        expect(third.lastPosition).toBeGreaterThan(second.lastPosition);
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1, 2, 3]);
      });

      it('refuses a stale or future revision and writes nothing', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        await expectWrongRevision(store.append(streamId, [newEvent()], { expectedRevision: 0 }), streamId, 0, 1);
        await expectWrongRevision(store.append(streamId, [newEvent()], { expectedRevision: 7 }), streamId, 7, 1);

        expect(await store.readStream(streamId)).toHaveLength(2);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses no_stream on an existing stream and writes nothing', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const rejected = newEvent();

        await expectWrongRevision(
          store.append(streamId, [rejected], { expectedRevision: 'no_stream' }),
          streamId,
          'no_stream',
          0,
        );

        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.id)).not.toContain(rejected.id);
        expect(stored).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses a numeric revision on a missing stream', async () => {
        const streamId = newStreamId();

        await expectWrongRevision(store.append(streamId, [newEvent()], { expectedRevision: 0 }), streamId, 0, 'no_stream');

        expect(await store.readStream(streamId)).toEqual([]);
      });

      it("accepts 'any' on a missing and on an existing stream", async () => {
        const streamId = newStreamId();

        const first = await store.append(streamId, [newEvent()], { expectedRevision: 'any' });
        const second = await store.append(streamId, [newEvent()], { expectedRevision: 'any' });

        expect(first.nextExpectedRevision).toBe(0);
        expect(second.nextExpectedRevision).toBe(1);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("accepts 'stream_exists' only on an existing stream", async () => {
        const streamId = newStreamId();

        await expectWrongRevision(
          store.append(streamId, [newEvent()], { expectedRevision: 'stream_exists' }),
          streamId,
          'stream_exists',
          'no_stream',
        );
        expect(await store.readStream(streamId)).toEqual([]);

        await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream' });
        const result = await store.append(streamId, [newEvent()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1);
      });
    });

    describe('reading', () => {
      it('returns [] for a stream that does not exist', async () => {
        expect(await store.readStream(newStreamId())).toEqual([]);
      });

      it('round-trips every field of a stored event, in revision order', async () => {
        const streamId = newStreamId();
        const opened = newEvent('CaseOpened', {
          applicant: { name: '张三', idNumber: '110101199003071234' },
          documents: ['id-card', 'hukou'],
          fee: 12.5,
          urgent: false,
          note: null,
        });
        const assigned = newEvent(
          'CaseAssigned',
          { officer: 'officer-7' },
          { causationId: opened.id, actor: { id: 'system', role: 'system' } },
        );

        const result = await store.append(streamId, [opened, assigned], { expectedRevision: 'no_stream' });
        const stored = await store.readStream(streamId);

        expect(stored).toEqual([
          { ...opened, streamId, revision: 0, position: expect.any(Number), recordedAt: expect.any(String) },
          { ...assigned, streamId, revision: 1, position: result.lastPosition, recordedAt: expect.any(String) },
        ]);
        expect(stored[0].position).toBeLessThan(stored[1].position);
        for (const event of stored) expectRecentIsoTime(event.recordedAt);
      });

      it('reads all streams in global order after a checkpoint, with a limit', async () => {
        const [a, b, c] = [newStreamId('a'), newStreamId('b'), newStreamId('c')];
        const base = await store.headPosition();
        const appended: NewEvent[] = [];
        for (const streamId of [a, b, a, c, b]) {
          const event = newEvent();
          appended.push(event);
          await store.append(streamId, [event], { expectedRevision: 'any' });
        }

        const all = await store.readAll({ after: base, limit: 100 });
        expect(all.map((event) => event.id)).toEqual(appended.map((event) => event.id));
        expect(all.map((event) => event.streamId)).toEqual([a, b, a, c, b]);
        expectStrictlyIncreasing(all.map((event) => event.position));
        expect(await store.headPosition()).toBe(all[4].position);

        const firstPage = await store.readAll({ after: base, limit: 2 });
        expect(firstPage).toEqual(all.slice(0, 2));
        const secondPage = await store.readAll({ after: firstPage[1].position, limit: 2 });
        expect(secondPage).toEqual(all.slice(2, 4));
        expect(await store.readAll({ after: all[4].position, limit: 10 })).toEqual([]);
      });

      it('reads a range of the log in pages, ahead where the store can, as readAll gives it', async () => {
        const base = await store.headPosition();
        // Data as JSON text can hold it: quotes, backslashes, line separators, other scripts, nesting, nulls.
        const odd = { text: '受理 "引号" \\ \u2028 \n', list: [1, 2.5, -3e-7, null, { deep: [true, false] }], none: null };
        for (let i = 0; i < 11; i += 1) {
          await store.append(newStreamId(), [newEvent('CaseNoted', { ...odd, i })], { expectedRevision: 'no_stream' });
        }
        const all = await store.readAll({ after: base, limit: 100 });
        const [after, until] = [all[1].position, all[9].position];

        for (const read of [readLogRange, readLogPages]) {
          const pages: StoredEvent[][] = [];
          for await (const page of read(store, { after, until, pageSize: 3 })) pages.push(page);
          expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
          expect(pages.flat()).toEqual(all.slice(2, 10));
        }
        const empty: StoredEvent[][] = [];
        for await (const page of readLogRange(store, { after: until, until, pageSize: 3 })) empty.push(page);
        expect(empty).toEqual([]);
      });

      /** The pages of a range worked on by `exportName` where the store reads them; nothing when it has no such place. */
      async function worked<T>(exportName: string, options: { after: number; until: number; pageSize: number }, workerOptions?: unknown):
        Promise<WorkedPage<T>[] | undefined> {
        if (!store.readRangeWith) return undefined;
        const pages: WorkedPage<T>[] = [];
        for await (const page of store.readRangeWith<T>({ module: PAGE_WORKERS_MODULE, exportName, options: workerOptions }, options)) pages.push(page);
        return pages;
      }

      it('hands a range of the log page by page to a page worker, where it is read, as working on readAll\'s pages would (if it can)', async () => {
        const base = await store.headPosition();
        const odd = { text: '办结 "引号" \\ \u2028', list: [1, -3e-7, null, { deep: [true] }] };
        for (let i = 0; i < 7; i += 1) await store.append(newStreamId(), [newEvent('CaseNoted', { ...odd, i })], { expectedRevision: 'no_stream' });
        const all = await store.readAll({ after: base, limit: 100 });
        const until = all[6].position;
        const summary = (events: StoredEvent[]) => ({ label: 'L', positions: events.map((event) => event.position),
          data: events.map((event) => event.data), actors: events.map((event) => event.metadata.actor.id) });

        const pages = await worked('summarizePage', { after: base, until, pageSize: 3 }, 'L');
        const kept = await worked<StoredEvent[]>('keepPage', { after: base, until, pageSize: 4 });

        // A store without the place (EventStoreDB): its callers do the work on their own thread.
        if (!pages || !kept) return expect([pages, kept]).toEqual([undefined, undefined]);
        expect(pages).toEqual([
          { after: base, last: all[2].position, count: 3, value: summary(all.slice(0, 3)) },
          { after: all[2].position, last: all[5].position, count: 3, value: summary(all.slice(3, 6)) },
          { after: all[5].position, last: all[6].position, count: 1, value: summary(all.slice(6, 7)) },
        ]);
        expect(kept.flatMap((page) => page.value)).toEqual(all);
      });

      it('starts a page worker afresh for each range; a work that ends gives its end on one more page of no events (if it can)', async () => {
        const base = await store.headPosition();
        for (let i = 0; i < 7; i += 1) await store.append(newStreamId(), [newEvent('CaseNoted', { i })], { expectedRevision: 'no_stream' });
        const positions = (await store.readAll({ after: base, limit: 100 })).map((event) => event.position);
        const until = positions[6];
        const range = (after: number) => worked('holdPositions', { after, until, pageSize: 3 });

        const pages = await range(base);

        if (!pages) return expect(store.readRangeWith).toBeUndefined();
        expect(pages).toEqual([
          { after: base, last: positions[2], count: 3, value: { pages: 1, positions: [] } },
          { after: positions[2], last: positions[5], count: 3, value: { pages: 2, positions: [] } },
          { after: positions[5], last: until, count: 1, value: { pages: 3, positions: [] } },
          { after: until, last: until, count: 0, value: { pages: 4, positions }, ending: true },
        ]);
        // Each range starts afresh; one with no events has no pages, not even an ending one.
        expect(await range(base)).toEqual(pages);
        expect(await range(until)).toEqual([]);
      });
    });

    describe('idempotent append (same event ids)', () => {
      it('acknowledges a re-append of stored events as a duplicate without writing or checking the revision', async () => {
        const streamId = newStreamId();
        const events = [newEvent(), newEvent()];
        const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        const again = await store.append(streamId, events, { expectedRevision: 'no_stream' });

        expect(again).toEqual({ duplicate: true, nextExpectedRevision: 1, lastPosition: first.lastPosition });
        expect(await store.readStream(streamId)).toHaveLength(2);
        expect(await store.headPosition()).toBe(head);
      });

      it('answers with the original revision and position after the stream moved on', async () => {
        const streamId = newStreamId();
        const events = [newEvent()];
        const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
        await store.append(streamId, [newEvent(), newEvent()], { expectedRevision: 0 });

        const again = await store.append(streamId, events, { expectedRevision: 0 });

        expect(again).toEqual({ duplicate: true, nextExpectedRevision: 0, lastPosition: first.lastPosition });
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('refuses an append where only some of the ids are stored, and writes nothing', async () => {
        const streamId = newStreamId();
        const stored = newEvent();
        await store.append(streamId, [stored], { expectedRevision: 'no_stream' });
        const fresh = newEvent();

        const attempt = store.append(streamId, [stored, fresh], { expectedRevision: 'any' });

        await expect(attempt).rejects.toBeInstanceOf(Error);
        await expect(attempt).rejects.not.toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(streamId)).map((event) => event.id)).toEqual([stored.id]);
      });
    });

    describe('idempotency records', () => {
      it('stores the record with the events and returns it', async () => {
        const streamId = newStreamId();
        const record = { key: `key-${randomUUID()}`, requestHash: 'sha256:abc', response: { caseId: streamId, n: 1 } };
        expect(await store.findIdempotencyRecord(record.key)).toBeUndefined();

        await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream', idempotency: record });

        expect(await store.findIdempotencyRecord(record.key)).toEqual(record);
      });

      it('refuses a second append with a taken key, writing nothing', async () => {
        const key = `key-${randomUUID()}`;
        const record = { key, requestHash: 'hash-1', response: { accepted: true } };
        await store.append(newStreamId(), [newEvent()], { expectedRevision: 'no_stream', idempotency: record });
        const head = await store.headPosition();
        const otherStream = newStreamId();

        const attempt = store.append(otherStream, [newEvent()], {
          expectedRevision: 'any',
          idempotency: { key, requestHash: 'hash-2', response: { accepted: false } },
        });

        await expect(attempt).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
        await expect(attempt).rejects.toMatchObject({ key, code: 'IDEMPOTENCY.KEY_TAKEN' });
        expect(await store.readStream(otherStream)).toEqual([]);
        expect(await store.headPosition()).toBe(head);
        expect(await store.findIdempotencyRecord(key)).toEqual(record);
      });

      it('stores no record when the append fails', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream' });
        const record = { key: `key-${randomUUID()}`, requestHash: 'h', response: 'ok' };

        await expectWrongRevision(
          store.append(streamId, [newEvent()], { expectedRevision: 'no_stream', idempotency: record }),
          streamId,
          'no_stream',
          0,
        );
        expect(await store.findIdempotencyRecord(record.key)).toBeUndefined();

        // The key is still free for the retried, now correct, append.
        await store.append(streamId, [newEvent()], { expectedRevision: 0, idempotency: record });
        expect(await store.findIdempotencyRecord(record.key)).toEqual(record);
      });

      it('lets exactly one of two racing appends with the same key win', async () => {
        const key = `key-${randomUUID()}`;
        const streams = [newStreamId('racer'), newStreamId('racer')];

        const results = await Promise.allSettled(
          streams.map((streamId) =>
            store.append(streamId, [newEvent()], {
              expectedRevision: 'no_stream',
              idempotency: { key, requestHash: 'same', response: { winner: streamId } },
            }),
          ),
        );

        const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [streams[index]] : []));
        expect(winners).toHaveLength(1);
        const loser = results.find((result) => result.status === 'rejected');
        expect(loser?.status === 'rejected' && loser.reason).toBeInstanceOf(IdempotencyKeyTakenError);
        const stored = await Promise.all(streams.map((streamId) => store.readStream(streamId)));
        expect(stored.map((events) => events.length).sort()).toEqual([0, 1]);
        expect(await store.findIdempotencyRecord(key)).toEqual({
          key,
          requestHash: 'same',
          response: { winner: winners[0] },
        });
      });
    });

    describe('concurrency', () => {
      it('stores exactly the non-conflicting ones of 200 concurrent appends to 50 streams', async () => {
        const streams = Array.from({ length: 50 }, () => newStreamId('load'));
        const base = await store.headPosition();
        const seeds = await Promise.all(
          streams.map(async (streamId) => {
            const seed = newEvent('Seed');
            await store.append(streamId, [seed], { expectedRevision: 'no_stream' });
            return seed;
          }),
        );
        const plans = planConcurrentAppends(streams);

        const results = await Promise.allSettled(
          plans.map((plan) => store.append(plan.streamId, plan.events, { expectedRevision: plan.expectedRevision })),
        );

        results.forEach((result, index) => {
          expect(result.status).toBe(plans[index].conflicting ? 'rejected' : 'fulfilled');
          if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(WrongExpectedRevisionError);
        });
        for (const [index, streamId] of streams.entries()) {
          const stored = await store.readStream(streamId);
          expect(stored.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
          expectStrictlyIncreasing(stored.map((event) => event.position));
          const accepted = plans.filter((plan) => plan.streamId === streamId && !plan.conflicting);
          const expectedIds = [seeds[index], ...accepted.flatMap((plan) => plan.events)].map((event) => event.id);
          expect(stored.map((event) => event.id).sort()).toEqual(expectedIds.sort());
        }
        for (const [index, plan] of plans.entries()) {
          const result = results[index];
          if (result.status === 'fulfilled') await expectAppendedTogether(store, plan, result.value);
        }
        const all = await store.readAll({ after: base, limit: 1000 });
        // Per stream: the seed, two events of round 0, one of round 1 and one of round 3.
        expect(all).toHaveLength(50 * 5);
        expectStrictlyIncreasing(all.map((event) => event.position));
        expect(await store.headPosition()).toBe(all[all.length - 1].position);
      });
    });

    describe('subscribeToAll', () => {
      const subscriptions: Subscription[] = [];
      const track = (subscription: Subscription): Subscription => {
        subscriptions.push(subscription);
        return subscription;
      };

      afterEach(async () => {
        await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      });

      it('catches up from a checkpoint, then delivers live events, in order, each once', async () => {
        const [a, b] = [newStreamId('a'), newStreamId('b')];
        const base = await store.headPosition();
        const initial = [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()];
        for (const [index, event] of initial.entries()) {
          await store.append(index % 2 === 0 ? a : b, [event], { expectedRevision: 'any' });
        }
        const history = await store.readAll({ after: base, limit: 100 });
        const received: StoredEvent[] = [];
        const batchSizes: number[] = [];

        const subscription = track(
          store.subscribeToAll({ after: history[1].position, batchSize: 2 }, async (batch) => {
            batchSizes.push(batch.length);
            received.push(...batch);
          }),
        );
        await subscription.caughtUpTo(history[4].position);
        expect(received).toEqual(history.slice(2));

        const live = [newEvent(), newEvent(), newEvent()];
        await store.append(a, [live[0]], { expectedRevision: 'stream_exists' });
        const last = await store.append(b, [live[1], live[2]], { expectedRevision: 'stream_exists' });
        await subscription.caughtUpTo(last.lastPosition);

        const expected = [...initial.slice(2), ...live].map((event) => event.id);
        expect(received.map((event) => event.id)).toEqual(expected);
        expect(received).toEqual(await store.readAll({ after: history[1].position, limit: 100 }));
        expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);
      });

      it('retries the same batch after the handler throws, and reports the error', async () => {
        const base = await store.headPosition();
        const events = [newEvent(), newEvent(), newEvent()];
        const result = await store.append(newStreamId(), events, { expectedRevision: 'no_stream' });
        const failure = new Error('projection failed once');
        const calls: string[][] = [];
        const errors: unknown[] = [];

        const subscription = track(
          store.subscribeToAll({ after: base, batchSize: 10, onError: (error) => errors.push(error) }, async (batch) => {
            calls.push(batch.map((event) => event.id));
            if (calls.length === 1) throw failure;
          }),
        );
        await subscription.caughtUpTo(result.lastPosition);

        const ids = events.map((event) => event.id);
        expect(calls).toEqual([ids, ids]);
        expect(errors).toEqual([failure]);
      });

      it('reports how far it looked after each batch, past the events of other types it skipped', async () => {
        const base = await store.headPosition();
        await store.append(newStreamId(), [newEvent('Wanted'), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const last = await store.append(newStreamId(), [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const progress: number[] = [];
        const handled: string[] = [];

        const subscription = track(store.subscribeToAll({ after: base, types: ['Wanted'], onProgress: (position) => void progress.push(position) },
          async (batch) => void handled.push(...batch.map((event) => event.type))));
        await subscription.caughtUpTo(last.lastPosition);

        expect(handled).toEqual(['Wanted']);
        expect(progress[progress.length - 1]).toBeGreaterThanOrEqual(last.lastPosition);
        expect(progress).toEqual([...progress].sort((x, y) => x - y));
      });

      it('resolves caughtUpTo at once for a position already behind the checkpoint, without delivering it', async () => {
        await store.append(newStreamId(), [newEvent()], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const handled: StoredEvent[] = [];

        const subscription = track(store.subscribeToAll({ after: head }, async (batch) => void handled.push(...batch)));

        await subscription.caughtUpTo(head);
        await subscription.caughtUpTo(0);
        await delay(100);
        expect(handled).toEqual([]);
      });

      it('stop() waits for the batch in flight and nothing is delivered afterwards', async () => {
        const base = await store.headPosition();
        let releaseHandler = (): void => undefined;
        const gate = new Promise<void>((resolve) => (releaseHandler = resolve));
        let started = 0;
        let finished = 0;
        const subscription = track(
          store.subscribeToAll({ after: base }, async () => {
            started += 1;
            await gate;
            finished += 1;
          }),
        );
        await store.append(newStreamId(), [newEvent()], { expectedRevision: 'no_stream' });
        await waitFor(() => started === 1);

        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await delay(50);
        expect(stopped).toBe(false);
        releaseHandler();
        await stopping;
        expect(finished).toBe(1);

        await store.append(newStreamId(), [newEvent()], { expectedRevision: 'no_stream' });
        await delay(400);
        expect(started).toBe(1);
      });
    });
  });
}

const DEFAULT_METADATA: EventMetadata = {
  occurredAt: '2024-03-01T08:30:00.000Z',
  correlationId: 'corr-1',
  causationId: null,
  actor: { id: 'clerk-42', role: 'clerk' },
};

function newStreamId(prefix = 'case'): string {
  return `${prefix}-${randomUUID()}`;
}

function newEvent(type = 'CaseNoted', data: unknown = { note: 'x' }, metadata: Partial<EventMetadata> = {}): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data, metadata: { ...DEFAULT_METADATA, ...metadata } };
}

interface PlannedAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
  /** Conflicts whatever the order the store runs the appends in. */
  readonly conflicting: boolean;
}

/**
 * Four appends per (already seeded) stream, interleaved across streams: a two-event 'any',
 * a 'stream_exists', an 'any' and one that can never match ('no_stream' or a revision far
 * ahead). Which of the others runs first is up to the store, so none uses a number.
 */
function planConcurrentAppends(streams: readonly string[]): PlannedAppend[] {
  const plans: PlannedAppend[] = [];
  for (let round = 0; round < 4; round++) {
    for (const [index, streamId] of streams.entries()) {
      if (round === 0) plans.push({ streamId, events: [newEvent(), newEvent()], expectedRevision: 'any', conflicting: false });
      if (round === 1) plans.push({ streamId, events: [newEvent()], expectedRevision: 'stream_exists', conflicting: false });
      if (round === 2) {
        const expectedRevision = index % 2 === 0 ? 'no_stream' : 1000;
        plans.push({ streamId, events: [newEvent()], expectedRevision, conflicting: true });
      }
      if (round === 3) plans.push({ streamId, events: [newEvent()], expectedRevision: 'any', conflicting: false });
    }
  }
  return plans;
}

/** The events of one append are adjacent in their stream, and the result points at the last. */
async function expectAppendedTogether(store: EventStore, plan: PlannedAppend, result: AppendResult): Promise<void> {
  const stored = await store.readStream(plan.streamId);
  const first = stored.findIndex((event) => event.id === plan.events[0].id);
  const slice = stored.slice(first, first + plan.events.length);
  expect(slice.map((event) => event.id)).toEqual(plan.events.map((event) => event.id));
  expect(result.nextExpectedRevision).toBe(slice[slice.length - 1].revision);
  expect(result.lastPosition).toBe(slice[slice.length - 1].position);
}

async function expectWrongRevision(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<void> {
  await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  await expect(attempt).rejects.toMatchObject({ streamId, expected, actual });
}

function expectStrictlyIncreasing(values: readonly number[]): void {
  values.slice(1).forEach((value, index) => expect(value).toBeGreaterThan(values[index]));
}

function expectRecentIsoTime(value: string): void {
  expect(new Date(value).toISOString()).toBe(value);
  expect(Math.abs(Date.parse(value) - Date.now())).toBeLessThan(60_000);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(10);
  }
}
