import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import { IdempotencyClaims, keyState, keyStreamOf, type ClaimEntry, type ClaimLog, type StoredClaimEntry } from './idempotency-claims';

/** Key streams with EventStoreDB's optimistic concurrency, and the set of stored (stream, event id) pairs. */
class FakeClaimLog implements ClaimLog {
  readonly streams = new Map<string, StoredClaimEntry[]>();
  readonly events = new Set<string>();
  now = 0;

  async read(keyStream: string): Promise<StoredClaimEntry[]> {
    return [...(this.streams.get(keyStream) ?? [])];
  }

  async append(keyStream: string, entries: readonly ClaimEntry[], expected: 'no_stream' | number): Promise<void> {
    const stream = this.streams.get(keyStream) ?? [];
    const current = stream.length === 0 ? 'no_stream' : stream.length - 1;
    if (current !== expected) throw new WrongExpectedRevisionError(keyStream, expected, current);
    for (const entry of entries) stream.push({ revision: stream.length, recordedAt: new Date(this.now), entry });
    this.streams.set(keyStream, stream);
  }

  async hasEvent(streamId: string, eventId: string): Promise<boolean> {
    return this.events.has(`${streamId}/${eventId}`);
  }
}

const record = { key: 'key-1', requestHash: 'hash-1', response: { caseNo: 'C-1' } };

function setup() {
  const log = new FakeClaimLog();
  const sleeps: number[] = [];
  const claims = new IdempotencyClaims(log, {
    claimTimeoutMs: 1000,
    now: () => log.now,
    // Time passes only when the claimant waits.
    sleep: async (ms) => {
      sleeps.push(ms);
      log.now += ms;
    },
  });
  return { log, claims, sleeps };
}

describe('Idempotency-Key claims on EventStoreDB', () => {
  it('answers from a claim only once its events are stored', async () => {
    const { log, claims } = setup();
    await claims.claim(record, 'case-1', 'evt-1');

    expect(await claims.find('key-1')).toBeUndefined();
    log.events.add('case-1/evt-1');
    expect(await claims.find('key-1')).toEqual(record);
  });

  it('refuses a second claim once the first one is answered', async () => {
    const { log, claims } = setup();
    await claims.claim(record, 'case-1', 'evt-1');
    log.events.add('case-1/evt-1');

    await expect(claims.claim({ ...record, requestHash: 'other' }, 'case-2', 'evt-2')).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
  });

  it('frees the key when released, and the next claim follows the release', async () => {
    const { log, claims } = setup();
    const held = await claims.claim(record, 'case-1', 'evt-1');
    await held.release('wrong expected revision');
    expect(await claims.find('key-1')).toBeUndefined();

    await claims.claim(record, 'case-1', 'evt-2');

    expect((await log.read(keyStreamOf('key-1'))).map(({ revision, entry }) => [revision, entry.type])).toEqual([
      [0, 'claimed'],
      [1, 'released'],
      [2, 'claimed'],
    ]);
  });

  it('waits for a pending claim and refuses once its events appear', async () => {
    const log = new FakeClaimLog();
    const claims = new IdempotencyClaims(log, {
      claimTimeoutMs: 1000,
      now: () => log.now,
      // The first appender's events land while the second one waits.
      sleep: async (ms) => {
        log.now += ms;
        log.events.add('case-1/evt-1');
      },
    });
    await claims.claim(record, 'case-1', 'evt-1');

    await expect(claims.claim(record, 'case-2', 'evt-2')).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(log.now).toBeGreaterThan(0);
    expect((await log.read(keyStreamOf('key-1'))).map(({ entry }) => entry.type)).toEqual(['claimed']);
  });

  it('takes over a claim abandoned for longer than the timeout, in one append', async () => {
    const { log, claims, sleeps } = setup();
    await claims.claim(record, 'case-1', 'evt-1'); // its appender crashed: evt-1 never appears

    await claims.claim(record, 'case-2', 'evt-2');

    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(1000);
    const entries = await log.read(keyStreamOf('key-1'));
    expect(entries.map(({ entry }) => entry.type)).toEqual(['claimed', 'released', 'claimed']);
    expect(keyState(entries)).toMatchObject({ kind: 'claimed', revision: 2, claim: { streamId: 'case-2', firstEventId: 'evt-2' } });
  });

  it('keeps keys apart by a hash of the key', () => {
    expect(keyStreamOf('a')).not.toBe(keyStreamOf('b'));
    expect(keyStreamOf('a')).toMatch(/^idempotency-[0-9a-f]{64}$/);
  });
});
