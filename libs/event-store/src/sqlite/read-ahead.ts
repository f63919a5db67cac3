import type { ReadRangeOptions, StoredEvent } from '../event-store.port';
import type { FromReader, ReaderThreadData, ToReader } from './read-ahead-wire';
import { pageFromJson } from './read-row';
import { startThread } from './thread-module';

/**
 * Pages the thread may read before the caller takes them: the one the caller works on and the
 * next, so reading never waits for the caller nor runs far ahead of it (memory stays at two
 * pages).
 */
const PAGES_AHEAD = 2;

/**
 * The log from `after` to `until` in pages, read from `file` on a thread of its own
 * (read-ahead-thread.ts) while the caller works on the page before: SQLite's reading of the
 * rows, and making their strings, no longer take the caller's thread (a replay spent a fifth
 * of its time there). What the caller still pays is parsing the JSON (read-row.ts).
 */
export async function* readAhead(file: string, options: ReadRangeOptions): AsyncGenerator<StoredEvent[]> {
  if (options.after >= options.until) return;
  const thread = startThread('read-ahead-thread', { file, ...options } satisfies ReaderThreadData);
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
    for (let i = 0; i < PAGES_AHEAD; i += 1) askForPage();
    for (;;) {
      while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = arrived.shift() as FromReader;
      if (message.kind === 'end') return;
      if (message.kind === 'failed') throw new Error(`reading the log ahead: ${message.message}`);
      askForPage();
      yield pageFromJson(message.json);
    }
  } finally {
    thread.removeAllListeners();
    await thread.terminate();
  }
}
