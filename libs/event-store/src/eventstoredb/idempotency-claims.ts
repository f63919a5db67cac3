import { createHash } from 'node:crypto';
import { IdempotencyKeyTakenError, WrongExpectedRevisionError } from '../event-store.errors';
import type { IdempotencyRecord } from '../event-store.port';

/**
 * The Idempotency-Key promise on EventStoreDB, by our own means.
 *
 * EventStoreDB cannot write a key record and the command's events in one transaction (one
 * append is one stream), and its own deduplication by event id is a cache that a restart
 * empties. So each key gets a stream of its own, `idempotency-<sha256(key)>`, and:
 *
 * 1. the appender CLAIMS the key first: a `claimed` entry (request hash, response, target
 *    stream, first event id) appended with the expected revision of a free key (no stream,
 *    or a `released` last entry). EventStoreDB's optimistic concurrency lets exactly one of
 *    two racers claim it;
 * 2. then appends the events; if that fails it RELEASES the key (a `released` entry).
 *
 * A claim is an answered request only once its events exist: `find` checks the target
 * stream for the first event id. So a crash between claim and events never replays an answer
 * for a command that did not happen; its claim stays pending, and a claim pending longer than
 * `claimTimeoutMs` is abandoned and may be taken over. The one gap left: an events append
 * that the server commits later than `claimTimeoutMs` after its claim (the adapter gives
 * that append a deadline well below it) could land after a takeover.
 */

export type ClaimEntry =
  | {
      readonly type: 'claimed';
      readonly key: string;
      readonly requestHash: string;
      readonly response: unknown;
      readonly streamId: string;
      readonly firstEventId: string;
    }
  | { readonly type: 'released'; readonly key: string; readonly reason: string };

export interface StoredClaimEntry {
  readonly revision: number;
  readonly recordedAt: Date;
  readonly entry: ClaimEntry;
}

/** What the claims need from the store: the key streams, and a look into a target stream. */
export interface ClaimLog {
  /** A key stream's entries, oldest first; [] when it does not exist. */
  read(keyStream: string): Promise<StoredClaimEntry[]>;
  /** Refuses with WrongExpectedRevisionError when the stream is not at `expected`. */
  append(keyStream: string, entries: readonly ClaimEntry[], expected: 'no_stream' | number): Promise<void>;
  hasEvent(streamId: string, eventId: string): Promise<boolean>;
}

export interface ClaimOptions {
  /** How long a claim whose events have not appeared is waited for before it counts as abandoned. */
  readonly claimTimeoutMs: number;
  /** Longest pause between two looks at a pending claim. */
  readonly maxPollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type KeyState =
  | { readonly kind: 'free'; readonly expected: 'no_stream' | number }
  | { readonly kind: 'claimed'; readonly revision: number; readonly claimedAt: Date; readonly claim: Extract<ClaimEntry, { type: 'claimed' }> };

/** Folds a key stream: only its last entry matters. */
export function keyState(entries: readonly StoredClaimEntry[]): KeyState {
  const last = entries[entries.length - 1];
  if (!last) return { kind: 'free', expected: 'no_stream' };
  if (last.entry.type === 'released') return { kind: 'free', expected: last.revision };
  return { kind: 'claimed', revision: last.revision, claimedAt: last.recordedAt, claim: last.entry };
}

export function keyStreamOf(key: string): string {
  return `idempotency-${createHash('sha256').update(key).digest('hex')}`;
}

/** A claim held by this appender, to release if its events could not be appended. */
export interface HeldClaim {
  release(reason: string): Promise<void>;
}

export class IdempotencyClaims {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxPollMs: number;

  constructor(
    private readonly log: ClaimLog,
    private readonly options: ClaimOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxPollMs = options.maxPollMs ?? 500;
  }

  /** The record of an answered request: a claim whose events are stored. */
  async find(key: string): Promise<IdempotencyRecord | undefined> {
    const state = keyState(await this.log.read(keyStreamOf(key)));
    if (state.kind === 'free' || !(await this.isAnswered(state))) return undefined;
    const { requestHash, response } = state.claim;
    return { key, requestHash, response };
  }

  /**
   * Claims the key for an append of events starting with `firstEventId` to `streamId`, or
   * throws IdempotencyKeyTakenError once another claim of it has its events stored. A claim
   * still pending is waited for: it ends stored, released or abandoned.
   */
  async claim(record: IdempotencyRecord, streamId: string, firstEventId: string): Promise<HeldClaim> {
    const keyStream = keyStreamOf(record.key);
    const claimed: ClaimEntry = {
      type: 'claimed', key: record.key, requestHash: record.requestHash, response: record.response, streamId, firstEventId,
    };
    for (let pause = 20; ; pause = Math.min(pause * 2, this.maxPollMs)) {
      const state = keyState(await this.log.read(keyStream));
      if (state.kind === 'free') {
        const held = await this.tryAppend(keyStream, [claimed], state.expected);
        if (held) return held;
        continue;
      }
      if (await this.isAnswered(state)) throw new IdempotencyKeyTakenError(record.key);
      if (this.now() - state.claimedAt.getTime() > this.options.claimTimeoutMs) {
        const abandoned: ClaimEntry = { type: 'released', key: record.key, reason: `claim at revision ${state.revision} abandoned: its events never appeared` };
        const held = await this.tryAppend(keyStream, [abandoned, claimed], state.revision);
        if (held) return held;
        continue;
      }
      await this.sleep(pause);
    }
  }

  private isAnswered(state: Extract<KeyState, { kind: 'claimed' }>): Promise<boolean> {
    return this.log.hasEvent(state.claim.streamId, state.claim.firstEventId);
  }

  /** The held claim, or undefined when another appender moved the key stream first. */
  private async tryAppend(keyStream: string, entries: readonly ClaimEntry[], expected: 'no_stream' | number): Promise<HeldClaim | undefined> {
    try {
      await this.log.append(keyStream, entries, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
    const revision = (expected === 'no_stream' ? -1 : expected) + entries.length;
    const key = entries[entries.length - 1].key;
    return {
      release: async (reason) => {
        try {
          await this.log.append(keyStream, [{ type: 'released', key, reason }], revision);
        } catch {
          // Not released (server gone, or a takeover already moved the key on): the claim
          // stays pending and is abandoned after claimTimeoutMs; no answer is ever replayed from it.
        }
      },
    };
  }
}
