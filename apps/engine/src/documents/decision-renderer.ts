import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DecisionFacts, DecisionFont, renderDecision } from './decision-document';

type Waiting = { readonly resolve: (pdf: Buffer) => void; readonly reject: (error: Error) => void };

/**
 * Renders decision documents on a thread of their own: laying out and subsetting the CJK font
 * takes ~35 ms of CPU a document, and on the event loop each completed case held every request
 * for that long (~110 ms before the font was parsed once; the HTTP mix, a completion every seven
 * commands, fell from ~2,000 to ~45 commands/s). The thread starts with the first document and
 * is stopped with the engine. From TypeScript sources (the tests) it renders in place: a worker
 * thread loads built JavaScript only.
 */
export class DecisionRenderer {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private lastId = 0;

  constructor(private readonly font: DecisionFont) {}

  /** The thread's id once it runs (null before the first document, or rendering in place). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  render(facts: DecisionFacts): Promise<Buffer> {
    if (!__filename.endsWith('.js')) return renderDecision(facts, this.font);
    const worker = (this.worker ??= this.start());
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, facts, font: this.font });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(path.join(__dirname, 'decision-renderer.worker.js'));
    // An idle renderer never keeps the process alive.
    worker.unref();
    worker.on('message', ({ id, pdf, error }: { id: number; pdf?: Uint8Array; error?: string }) => {
      const waiting = this.waiting.get(id);
      this.waiting.delete(id);
      if (error !== undefined || !pdf) waiting?.reject(new Error(error ?? 'the decision renderer answered nothing'));
      else waiting?.resolve(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the decision renderer's thread stopped (${code})`)));
    return worker;
  }
}
