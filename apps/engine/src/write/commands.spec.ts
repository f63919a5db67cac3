import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decider, RuleViolation } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { CommandMeta } from './command-meta';
import { Commands } from './commands';

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

type TallyCommand = { type: 'add'; n: number } | { type: 'close' } | { type: 'reopen' };

const tally: Decider<TallyCommand, Tally, TallyEvent> = {
  initialState: () => ({ total: 0, closed: false }),
  evolve: evolveTally,
  decide: (command, state) => {
    if (command.type === 'close') return state.closed ? [] : [{ type: 'Closed', data: {} }];
    if (command.type === 'reopen') return state.closed ? [{ type: 'Reopened', data: {} }] : [];
    if (state.closed) throw new RuleViolation('TALLY.CLOSED', 'ClosedTallyStaysClosed', 'closed', 'conflict');
    if (state.total + command.n > LIMIT) throw new RuleViolation('TALLY.OVER_LIMIT', 'TallyWithinLimit', 'over the limit');
    return [{ type: 'Added', data: { n: command.n } }];
  },
};

/** A command on a stream of the toy tally, answered with the tally after it. */
interface OnStream { readonly streamId: string; readonly command: TallyCommand }
const add = (n: number, streamId = 'tally-1'): OnStream => ({ streamId, command: { type: 'add', n } });
const close: OnStream = { streamId: 'tally-1', command: { type: 'close' } };
const reopen: OnStream = { streamId: 'tally-1', command: { type: 'reopen' } };
const run = (commands: Commands, { streamId, command }: OnStream) =>
  commands.handle(tally, streamId, command, meta, { respond: (state) => ({ status: 200, body: state }) });

describe('Commands.handle with its cache of stream states', () => {
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
    const runner = new Commands(store);
    await run(runner, add(3));
    expect(reads).toBe(1);
    const second = await run(runner, add(4));
    expect(second.body).toEqual({ total: 7, closed: false });
    expect(reads).toBe(1);
    expect((await store.readStream('tally-1')).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('given another writer appended since, when a command runs on the stale cached state, then the append is refused and it decides again on the stored stream', async () => {
    const runner = new Commands(store);
    const elsewhere = new Commands(store);
    await run(runner, add(3));
    await run(elsewhere, add(5));
    const answer = await run(runner, add(1));
    expect(answer.body).toEqual({ total: 9, closed: false });
    expect((await store.readStream('tally-1')).map((e) => e.data)).toEqual([{ n: 3 }, { n: 5 }, { n: 1 }]);
  });

  it('given a stale cached state that would allow the command, when the stored stream refuses it, then the refusal is the stored stream\'s', async () => {
    const runner = new Commands(store);
    const elsewhere = new Commands(store);
    await run(runner, add(3));
    await run(elsewhere, add(6));
    await expect(run(runner, add(2))).rejects.toMatchObject({ code: 'TALLY.OVER_LIMIT' });
    expect(await store.readStream('tally-1')).toHaveLength(2);
  });

  it('given a stale cached state that would refuse the command, when the stored stream allows it, then it is accepted', async () => {
    const runner = new Commands(store);
    const elsewhere = new Commands(store);
    await run(runner, add(2));
    await run(runner, close);
    await run(elsewhere, reopen);
    const answer = await run(runner, add(1));
    expect(answer.body).toEqual({ total: 3, closed: false });
    expect((await store.readStream('tally-1')).map((e) => e.type)).toEqual(['Added', 'Closed', 'Reopened', 'Added']);
  });

  it('given a stale cached state on which the command is a no-op, when the stored stream needs its events, then they are appended', async () => {
    const runner = new Commands(store);
    const elsewhere = new Commands(store);
    await run(runner, close);
    await run(elsewhere, reopen);
    const answer = await run(runner, close);
    expect(answer.body).toEqual({ total: 0, closed: true });
    expect((await store.readStream('tally-1')).map((e) => e.type)).toEqual(['Closed', 'Reopened', 'Closed']);
  });

  it('given a capacity of two streams, when a third is written, then the least recently used one is read again', async () => {
    const runner = new Commands(store, 2);
    const on = (streamId: string) => add(1, streamId);
    await run(runner, on('a'));
    await run(runner, on('b'));
    await run(runner, on('a'));
    await run(runner, on('c'));
    reads = 0;
    await run(runner, on('a'));
    await run(runner, on('c'));
    expect(reads).toBe(0);
    await run(runner, on('b'));
    expect(reads).toBe(1);
  });

  it('given a stream under a freshly drawn number, then it is decided as new without a read, and a clash makes it read and draw again', async () => {
    const runner = new Commands(store);
    let next = 1;
    const numbered = {
      streamIdOf: (number: string) => `tally-${number}`,
      withNewNumber: async <T>(attempt: (number: string) => Promise<T>): Promise<T> => {
        for (;;) {
          try {
            return await attempt(String(next++));
          } catch (error) {
            if (!(error instanceof RuleViolation && error.code === 'TALLY.CLOSED')) throw error;
          }
        }
      },
    };
    const receive = () => runner.handle(tally, numbered, (): TallyCommand => ({ type: 'add', n: 1 }), meta, { respond: (state) => ({ status: 201, body: state }) });
    await receive();
    expect(reads).toBe(0);
    // Another writer took number 2 (and closed it): the append expecting no stream fails, the stored stream refuses, number 3 is drawn.
    await run(new Commands(store), { streamId: 'tally-2', command: { type: 'close' } });
    reads = 0;
    await receive();
    expect(reads).toBe(1);
    expect((await store.readStream('tally-3')).map((e) => e.type)).toEqual(['Added']);
  });
});

