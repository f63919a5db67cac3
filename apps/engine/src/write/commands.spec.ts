import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RuleViolation } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { CommandMeta } from './command-meta';
import { CommandRunner, StreamCommand } from './commands';

/** A toy stream: a tally that may not pass a limit and takes nothing while closed. */
interface Tally { readonly total: number; readonly closed: boolean }
type TallyEvent =
  | { type: 'Added'; data: { n: number } }
  | { type: 'Closed'; data: Record<string, never> }
  | { type: 'Reopened'; data: Record<string, never> };
const evolveTally = (state: Tally, event: TallyEvent): Tally =>
  event.type === 'Added' ? { ...state, total: state.total + event.data.n } : { ...state, closed: event.type === 'Closed' };
const LIMIT = 10;

const meta: CommandMeta = {
  now: '2026-11-27T09:00:00.000Z', correlationId: 'c-1', causationId: null,
  actor: { type: 'staff', id: 'u-1', role: 'window_clerk' } as CommandMeta['actor'],
};

function add(n: number): StreamCommand<Tally, TallyEvent, Tally> {
  return {
    streamId: 'tally-1',
    initialState: () => ({ total: 0, closed: false }),
    evolve: evolveTally,
    decide: (state) => {
      if (state.closed) throw new RuleViolation('TALLY.CLOSED', 'ClosedTallyStaysClosed', 'closed', 'conflict');
      if (state.total + n > LIMIT) throw new RuleViolation('TALLY.OVER_LIMIT', 'TallyWithinLimit', 'over the limit');
      return [{ type: 'Added', data: { n } }];
    },
    respond: (state) => ({ status: 200, body: state }),
  };
}

const close: StreamCommand<Tally, TallyEvent, Tally> = {
  ...add(0),
  decide: (state) => (state.closed ? [] : [{ type: 'Closed', data: {} }]),
};
const reopen: StreamCommand<Tally, TallyEvent, Tally> = {
  ...add(0),
  decide: (state) => (state.closed ? [{ type: 'Reopened', data: {} }] : []),
};

describe('CommandRunner with its cache of stream states', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: number;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'command-runner-'));
    store = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
    reads = 0;
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((streamId) => {
      reads += 1;
      return readStream(streamId);
    });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given a stream it just wrote, when the next command comes, then it decides on the cached state without reading the stream', async () => {
    const runner = new CommandRunner(store);
    await runner.run(add(3), meta);
    expect(reads).toBe(1);
    const second = await runner.run(add(4), meta);
    expect(second.body).toEqual({ total: 7, closed: false });
    expect(reads).toBe(1);
    expect((await store.readStream('tally-1')).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('given another writer appended since, when a command runs on the stale cached state, then the append is refused and it decides again on the stored stream', async () => {
    const runner = new CommandRunner(store);
    const elsewhere = new CommandRunner(store);
    await runner.run(add(3), meta);
    await elsewhere.run(add(5), meta);
    const answer = await runner.run(add(1), meta);
    expect(answer.body).toEqual({ total: 9, closed: false });
    expect((await store.readStream('tally-1')).map((e) => e.data)).toEqual([{ n: 3 }, { n: 5 }, { n: 1 }]);
  });

  it('given a stale cached state that would allow the command, when the stored stream refuses it, then the refusal is the stored stream\'s', async () => {
    const runner = new CommandRunner(store);
    const elsewhere = new CommandRunner(store);
    await runner.run(add(3), meta);
    await elsewhere.run(add(6), meta);
    await expect(runner.run(add(2), meta)).rejects.toMatchObject({ code: 'TALLY.OVER_LIMIT' });
    expect(await store.readStream('tally-1')).toHaveLength(2);
  });

  it('given a stale cached state that would refuse the command, when the stored stream allows it, then it is accepted', async () => {
    const runner = new CommandRunner(store);
    const elsewhere = new CommandRunner(store);
    await runner.run(add(2), meta);
    await runner.run(close, meta);
    await elsewhere.run(reopen, meta);
    const answer = await runner.run(add(1), meta);
    expect(answer.body).toEqual({ total: 3, closed: false });
    expect((await store.readStream('tally-1')).map((e) => e.type)).toEqual(['Added', 'Closed', 'Reopened', 'Added']);
  });

  it('given a stale cached state on which the command is a no-op, when the stored stream needs its events, then they are appended', async () => {
    const runner = new CommandRunner(store);
    const elsewhere = new CommandRunner(store);
    await runner.run(close, meta);
    await elsewhere.run(reopen, meta);
    const answer = await runner.run(close, meta);
    expect(answer.body).toEqual({ total: 0, closed: true });
    expect((await store.readStream('tally-1')).map((e) => e.type)).toEqual(['Closed', 'Reopened', 'Closed']);
  });

  it('given a capacity of two streams, when a third is written, then the least recently used one is read again', async () => {
    const runner = new CommandRunner(store, 2);
    const on = (streamId: string) => ({ ...add(1), streamId });
    await runner.run(on('a'), meta);
    await runner.run(on('b'), meta);
    await runner.run(on('a'), meta);
    await runner.run(on('c'), meta);
    reads = 0;
    await runner.run(on('a'), meta);
    await runner.run(on('c'), meta);
    expect(reads).toBe(0);
    await runner.run(on('b'), meta);
    expect(reads).toBe(1);
  });
});
