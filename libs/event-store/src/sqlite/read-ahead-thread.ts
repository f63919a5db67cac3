import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { PageWork } from '../event-store.port';
import { startPageWork } from './page-worker';
import type { FromReader, ReaderThreadData, ToReader } from './read-ahead-wire';
import { LAZY_COLUMNS, type LazyRow, pageToJson, READ_COLUMNS, REST_OF_ROW_COLUMNS, type RestOfRow, type ReadRow, toStoredEventLazily } from './read-row';

/**
 * The read-ahead thread (started by readAhead and workAhead): its own read-only connection to
 * the events file; reads a page of the range each time it is asked and posts it, either as JSON
 * pieces (read-row.ts) or, given a page worker, as what its work made of the page's events.
 */
function serve(data: ReaderThreadData): void {
  const port = parentPort;
  if (!port) throw new Error('read-ahead-thread.ts runs as a worker thread');
  const post = (message: FromReader) => port.postMessage(message);
  let db: Database.Database;
  let select: Database.Statement<[number, number, number], ReadRow | LazyRow>;
  let readRest: (position: number) => RestOfRow | undefined;
  let work: PageWork<unknown> | undefined;
  try {
    db = new Database(data.file, { readonly: true, fileMustExist: true });
    // A page work's events read the rest of their row only when asked (toStoredEventLazily).
    select = db.prepare<[number, number, number], ReadRow | LazyRow>(
      `SELECT ${data.worker ? LAZY_COLUMNS : READ_COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    ).raw();
    const selectRest = db.prepare<[number], RestOfRow>(`SELECT ${REST_OF_ROW_COLUMNS} FROM events WHERE position = ?`).raw();
    readRest = (position) => selectRest.get(position);
  } catch (error) {
    post({ kind: 'failed', message: `cannot read ${data.file}: ${(error as Error).message}` });
    return;
  }
  try {
    work = data.worker && startPageWork(data.worker);
  } catch (error) {
    post({ kind: 'failed', message: `cannot start the page worker: ${(error as Error).message}` });
    return;
  }
  let after = data.after;
  port.on('message', (message: ToReader) => {
    if (message.kind !== 'more') return;
    const from = after;
    try {
      const rows = select.all(after, data.until, data.pageSize);
      if (rows.length === 0) {
        // A work that ends gives what it held back (PageWork.end), when it had any page.
        if (work?.end && after > data.after) post({ kind: 'worked', value: work.end(), count: 0, last: after, ending: true });
        db.close();
        post({ kind: 'end' });
        port.close();
        return;
      }
      after = rows[rows.length - 1][0];
      // Each column parsed on its own: one that is not one JSON value fails, as readAll fails (metadata when first read).
      if (work) post({ kind: 'worked', value: work.page((rows as LazyRow[]).map((row) => toStoredEventLazily(row, readRest))), count: rows.length, last: after });
      else post({ kind: 'page', json: pageToJson(rows as ReadRow[]), count: rows.length });
    } catch (error) {
      // Where it happened: a page work is the caller's code, and the caller sees only this message.
      const { message: reason, stack } = error as Error;
      post({ kind: 'failed', message: `the page after position ${from}: ${data.worker ? (stack ?? reason) : reason}` });
    }
  });
}

serve(workerData as ReaderThreadData);
