import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';
import type { WriteOutcome, WriteRequest } from './batch-writer';
import type { RecordCrypto, SealPolicy } from './audit/seals';

/**
 * What crosses between the store and its writer thread. Errors lose their class on the way
 * (structured clone keeps only a plain Error), so the ones callers act on are sent as data
 * and rebuilt on the store's side.
 */
export interface WriterThreadData {
  readonly file: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
  readonly sealPolicy: SealPolicy;
  readonly crypto: RecordCrypto;
}

export type ToWriter =
  | { readonly id: number; readonly kind: 'commit'; readonly batch: readonly WriteRequest[] }
  | { readonly id: number; readonly kind: 'close' };

export type WireError =
  | { readonly kind: 'wrong-revision'; readonly streamId: string; readonly expected: ExpectedRevision; readonly actual: number | 'no_stream' }
  | { readonly kind: 'key-taken'; readonly key: string }
  | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly code?: string; readonly stack?: string };

export type WireOutcome = { readonly ok: true; readonly result: Extract<WriteOutcome, { ok: true }>['result'] } | { readonly ok: false; readonly error: WireError };

export type FromWriter =
  | { readonly id: number; readonly kind: 'committed'; readonly outcomes: readonly WireOutcome[] }
  | { readonly id: number; readonly kind: 'closed' }
  /** Never sent by the thread: how the store's side settles what was in flight when the thread died. */
  | { readonly id: number; readonly kind: 'failed' };

export function toWireOutcome(outcome: WriteOutcome): WireOutcome {
  return outcome.ok ? outcome : { ok: false, error: toWireError(outcome.error) };
}

export function fromWireOutcome(outcome: WireOutcome): WriteOutcome {
  return outcome.ok ? outcome : { ok: false, error: fromWireError(outcome.error) };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError) {
    return { kind: 'wrong-revision', streamId: error.streamId, expected: error.expected, actual: error.actual };
  }
  if (error instanceof IdempotencyKeyTakenError) return { kind: 'key-taken', key: error.key };
  const { name, message, code, stack } = (error instanceof Error ? error : new Error(String(error))) as Error & { code?: unknown };
  return { kind: 'error', name, message, ...(typeof code === 'string' ? { code } : {}), ...(stack ? { stack } : {}) };
}

export function fromWireError(error: WireError): Error {
  switch (error.kind) {
    case 'wrong-revision':
      return new WrongExpectedRevisionError(error.streamId, error.expected, error.actual);
    case 'key-taken':
      return new IdempotencyKeyTakenError(error.key);
    default: {
      const rebuilt = Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
      rebuilt.name = error.name;
      if (error.stack) rebuilt.stack = error.stack;
      return rebuilt;
    }
  }
}
