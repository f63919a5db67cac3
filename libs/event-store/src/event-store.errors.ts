import type { ExpectedRevision } from './event-store.port';

/** The stream moved on since it was read: the caller may reload, decide again and retry. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** An Idempotency-Key was reused for a different request. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was already used for a different request`);
  }
}

/**
 * Another append already stored a record under this Idempotency-Key (two racers with the
 * same key): this append wrote nothing. The caller re-reads the stored record with
 * `findIdempotencyRecord` and either replays its response or, if the request hash
 * differs, answers with `IdempotencyKeyReusedError`.
 */
export class IdempotencyKeyTakenError extends Error {
  readonly code = 'IDEMPOTENCY.KEY_TAKEN';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} is already taken by another append`);
  }
}
