import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { StreamNotFoundError, WrongExpectedVersionError, type AppendExpectedRevision, type EventData, type Position } from '@eventstore/db-client';
import type { EsdbClient } from './eventstoredb-event-store';

interface FakeRecord {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: bigint;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: true;
  readonly position: Position;
}

/**
 * An in-memory imitation of the part of the EventStoreDB gRPC client the adapter uses, with
 * the server's observable behaviour as documented: positions are byte offsets in one log
 * (large, with gaps, commit = prepare for each event); $all also holds system events, which
 * this fake writes between appends; reading $all forwards from a position includes the event
 * at it, backwards excludes it; a missing stream is StreamNotFoundError; a wrong expected
 * revision is WrongExpectedVersionError. It lets the contract suite run the adapter's own
 * logic here; it proves nothing about the real server's behaviour, which only a run against
 * a server (ESDB_CONNECTION_STRING) does.
 */
export class FakeEventStoreDbClient {
  private readonly log: FakeRecord[] = [];
  private readonly streams = new Map<string, FakeRecord[]>();
  private readonly live = new EventEmitter();
  private offset = 1024n;
  private writes = 0;
  /** Set to make the next events append fail as a lost connection would. */
  failNextAppend: Error | undefined;

  asClient(): EsdbClient {
    return this as unknown as EsdbClient;
  }

  async appendToStream(streamId: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) {
    await Promise.resolve();
    const failure = this.failNextAppend;
    if (failure && !streamId.startsWith('idempotency-')) {
      this.failNextAppend = undefined;
      throw failure;
    }
    const list = Array.isArray(events) ? events : [events];
    const stream = this.streams.get(streamId);
    const current = stream ? BigInt(stream.length - 1) : ('no_stream' as const);
    const expected = options.expectedRevision ?? 'any';
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      (typeof expected === 'bigint' && current === expected);
    if (!matches) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current });
    let last: FakeRecord | undefined;
    for (const event of list) last = this.write(streamId, event.type, event.data, event.metadata, event.id);
    if (++this.writes % 3 === 0) this.write(`$stats-127.0.0.1:2113`, '$statsCollected', { proc: 1 }, undefined);
    const written = this.streams.get(streamId)!;
    return { success: true, nextExpectedRevision: BigInt(written.length - 1), position: last!.position };
  }

  readStream(streamId: string, options: { fromRevision?: unknown; direction?: string } = {}): Readable {
    const stream = this.streams.get(streamId);
    if (!stream) return Readable.from(failing(new StreamNotFoundError(undefined, streamId)));
    const events = options.direction === 'backwards' ? [...stream].reverse() : [...stream];
    return Readable.from(events.map((event) => ({ event })));
  }

  readAll(options: { fromPosition?: 'start' | 'end' | Position; direction?: string; maxCount?: number | bigint } = {}): Readable {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? 'start';
    let records: FakeRecord[];
    if (options.direction === 'backwards') {
      const before = from === 'end' ? Infinity : from === 'start' ? -Infinity : Number(from.commit);
      records = this.log.filter((record) => Number(record.position.commit) < before).reverse();
    } else {
      const since = from === 'start' ? -Infinity : from === 'end' ? Infinity : Number(from.commit);
      records = this.log.filter((record) => Number(record.position.commit) >= since);
    }
    return Readable.from(records.slice(0, max).map((event) => ({ event, commitPosition: event.position.commit })));
  }

  subscribeToAll(): EventEmitter & { unsubscribe(): Promise<void> } {
    const subscription = Object.assign(new EventEmitter(), {
      unsubscribe: async () => void this.live.off('record', forward),
    });
    const forward = (record: FakeRecord) => subscription.emit('data', { event: record });
    this.live.on('record', forward);
    return subscription;
  }

  async dispose(): Promise<void> {
    this.live.removeAllListeners();
  }

  private write(streamId: string, type: string, data: unknown, metadata: unknown, id: string = randomUUID()): FakeRecord {
    const stream = this.streams.get(streamId) ?? [];
    // Through JSON, as over the wire.
    const record: FakeRecord = {
      id, streamId, type, revision: BigInt(stream.length), created: new Date(), isJson: true,
      data: JSON.parse(JSON.stringify(data)) as unknown,
      metadata: metadata === undefined ? undefined : (JSON.parse(JSON.stringify(metadata)) as unknown),
      position: { commit: this.offset, prepare: this.offset },
    };
    this.offset += 137n + BigInt(JSON.stringify(data).length);
    stream.push(record);
    this.streams.set(streamId, stream);
    this.log.push(record);
    setImmediate(() => this.live.emit('record', record));
    return record;
  }
}

// eslint-disable-next-line require-yield
async function* failing(error: Error): AsyncGenerator<never> {
  throw error;
}
