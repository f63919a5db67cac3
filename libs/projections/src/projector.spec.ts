import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'kysely';
import { SqliteEventStore } from '@gov/event-store';
import type { Projection } from './projection';
import { Projector } from './projector';
import { runScript } from './store/run-script';
import { readModelStoresUnderTest } from './store/testing/read-model-stores';
import type { ReadModelStore } from './store/read-model-store';

/** Counts the events it saw, one row per event: enough to see what the projector applied, once each. */
const seen: Projection = {
  name: 'seen',
  migrate: (tx) => runScript(tx, 'CREATE TABLE IF NOT EXISTS seen (position BIGINT PRIMARY KEY);'),
  drop: (tx) => runScript(tx, 'DROP TABLE IF EXISTS seen;'),
  apply: async (tx, events) => {
    for (const event of events) await sql`INSERT INTO seen (position) VALUES (${event.position})`.execute(tx);
  },
};

/** `seen`, noting its replay steps and each batch, replayed or applied, in `steps`. */
const stepsOf = (steps: string[]): Projection => ({
  ...seen,
  name: 'replaying',
  beforeReplay: async () => void steps.push('before'),
  afterReplay: async () => void steps.push('after'),
  apply: async (tx, batch, context) => {
    steps.push(`${context.replaying ? 'replay' : 'apply'} ${batch.map((event) => event.position).join(',')}`);
    await seen.apply(tx, batch, context);
  },
});

const meta = { occurredAt: '2026-04-07T01:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'test', role: 'system' } };

describe.each(readModelStoresUnderTest())('the projector on $name', ({ open }) => {
  let dir: string;
  let events: SqliteEventStore;
  let readModels: ReadModelStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projector-'));
    events = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
    readModels = await open();
    for (let i = 0; i < 10; i++) {
      await events.append(`thing-${i}`, [{ id: `e-${i}`, type: 'Happened', schemaVersion: 1, data: { i }, metadata: meta }], { expectedRevision: 'no_stream' });
    }
  });
  afterEach(async () => {
    await readModels.close();
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const positions = async () => (await sql<{ position: number }>`SELECT position FROM seen ORDER BY position`.execute(readModels.db)).rows.map((row) => Number(row.position));

  it('catches up to the head once, then to a slice\'s end when asked, never applying an event twice', async () => {
    const projector = await Projector.open(events, readModels, [seen]);
    await projector.catchUp(4);
    expect(await positions()).toEqual([1, 2, 3, 4]);
    expect(await projector.checkpoint()).toBe(4);
    await projector.catchUp();
    await projector.catchUp();
    expect(await positions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // A second projector on the same store starts from the stored checkpoint.
    const other = await Projector.open(events, readModels, [seen]);
    await other.catchUp();
    expect(await positions()).toHaveLength(10);
  });

  it('starts far behind by a replay up to the head, then follows the log batch by batch', async () => {
    const steps: string[] = [];
    const replaying = stepsOf(steps);
    const projector = await Projector.open(events, readModels, [replaying], undefined, { replayFrom: 5, catchUpBatch: 4 });
    const said: string[] = [];

    await projector.start(undefined, { onReplay: (behind) => said.push(`${behind} behind`), onReplayed: () => said.push('up to date') });
    expect(said).toEqual(['10 behind', 'up to date']);
    // Up to the head before start() resolved: what the engine serves right after.
    expect(await projector.checkpoint()).toBe(10);
    await events.append('thing-late', [{ id: 'e-late', type: 'Happened', schemaVersion: 1, data: {}, metadata: meta }], { expectedRevision: 'no_stream' });
    await projector.catchUp();
    await projector.stop();

    expect(steps).toEqual(['before', 'replay 1,2,3,4', 'replay 5,6,7,8', 'replay 9,10', 'after', 'apply 11']);
    expect(await positions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('replays a long backlog reading ahead, in batches, around the projections\' replay steps', async () => {
    const steps: string[] = [];
    const replaying = stepsOf(steps);
    const projector = await Projector.open(events, readModels, [replaying], undefined, { replayFrom: 5, catchUpBatch: 4 });
    const readAhead = jest.spyOn(events, 'readRange');

    await projector.catchUp(7);
    await projector.catchUp();

    expect(steps).toEqual(['before', 'replay 1,2,3,4', 'replay 5,6,7', 'after', 'apply 8,9,10']);
    expect(readAhead.mock.calls).toEqual([[{ after: 0, until: 7, pageSize: 4 }]]);
    expect(await positions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await projector.checkpoint()).toBe(10);
  });

  it('settles what a replay left undone before it follows the log batch by batch (a catch-up, its start), under its fence; not before a replay', async () => {
    const steps: string[] = [];
    const settling: Projection = {
      ...seen,
      name: 'settling',
      settle: async () => void steps.push('settle'),
      apply: async (tx, batch, context) => {
        steps.push(`${context.replaying ? 'replay' : 'apply'} ${batch.map((event) => event.position).join(',')}`);
        await seen.apply(tx, batch, context);
      },
    };
    const projector = await Projector.open(events, readModels, [settling], async () => void steps.push('fence'), { replayFrom: 5, catchUpBatch: 4 });

    await projector.catchUp(7);
    await projector.catchUp();
    await projector.start();
    await projector.stop();

    expect(steps).toEqual(['fence', 'replay 1,2,3,4', 'fence', 'replay 5,6,7', 'fence', 'settle', 'fence', 'apply 8,9,10', 'fence', 'settle']);
  });

  it('rebuilds from zero after a reset', async () => {
    const projector = await Projector.open(events, readModels, [seen]);
    await projector.catchUp();
    await projector.reset();
    expect(await positions()).toEqual([]);
    expect(await projector.checkpoint()).toBe(0);
    await projector.catchUp();
    expect(await positions()).toHaveLength(10);
  });

  it('writes nothing of a batch its fence refuses', async () => {
    const projector = await Projector.open(events, readModels, [seen], async () => {
      throw new Error('lease lost');
    });
    await expect(projector.catchUp()).rejects.toThrow('lease lost');
    expect(await positions()).toEqual([]);
    expect(await projector.checkpoint()).toBe(0);
  });
});
