import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { loadPageFold, type StoredEvent } from '../event-store.port';
import type { FromReader, ReaderThreadData, ToReader } from './read-ahead-wire';
import { pageToJson, READ_COLUMNS, type ReadRow, toStoredEventLazily } from './read-row';

/**
 * The read-ahead thread (started by readAhead and foldAhead): its own read-only connection to
 * the events file; reads a page of the range each time it is asked and posts it, either as JSON
 * pieces (read-row.ts) or, given a fold, as what the fold made of its events.
 */
function serve(data: ReaderThreadData): void {
  const port = parentPort;
  if (!port) throw new Error('read-ahead-thread.ts runs as a worker thread');
  const post = (message: FromReader) => port.postMessage(message);
  let db: Database.Database;
  let select: Database.Statement<[number, number, number], ReadRow>;
  let fold: ((events: readonly StoredEvent[]) => unknown) | undefined;
  try {
    db = new Database(data.file, { readonly: true, fileMustExist: true });
    select = db.prepare<[number, number, number], ReadRow>(
      `SELECT ${READ_COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    ).raw();
  } catch (error) {
    post({ kind: 'failed', message: `cannot read ${data.file}: ${(error as Error).message}` });
    return;
  }
  try {
    fold = data.fold && loadPageFold(data.fold);
  } catch (error) {
    post({ kind: 'failed', message: `cannot load the fold: ${(error as Error).message}` });
    return;
  }
  let after = data.after;
  port.on('message', (message: ToReader) => {
    if (message.kind !== 'more') return;
    const from = after;
    try {
      const rows = select.all(after, data.until, data.pageSize);
      if (rows.length === 0) {
        db.close();
        post({ kind: 'end' });
        port.close();
        return;
      }
      after = rows[rows.length - 1][0];
      // Each column parsed on its own: one that is not one JSON value fails, as readAll fails (metadata when first read).
      if (fold) post({ kind: 'folded', value: fold(rows.map(toStoredEventLazily)), count: rows.length, last: after });
      else post({ kind: 'page', json: pageToJson(rows), count: rows.length });
    } catch (error) {
      // Where it happened: a fold is a projection's code, and the caller sees only this message.
      const { message: reason, stack } = error as Error;
      post({ kind: 'failed', message: `the page after position ${from}: ${data.fold ? (stack ?? reason) : reason}` });
    }
  });
}

serve(workerData as ReaderThreadData);
