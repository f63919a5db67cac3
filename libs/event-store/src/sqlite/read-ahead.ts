import type { Worker } from 'node:worker_threads';
import type { PageWorker, ReadRangeOptions, StoredEvent, WorkedPage } from '../event-store.port';
import type { FromReader, ReaderThreadData, ToReader } from './read-ahead-wire';
import { pageFromJson } from './read-row';
import { startThread } from './thread-module';

/**
 * Pages asked for at the start: the first, and the next, read while the caller works on the
 * first. Then one more each time the caller comes back for a page: the thread reads one page
 * ahead of the caller, never more (memory stays at two pages).
 */
const PAGES_AT_START = 2;

/**
 * The log from `after` to `until` in pages, read from `file` on a thread of its own
 * (read-ahead-thread.ts) while the caller works on the page before: SQLite's reading of the
 * rows, and making their strings, no longer take the caller's thread (docs/decisions/0024). What the caller still pays is parsing the JSON (read-row.ts).
 */
export async function* readAhead(file: string, options: ReadRangeOptions, running?: Set<Worker>): AsyncGenerator<StoredEvent[]> {
  let after = options.after;
  for await (const message of fromThread({ file, ...options }, running)) {
    if (message.kind !== 'page') throw new Error(`the read-ahead thread sent a ${message.kind} page`);
    const page = pageFromJson(message.json, message.count, after);
    after = page[page.length - 1].position;
    yield page;
  }
}

/**
 * The same range, each page handed on the reading thread to the work `worker` starts there: the
 * caller gets only what the work made of it, and parses nothing. The thread reads the next page
 * and works on it while the caller works on this one.
 */
export async function* workAhead<T>(file: string, options: ReadRangeOptions, worker: PageWorker, running?: Set<Worker>): AsyncGenerator<WorkedPage<T>> {
  let after = options.after;
  for await (const message of fromThread({ file, ...options, worker }, running)) {
    if (message.kind !== 'worked') throw new Error(`the read-ahead thread sent a ${message.kind} page`);
    if (message.ending) {
      if (message.count !== 0 || message.last !== after) throw new Error(`the ending page of the log after position ${after} has events`);
      yield { after, last: after, count: 0, value: message.value as T, ending: true };
      continue;
    }
    if (message.count < 1 || !(message.last > after)) throw new Error(`a worked page of the log after position ${after} ends at ${message.last}`);
    yield { after, last: message.last, count: message.count, value: message.value as T };
    after = message.last;
  }
}

type PageMessage = Extract<FromReader, { kind: 'page' | 'worked' }>;

/** Starts the thread and yields its pages, asking for the next as each is taken; ends the thread however the caller stops. */
async function* fromThread(data: ReaderThreadData, running?: Set<Worker>): AsyncGenerator<PageMessage> {
  if (data.after >= data.until) return;
  const thread = startThread('read-ahead-thread', data);
  // The store that started it ends it when it closes, should its reader never finish (nor `return()`).
  running?.add(thread);
  const arrived: FromReader[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: FromReader) => {
    arrived.push(message);
    wake?.();
  };
  thread.on('message', deliver);
  thread.on('error', (error) => deliver({ kind: 'failed', message: error.message }));
  thread.on('exit', (code) => deliver({ kind: 'failed', message: `the read-ahead thread exited (code ${code})` }));
  const askForPage = () => thread.postMessage({ kind: 'more' } satisfies ToReader);
  try {
    for (let i = 0; i < PAGES_AT_START; i += 1) askForPage();
    for (;;) {
      while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = arrived.shift() as FromReader;
      if (message.kind === 'end') return;
      if (message.kind === 'failed') throw new Error(`reading the log ahead: ${message.message}`);
      yield message;
      askForPage();
    }
  } finally {
    running?.delete(thread);
    thread.removeAllListeners();
    await thread.terminate();
  }
}
