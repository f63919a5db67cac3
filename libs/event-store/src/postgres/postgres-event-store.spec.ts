import { randomUUID } from 'node:crypto';
import type { AppendOptions, NewEvent, StoredEvent } from '../event-store.port';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import { hashOfRow } from '../sqlite/event-row';
import { eventStoreContract } from '../testing/event-store.contract';
import type { PostgresEventStore } from './postgres-event-store';
import { verifyPostgresEventLog } from './verify-postgres-event-log';
import { dropSchema, newSchema, openTestStore, postgresAvailable, POSTGRES_URL, withAdmin } from './testing/postgres-event-stores';

const onPostgres = postgresAvailable() ? describe : describe.skip;

/** Each store of the contract in a schema of its own, dropped after it. */
const schemas = new WeakMap<object, string>();
if (POSTGRES_URL) {
  eventStoreContract('PostgresEventStore', async () => {
    const schema = newSchema();
    const store = await openTestStore(schema);
    schemas.set(store, schema);
    return store;
  }, async (store) => {
    await store.close();
    await dropSchema(schemas.get(store) as string);
  });
  eventStoreContract('PostgresEventStore (groupCommit=false)', async () => {
    const schema = newSchema();
    const store = await openTestStore(schema, { groupCommit: false });
    schemas.set(store, schema);
    return store;
  }, async (store) => {
    await store.close();
    await dropSchema(schemas.get(store) as string);
  });
}

function newEvent(type = 'CaseNoted', data: unknown = { n: 1 }): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 2,
    data,
    metadata: { occurredAt: '2024-05-06T07:08:09.000Z', correlationId: 'corr', causationId: 'cause', actor: { id: 'clerk-1', role: 'clerk' } },
  };
}

const NO_STREAM: AppendOptions = { expectedRevision: 'no_stream' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

onPostgres('PostgresEventStore', () => {
  let schema: string;
  const opened: PostgresEventStore[] = [];

  async function open(options: Parameters<typeof openTestStore>[1] = {}): Promise<PostgresEventStore> {
    const store = await openTestStore(schema, options);
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    schema = newSchema();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await dropSchema(schema);
  });

  describe('the late-commit gap (docs/decisions/0070)', () => {
    /**
     * The classic gap, shown on this server with a plain sequence: a position taken by a
     * transaction that commits after a later one. A reader that read up to the later one and
     * kept its checkpoint there never sees the earlier.
     */
    it('exists with positions from a sequence: a reader following the log skips the event that committed late', async () => {
      await withAdmin(async (admin) => {
        await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.naive (position BIGSERIAL PRIMARY KEY, name TEXT NOT NULL)`);
        const [early, late] = [await admin.connect(), await admin.connect()];
        try {
          await early.query('BEGIN');
          await early.query(`INSERT INTO ${schema}.naive (name) VALUES ('early')`);
          await late.query('BEGIN');
          await late.query(`INSERT INTO ${schema}.naive (name) VALUES ('late')`);
          await late.query('COMMIT');
          const firstRead = await admin.query(`SELECT position, name FROM ${schema}.naive WHERE position > 0 ORDER BY position`);
          await early.query('COMMIT');
          const checkpoint = Number(firstRead.rows.at(-1).position);
          const secondRead = await admin.query(`SELECT name FROM ${schema}.naive WHERE position > $1 ORDER BY position`, [checkpoint]);
          expect(firstRead.rows.map((row) => row.name)).toEqual(['late']);
          // 'early' committed at position 1, behind the checkpoint: never delivered.
          expect(secondRead.rows).toEqual([]);
        } finally {
          early.release();
          late.release();
        }
      });
    });

    /**
     * The store's answer: two stores (two processes) append while the first one's transaction is
     * held open after it wrote its rows (a trigger sleeps in it). The second's transaction would
     * commit first; it waits for the log's head instead, and a reader polling the log all along
     * never sees a position before every position below it.
     */
    it('never shows a reader a position before the ones below it, when a transaction that took positions first commits last', async () => {
      const [slow, fast, reader] = [await open(), await open(), await open()];
      await withAdmin((admin) => admin.query(`
        CREATE FUNCTION ${schema}.hold_slow() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.stream_id LIKE 'slow-%' THEN PERFORM pg_sleep(0.6); END IF; RETURN NEW; END $$;
        CREATE TRIGGER hold_slow AFTER INSERT ON ${schema}.events FOR EACH ROW EXECUTE FUNCTION ${schema}.hold_slow();`));
      const delivered: StoredEvent[] = [];
      const subscription = reader.subscribeToAll({ after: 0 }, async (events) => {
        delivered.push(...events);
      });
      const seen: number[][] = [];
      let reading = true;
      const polling = (async () => {
        while (reading) {
          seen.push((await reader.readAll({ after: 0, limit: 1000 })).map((event) => event.position));
          await sleep(5);
        }
      })();

      const slowAppend = slow.append(`slow-${randomUUID()}`, [newEvent()], NO_STREAM).then((result) => ({ ...result, at: Date.now() }));
      await sleep(150); // the slow transaction holds the head and sleeps in its trigger
      const fastStarted = Date.now();
      const fastResult = await fast.append(`fast-${randomUUID()}`, [newEvent()], NO_STREAM);
      const fastDone = Date.now();
      const slowResult = await slowAppend;
      await subscription.caughtUpTo(fastResult.lastPosition);
      reading = false;
      await polling;
      await subscription.stop();

      // The fast append, begun while the slow one was open, waited for it and came after it in the log.
      expect(fastDone - fastStarted).toBeGreaterThan(200);
      expect(fastResult.lastPosition).toBeGreaterThan(slowResult.lastPosition);
      // Every read the reader made was a prefix of the log: 1 (genesis seal aside, the first event), then 1 and 2.
      for (const positions of seen) expect(positions).toEqual([1, 2].slice(0, positions.length));
      expect(seen.some((positions) => positions.length === 0)).toBe(true);
      expect(delivered.map((event) => event.position)).toEqual([1, 2]);
    });

    it('keeps positions consecutive and every stream in order under concurrent appends from several stores', async () => {
      const stores = [await open(), await open(), await open()];
      const streams = Array.from({ length: 12 }, () => `case-${randomUUID()}`);
      const appendOne = async (store: PostgresEventStore, streamId: string) => {
        for (;;) {
          const current = await store.readStream(streamId);
          try {
            return await store.append(streamId, [newEvent()], { expectedRevision: current.length === 0 ? 'no_stream' : current.length - 1 });
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 120 }, (_, i) => appendOne(stores[i % 3], streams[i % 12])));
      const all = await stores[0].readAll({ after: 0, limit: 1000 });
      expect(all.map((event) => event.position)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      for (const streamId of streams) expect((await stores[1].readStream(streamId)).map((event) => event.revision)).toEqual([...Array(10).keys()]);
      expect((await verifyPostgresEventLog({ connectionString: POSTGRES_URL as string, schema })).intact).toBe(true);
    });
  });

  describe('group commit', () => {
    it('commits 200 concurrent appends in a handful of transactions', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 200 }, () => store.append(`case-${randomUUID()}`, [newEvent()], NO_STREAM)));
      expect(new Set(results.map((result) => result.lastPosition)).size).toBe(200);
      expect(store.stats.transactions).toBeLessThanOrEqual(5);
    });

    it('refuses one append of a batch alone: the others commit', async () => {
      const store = await open();
      const taken = `case-${randomUUID()}`;
      await store.append(taken, [newEvent()], NO_STREAM);
      const key = randomUUID();
      await store.append(`case-${randomUUID()}`, [newEvent()], { expectedRevision: 'no_stream', idempotency: { key, requestHash: 'h', response: 1 } });
      const before = store.stats.transactions;
      const outcomes = await Promise.allSettled([
        store.append(`case-${randomUUID()}`, [newEvent()], NO_STREAM),
        store.append(taken, [newEvent()], NO_STREAM),
        store.append(`case-${randomUUID()}`, [newEvent()], { expectedRevision: 'no_stream', idempotency: { key, requestHash: 'h', response: 2 } }),
        store.append(`case-${randomUUID()}`, [newEvent()], NO_STREAM),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyTakenError);
      expect(store.stats.transactions - before).toBe(1);
      expect((await store.readAll({ after: 0, limit: 100 })).map((event) => event.position)).toEqual([1, 2, 3, 4]);
    });

    it('writes, for a batch the server refuses as a whole, each append on its own', async () => {
      const store = await open();
      // A check only the server knows of: the batch fails as a whole, then each of its appends alone.
      await withAdmin((admin) => admin.query(`ALTER TABLE ${schema}.events ADD CONSTRAINT no_forbidden CHECK (type <> 'Forbidden')`));
      const outcomes = await Promise.allSettled([
        store.append(`case-${randomUUID()}`, [newEvent()], NO_STREAM),
        store.append(`case-${randomUUID()}`, [newEvent('Forbidden')], NO_STREAM),
        store.append(`case-${randomUUID()}`, [newEvent()], NO_STREAM),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.readAll({ after: 0, limit: 100 })).map((event) => event.position)).toEqual([1, 2]);
    });
  });

  describe('subscriptions', () => {
    it('delivers only the events of the types asked for, and counts the others as processed', async () => {
      const store = await open();
      const received: StoredEvent[] = [];
      await store.append(`case-${randomUUID()}`, [newEvent('CaseReceived'), newEvent('CaseNoted'), newEvent('CaseNoted')], NO_STREAM);
      const subscription = store.subscribeToAll({ after: 0, types: ['CaseReceived', 'CaseClosed'], batchSize: 1 }, async (events) => {
        received.push(...events);
      });
      const last = await store.append(`case-${randomUUID()}`, [newEvent('CaseNoted'), newEvent('CaseClosed'), newEvent('CaseNoted')], NO_STREAM);
      await subscription.caughtUpTo(last.lastPosition);
      await subscription.stop();
      expect(received.map((event) => [event.position, event.type])).toEqual([[1, 'CaseReceived'], [5, 'CaseClosed']]);
    });

    it('wakes at once on another process\'s commit (LISTEN/NOTIFY), not at its next poll', async () => {
      const [writer, reader] = [await open(), await open({ pollIntervalMs: 60_000 })];
      const received: StoredEvent[] = [];
      const subscription = reader.subscribeToAll({ after: 0 }, async (events) => {
        received.push(...events);
      });
      await sleep(100);
      await writer.append(`case-${randomUUID()}`, [newEvent()], NO_STREAM);
      const deadline = Date.now() + 5000;
      while (received.length === 0 && Date.now() < deadline) await sleep(10);
      await subscription.stop();
      expect(received).toHaveLength(1);
    });
  });

  describe('the tamper-evident record', () => {
    it('hashes each event as the SQLite store does, chained in its stream, and seals the log by the same rule', async () => {
      const store = await open({ sealPolicy: { everyEvents: 3 } });
      const streamId = `case-${randomUUID()}`;
      await store.append(streamId, [newEvent(), newEvent()], NO_STREAM);
      await store.append(streamId, [newEvent(), newEvent()], { expectedRevision: 1 });
      const rows = await withAdmin(async (admin) => (await admin.query(`SELECT * FROM ${schema}.events ORDER BY position`)).rows);
      let previous: string | null = null;
      for (const row of rows) {
        expect(row.hash).toBe(hashOfRow({ ...row, position: Number(row.position) }, previous));
        previous = row.hash;
      }
      const seal = await store.sealNow();
      expect(seal).toMatchObject({ seq: 2, position: 4, reason: 'count' });
      const report = await verifyPostgresEventLog({ connectionString: POSTGRES_URL as string, schema });
      expect(report).toMatchObject({ intact: true, eventsChecked: 4, streamsChecked: 1, sealsChecked: 2, unsealedEvents: 0 });
    });

    it('finds an event edited behind the store, and a deleted tail', async () => {
      const store = await open();
      const streamId = `case-${randomUUID()}`;
      await store.append(streamId, [newEvent(), newEvent(), newEvent()], NO_STREAM);
      await store.sealNow();
      await withAdmin((admin) => admin.query(`UPDATE ${schema}.events SET data = '{"n":2}' WHERE position = 2`));
      const edited = await verifyPostgresEventLog({ connectionString: POSTGRES_URL as string, schema });
      expect(edited.intact).toBe(false);
      expect(edited.findings[0]).toMatchObject({ kind: 'altered', position: 2 });
      await withAdmin((admin) => admin.query(`DELETE FROM ${schema}.events WHERE position = 3`));
      const cut = await verifyPostgresEventLog({ connectionString: POSTGRES_URL as string, schema });
      expect(cut.findings.map((finding) => finding.kind)).toEqual(expect.arrayContaining(['seal-mismatch', 'stream-head', 'tail-missing']));
    });
  });

  describe('durability', () => {
    it('keeps events, streams and idempotency records across close and reopen', async () => {
      const first = await open();
      const streamId = `case-${randomUUID()}`;
      await first.append(streamId, [newEvent()], { expectedRevision: 'no_stream', idempotency: { key: 'k-1', requestHash: 'h', response: { caseNo: 7 } } });
      await first.close();
      const second = await open();
      expect(await second.findIdempotencyRecord('k-1')).toEqual({ key: 'k-1', requestHash: 'h', response: { caseNo: 7 } });
      expect(await second.append(streamId, [newEvent()], { expectedRevision: 0 })).toMatchObject({ nextExpectedRevision: 1, lastPosition: 2 });
      expect((await second.latestSeal())?.reason).toBe('genesis');
    });
  });
});
