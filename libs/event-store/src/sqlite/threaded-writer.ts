import type { Worker } from 'node:worker_threads';
import type { WriteOutcome, WriteRequest } from './batch-writer';
import { startThread } from './thread-module';
import { type FromWriter, fromWireOutcome, type ToWriter, type WriterThreadData } from './writer-wire';

/**
 * The store's side of the writer thread: posts a batch, resolves with its outcomes once the
 * thread's transaction has committed (with synchronous FULL: once it is on disk).
 *
 * The thread runs writer-thread.ts (thread-module.ts says how it is loaded).
 */
export class ThreadedWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: FromWriter) => void>();
  private readonly exited: Promise<void>;
  private nextId = 1;
  private failure: Error | undefined;

  constructor(settings: WriterThreadData) {
    this.worker = startThread('writer-thread', settings);
    this.worker.unref();
    this.worker.on('message', (reply: FromWriter) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      settle?.(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code) => {
      this.fail(new Error(`the event store's writer thread exited (code ${code})`));
      resolve();
    }));
  }

  /** Rejects only when the thread is gone; an append's own failure is in its outcome. */
  async commit(batch: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    const reply = await this.send({ kind: 'commit', batch });
    if (reply.kind !== 'committed') throw new Error(`writer thread answered ${reply.kind} to a commit`);
    return reply.outcomes.map(fromWireOutcome);
  }

  async close(): Promise<void> {
    if (!this.failure) await this.send({ kind: 'close' }).catch(() => undefined);
    await this.worker.terminate();
    await this.exited;
  }

  private send(message: { kind: 'commit'; batch: readonly WriteRequest[] } | { kind: 'close' }): Promise<FromWriter> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // A thread with work in flight keeps the process alive; an idle one does not.
      this.worker.ref();
      this.pending.set(id, (reply) => (reply.kind === 'failed' ? reject(this.failure) : resolve(reply)));
      this.worker.postMessage({ id, ...message } as ToWriter);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const settle of this.pending.values()) settle({ id: 0, kind: 'failed' });
    this.pending.clear();
  }
}
