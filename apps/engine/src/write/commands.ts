import { v7 as timeOrderedUuid } from 'uuid';
import { Decider, DecisionContext, DomainEvent, RuleViolation } from '@gov/domain';
import {
  EventStore, IdempotencyKeyReusedError, IdempotencyKeyTakenError, NewEvent, StoredEvent, WrongExpectedRevisionError,
} from '@gov/event-store';
import { CommandMeta, CommandResponse } from './command-meta';
import { NumberedStream } from './numbered-stream';
import { DEFAULT_CACHED_STREAMS, StreamStateCache } from './stream-state-cache';

export const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 4;

/** Builds the answer from the state after the new events: it is stored for idempotent retries. */
export type Respond<TState, TEvent, TBody> = (state: TState, events: readonly TEvent[]) => CommandResponse<TBody>;

/** How a command is answered, and what its decider decides with besides the state (the `now` of `meta` by default). */
export interface Answering<TState, TEvent, TContext, TBody> {
  readonly respond: Respond<TState, TEvent, TBody>;
  readonly context?: TContext;
}

/**
 * The one way commands reach the store: `handle(decider, streamId, command, meta, answering)`
 * reads the stream, folds it with the decider, decides, and appends with the expected
 * revision. A concurrent write makes it decide again on the new state (a few times, then
 * 409). An Idempotency-Key's answer is stored in the same transaction as the events, so a
 * retry gets the first answer back even after a crash or restart; the key is looked up once,
 * before anything else (before a new stream's number is drawn).
 *
 * The state a command leaves behind is kept in a bounded cache, so the next command on that
 * stream starts from it instead of reading the history. Only an append can prove a cached
 * state current (its expected revision is checked in the store's transaction): a command
 * that the cached state makes refuse, or makes a no-op, is decided again on the stream as
 * stored before it answers.
 */
export class Commands {
  private readonly cache: StreamStateCache;
  /** The command running for each Idempotency-Key, so a second one with the key waits for it. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly store: EventStore, cachedStreams = DEFAULT_CACHED_STREAMS) {
    this.cache = new StreamStateCache(cachedStreams);
  }

  /** A command on the stream `streamId`. */
  handle<TCommand, TState, TEvent extends DomainEvent, TContext, TBody>(
    decider: Decider<TCommand, TState, TEvent, TContext>, streamId: string, command: TCommand, meta: CommandMeta,
    answering: Answering<TState, TEvent, TContext, TBody>,
  ): Promise<CommandResponse<TBody>>;
  /** A command that creates a stream under a number drawn for it; the command is built for the number. */
  handle<TCommand, TState, TEvent extends DomainEvent, TContext, TBody>(
    decider: Decider<TCommand, TState, TEvent, TContext>, stream: NumberedStream, command: (number: string) => TCommand, meta: CommandMeta,
    answering: Answering<TState, TEvent, TContext, TBody>,
  ): Promise<CommandResponse<TBody>>;
  async handle<TCommand, TState, TEvent extends DomainEvent, TContext, TBody>(
    decider: Decider<TCommand, TState, TEvent, TContext>, stream: string | NumberedStream, command: TCommand | ((number: string) => TCommand),
    meta: CommandMeta, answering: Answering<TState, TEvent, TContext, TBody>,
  ): Promise<CommandResponse<TBody>> {
    const key = meta.idempotency?.key;
    if (key === undefined) return this.handleOnce(decider, stream, command, meta, answering);
    // One command per key at a time in this process: a retry sent while its first attempt is still
    // queued waits for it and gets its answer, instead of drawing a case number of its own.
    const earlier = this.inFlight.get(key);
    const run = (async () => {
      if (earlier) await earlier.then(() => undefined, () => undefined);
      return this.handleOnce(decider, stream, command, meta, answering);
    })();
    this.inFlight.set(key, run);
    try {
      return await run;
    } finally {
      if (this.inFlight.get(key) === run) this.inFlight.delete(key);
    }
  }

  private async handleOnce<TCommand, TState, TEvent extends DomainEvent, TContext, TBody>(
    decider: Decider<TCommand, TState, TEvent, TContext>, stream: string | NumberedStream, command: TCommand | ((number: string) => TCommand),
    meta: CommandMeta, answering: Answering<TState, TEvent, TContext, TBody>,
  ): Promise<CommandResponse<TBody>> {
    const replay = await this.replayed<TBody>(meta);
    if (replay) return replay;
    const context = answering.context ?? ({ now: meta.now } satisfies DecisionContext as TContext);
    if (typeof stream === 'string') return this.decideAndAppend(decider, stream, command as TCommand, context, meta, answering.respond);
    const commandFor = command as (number: string) => TCommand;
    try {
      return await stream.withNewNumber((number) =>
        this.decideAndAppend(decider, stream.streamIdOf(number), commandFor(number), context, meta, answering.respond, true));
    } catch (error) {
      // Another process stored this key first: the number drawn here went back to the source (withNewNumber gives back a number whose attempt failed).
      if (error instanceof IdempotencyKeyTakenError) return (await this.replayed<TBody>(meta)) as CommandResponse<TBody>;
      throw error;
    }
  }

  /**
   * Decides `command` on the stream as stored and throws the refusal, if any, without appending:
   * for a command that must claim something elsewhere first (a bank receipt) only when it will be
   * accepted, so a refused command leaves nothing behind.
   */
  async refusalOf<TCommand, TState, TEvent extends DomainEvent, TContext>(
    decider: Decider<TCommand, TState, TEvent, TContext>, streamId: string, command: TCommand, context: TContext,
  ): Promise<void> {
    const { state } = await this.fold(decider, streamId);
    decider.decide(command, state, context);
  }

  /**
   * A stream's state as last written (from the cache) or as stored, deciding nothing: for a
   * choice made before a command (which of a window's queues to call from). The command that
   * follows is decided on its stream as usual, so a stale choice is refused, never appended.
   */
  async stateOf<TCommand, TState, TEvent extends DomainEvent, TContext>(decider: Decider<TCommand, TState, TEvent, TContext>, streamId: string): Promise<TState> {
    return (this.cache.get<TState>(streamId, decider.evolve) ?? await this.fold(decider as Decider<unknown, TState, TEvent, unknown>, streamId)).state;
  }

  private async decideAndAppend<TCommand, TState, TEvent extends DomainEvent, TContext, TBody>(
    decider: Decider<TCommand, TState, TEvent, TContext>, streamId: string, command: TCommand, context: TContext, meta: CommandMeta,
    respond: Respond<TState, TEvent, TBody>, numbered = false,
  ): Promise<CommandResponse<TBody>> {
    // A stream under a freshly drawn number is new but for a clash: decided as new without reading it, and the
    // append's "no stream" proves it (a clash fails it, and the command decides again on the stream as stored).
    let cached: { state: TState; revision: number | undefined } | undefined = this.cache.get<TState>(streamId, decider.evolve)
      ?? (numbered ? { state: decider.initialState(), revision: undefined } : undefined);
    for (let attempt = 1; ; ) {
      const { state, revision } = cached ?? await this.fold(decider, streamId);
      const fromCache = cached !== undefined;
      cached = undefined;
      let events: TEvent[];
      try {
        events = decider.decide(command, state, context);
      } catch (error) {
        if (fromCache) continue;
        throw error;
      }
      if (events.length === 0 && fromCache) continue;
      const after = events.reduce((s, e) => decider.evolve(s, e), state);
      const response = respond(after, events);
      if (events.length === 0) return response;
      try {
        const result = await this.store.append(streamId, events.map((event) => toNewEvent(event, meta)), {
          expectedRevision: revision ?? 'no_stream',
          idempotency: meta.idempotency && { ...meta.idempotency, response },
        });
        if (result.duplicate) this.cache.forget(streamId);
        else this.cache.set(streamId, { evolve: decider.evolve, revision: result.nextExpectedRevision, state: after });
        return response;
      } catch (error) {
        this.cache.forget(streamId);
        if (error instanceof IdempotencyKeyTakenError) {
          if (numbered) throw error;
          return (await this.replayed<TBody>(meta)) as CommandResponse<TBody>;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (fromCache) continue;
        if (attempt >= MAX_ATTEMPTS) {
          throw new RuleViolation('STORE.CONCURRENT_UPDATE', 'OneWriterAtATime', `${streamId} kept changing while this command was decided; retry`, 'conflict');
        }
        attempt += 1;
      }
    }
  }

  /** The stream as stored, folded; `revision` is undefined for a stream not written yet. */
  private async fold<TState, TEvent extends DomainEvent>(
    decider: Decider<unknown, TState, TEvent, unknown>, streamId: string,
  ): Promise<{ state: TState; revision: number | undefined }> {
    const history = await this.store.readStream(streamId);
    return {
      state: history.reduce((s, e) => decider.evolve(s, asDomainEvent<TEvent>(e)), decider.initialState()),
      revision: history.length === 0 ? undefined : history[history.length - 1].revision,
    };
  }

  /** The stored answer of an earlier command with the same Idempotency-Key, if any. */
  private async replayed<TBody>(meta: CommandMeta): Promise<CommandResponse<TBody> | undefined> {
    if (!meta.idempotency) return undefined;
    const record = await this.store.findIdempotencyRecord(meta.idempotency.key);
    if (!record) return undefined;
    if (record.requestHash !== meta.idempotency.requestHash) throw new IdempotencyKeyReusedError(meta.idempotency.key);
    return record.response as CommandResponse<TBody>;
  }
}

/** A decider that decides nothing (records no event) unless `applies` holds for the state: for commands meant to be harmless when repeated. */
export function onlyWhen<TCommand, TState, TEvent, TContext>(
  decider: Decider<TCommand, TState, TEvent, TContext>, applies: (state: TState) => boolean,
): Decider<TCommand, TState, TEvent, TContext> {
  return { ...decider, decide: (command, state, context) => (applies(state) ? decider.decide(command, state, context) : []) };
}

/** A decider that first runs `check` on the state (an access check that needs the stream's owner); it throws to refuse. */
export function checkedFirst<TCommand, TState, TEvent, TContext>(
  decider: Decider<TCommand, TState, TEvent, TContext>, check: (state: TState) => void,
): Decider<TCommand, TState, TEvent, TContext> {
  return { ...decider, decide: (command, state, context) => (check(state), decider.decide(command, state, context)) };
}

/**
 * Event ids are time-ordered UUIDs (v7): the store's unique index on them then grows at its
 * end like the log itself, instead of taking each new id at a random page (docs/decisions).
 */
export function toNewEvent(event: DomainEvent, meta: CommandMeta): NewEvent {
  return {
    id: timeOrderedUuid(),
    type: event.type,
    schemaVersion: SCHEMA_VERSION,
    data: event.data,
    metadata: { occurredAt: occurredAt(event, meta), correlationId: meta.correlationId, causationId: meta.causationId, actor: meta.actor },
  };
}

function occurredAt(event: DomainEvent, meta: CommandMeta): string {
  const at = (event.data as { at?: unknown }).at;
  return typeof at === 'string' ? at : meta.now;
}

export function asDomainEvent<TEvent extends DomainEvent>(stored: StoredEvent): TEvent {
  return { type: stored.type, data: stored.data } as TEvent;
}
