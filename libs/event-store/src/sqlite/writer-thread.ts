import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BatchWriter } from './batch-writer';
import { type FromWriter, type ToWriter, toWireOutcome, type WriterThreadData } from './writer-wire';

/**
 * The writer thread (started by ThreadedWriter): its own connection to the events file, on
 * which each batch's transaction runs, commit and fsync included, while the store's thread
 * goes on serving requests and queueing the next batch.
 */
function serve(data: WriterThreadData): void {
  const port = parentPort;
  if (!port) throw new Error('writer-thread.ts runs as a worker thread');
  const db = new Database(data.file, { timeout: data.busyTimeoutMs });
  db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
  db.pragma(`synchronous = ${data.synchronous}`);
  const writer = new BatchWriter(db, data.sealPolicy, data.crypto);
  port.on('message', (message: ToWriter) => {
    if (message.kind === 'close') {
      db.close();
      port.postMessage({ id: message.id, kind: 'closed' } satisfies FromWriter);
      port.close();
      return;
    }
    const outcomes = writer.commit(message.batch).map(toWireOutcome);
    port.postMessage({ id: message.id, kind: 'committed', outcomes } satisfies FromWriter);
  });
}

serve(workerData as WriterThreadData);
