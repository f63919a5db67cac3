import type { NewEvent } from '../event-store.port';
import { classifyAppend, exactTypesRegex, fromEsdbCurrentRevision, fromEsdbRecord, fromPositionAfter, toEsdbEvent, toEsdbExpectedRevision } from './esdb-mapping';

const event: NewEvent = {
  id: '5f0c6f7e-2c1a-4c1e-9a57-1d3f2b9e8a01',
  type: 'CaseReceived',
  schemaVersion: 2,
  data: { caseNo: 'C-1', fee: 12.5 },
  metadata: { occurredAt: '2024-03-01T08:30:00.000Z', correlationId: 'corr', causationId: null, actor: { id: 'clerk-1', role: 'window-staff' } },
};

describe('EventStoreDB mapping', () => {
  it('writes the schema version and the port metadata in an envelope EventStoreDB projections understand', () => {
    expect(toEsdbEvent(event)).toEqual({
      id: event.id,
      type: 'CaseReceived',
      data: event.data,
      metadata: { schemaVersion: 2, metadata: event.metadata, $correlationId: 'corr' },
    });
    expect(toEsdbEvent({ ...event, metadata: { ...event.metadata, causationId: 'cmd-9' } }).metadata.$causationId).toBe('cmd-9');
  });

  it('reads back the same event, its revision and commit position as numbers', () => {
    const written = toEsdbEvent(event);
    const created = new Date('2024-03-01T08:30:01.234Z');

    expect(
      fromEsdbRecord({ ...written, streamId: 'case-C-1', revision: 3n, created, position: { commit: 18_446n, prepare: 18_446n } }),
    ).toEqual({ ...event, streamId: 'case-C-1', revision: 3, position: 18_446, recordedAt: '2024-03-01T08:30:01.234Z' });
  });

  it('skips system events, $-streams and records without the envelope (the idempotency claims)', () => {
    const base = { id: event.id, streamId: 'case-1', revision: 0n, created: new Date(), data: {}, position: { commit: 1n, prepare: 1n } };
    const envelope = toEsdbEvent(event).metadata;

    expect(fromEsdbRecord({ ...base, type: '$statsCollected', metadata: envelope })).toBeUndefined();
    expect(fromEsdbRecord({ ...base, streamId: '$stats-1', type: 'X', metadata: envelope })).toBeUndefined();
    expect(fromEsdbRecord({ ...base, type: 'IdempotencyKeyClaimed', metadata: { internal: 'idempotency-claim' } })).toBeUndefined();
  });

  it('refuses positions and revisions beyond 2^53 rather than rounding them', () => {
    const record = { ...toEsdbEvent(event), streamId: 's', revision: 0n, created: new Date(), position: { commit: 2n ** 60n, prepare: 2n ** 60n } };
    expect(() => fromEsdbRecord(record)).toThrow(/does not fit/);
  });

  it('refuses ids that are not UUIDs and data without a JSON form', () => {
    expect(() => toEsdbEvent({ ...event, id: 'e-1' })).toThrow(/not a UUID/);
    expect(() => toEsdbEvent({ ...event, data: undefined })).toThrow(TypeError);
  });

  it('maps expected and current revisions', () => {
    expect(toEsdbExpectedRevision(4)).toBe(4n);
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(fromEsdbCurrentRevision(7n)).toBe(7);
    expect(fromEsdbCurrentRevision('no_stream')).toBe('no_stream');
  });

  it('reads $all from the start for checkpoint 0, else from the checkpoint event itself', () => {
    expect(fromPositionAfter(0)).toBe('start');
    expect(fromPositionAfter(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(() => fromPositionAfter(-1)).toThrow(RangeError);
  });

  it('builds an exact, escaped type filter', () => {
    const regex = new RegExp(exactTypesRegex(['CaseReceived', 'Fee.Paid']));
    expect(regex.test('CaseReceived')).toBe(true);
    expect(regex.test('CaseReceivedLate')).toBe(false);
    expect(regex.test('FeexPaid')).toBe(false);
  });

  describe('classifyAppend', () => {
    const stored = [
      { id: 'a', revision: 0, position: 10 },
      { id: 'b', revision: 1, position: 20 },
      { id: 'c', revision: 2, position: 30 },
    ];

    it('is fresh when no id is stored', () => {
      expect(classifyAppend('s', stored, [{ id: 'x' }, { id: 'y' }])).toEqual({ kind: 'fresh' });
    });

    it('is a duplicate, answered with the last event of the original append, when all ids are stored in order', () => {
      expect(classifyAppend('s', stored, [{ id: 'b' }, { id: 'c' }])).toEqual({ kind: 'duplicate', lastRevision: 2, lastPosition: 30 });
      expect(classifyAppend('s', stored, [{ id: 'a' }])).toEqual({ kind: 'duplicate', lastRevision: 0, lastPosition: 10 });
    });

    it('refuses some ids stored and some not, ids out of order, and an id twice', () => {
      expect(() => classifyAppend('s', stored, [{ id: 'c' }, { id: 'x' }])).toThrow(/exactly the same events/);
      expect(() => classifyAppend('s', stored, [{ id: 'x' }, { id: 'a' }])).toThrow(/exactly the same events/);
      expect(() => classifyAppend('s', stored, [{ id: 'b' }, { id: 'a' }])).toThrow(/exactly the same events/);
      expect(() => classifyAppend('s', stored, [{ id: 'x' }, { id: 'x' }])).toThrow(/appears twice/);
    });
  });
});
