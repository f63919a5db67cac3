import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { loadPageFold, type StoredEvent } from '../event-store.port';
import type { FromReader, ReaderThreadData, ToReader } from './read-ahead-wire';
import { FOLD_COLUMNS, type FoldRow, pageToJson, READ_COLUMNS, REST_OF_ROW_COLUMNS, type RestOfRow, type ReadRow, toStoredEventLazily } from './read-row';

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
  let select: Database.Statement<[number, number, number], ReadRow | FoldRow>;
  let readRest: (position: number) => RestOfRow | undefined;
  let fold: ((events: readonly StoredEvent[], ending?: boolean) => unknown) | undefined;
  try {
    db = new Database(data.file, { readonly: true, fileMustExist: true });
    // A fold's events read the rest of their row only when asked (toStoredEventLazily).
    select = db.prepare<[number, number, number], ReadRow | FoldRow>(
      `SELECT ${data.fold ? FOLD_COLUMNS : READ_COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    ).raw();
    const selectRest = db.prepare<[number], RestOfRow>(`SELECT ${REST_OF_ROW_COLUMNS} FROM events WHERE position = ?`).raw();
    readRest = (position) => selectRest.get(position);
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
        // A carrying fold gives out what it kept (PageFold.carries), when it folded anything.
        if (fold && data.fold?.carries && after > data.after) post({ kind: 'folded', value: fold([], true), count: 0, last: after, ending: true });
        db.close();
        post({ kind: 'end' });
        port.close();
        return;
      }
      after = rows[rows.length - 1][0];
      // Each column parsed on its own: one that is not one JSON value fails, as readAll fails (metadata when first read).
      if (fold) post({ kind: 'folded', value: fold((rows as FoldRow[]).map((row) => toStoredEventLazily(row, readRest))), count: rows.length, last: after });
      else post({ kind: 'page', json: pageToJson(rows as ReadRow[]), count: rows.length });
    } catch (error) {
      // Where it happened: a fold is a projection's code, and the caller sees only this message.
      const { message: reason, stack } = error as Error;
      post({ kind: 'failed', message: `the page after position ${from}: ${data.fold ? (stack ?? reason) : reason}` });
    }
  });
}

serve(workerData as ReaderThreadData);
