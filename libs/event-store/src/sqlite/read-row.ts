import type { EventMetadata, StoredEvent } from '../event-store.port';
import type { EventRow } from './event-row';

/** The columns the store reads back: every column but `occurred_at` (the metadata holds it too). */
export const READ_COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at';

/**
 * A row as the store reads it, in READ_COLUMNS' order. Read as arrays (better-sqlite3's raw
 * mode): a row built as an object with named keys costs more (docs/decisions/0024).
 */
export type ReadRow = [
  position: EventRow['position'], eventId: EventRow['event_id'], streamId: EventRow['stream_id'], revision: EventRow['revision'],
  type: EventRow['type'], schemaVersion: EventRow['schema_version'], data: EventRow['data'], metadata: EventRow['metadata'],
  recordedAt: EventRow['recorded_at'],
];

/** The same row with `data` and `metadata` parsed, as a page of read-ahead JSON holds it. */
type ParsedRow = [position: number, eventId: string, streamId: string, revision: number, type: string, schemaVersion: number,
  data: unknown, metadata: EventMetadata, recordedAt: string];

export function toStoredEvent(row: ReadRow): StoredEvent {
  return storedEvent(row, JSON.parse(row[6]) as unknown, JSON.parse(row[7]) as EventMetadata);
}

/**
 * The columns a page worker's events are read with (see toStoredEventLazily), and the rest of
 * the row, read by its position only when the work asks for it.
 */
export const LAZY_COLUMNS = 'position, stream_id, revision, type, schema_version, data';
export const REST_OF_ROW_COLUMNS = 'event_id, metadata, recorded_at';

export type LazyRow = [position: EventRow['position'], streamId: EventRow['stream_id'], revision: EventRow['revision'],
  type: EventRow['type'], schemaVersion: EventRow['schema_version'], data: EventRow['data']];
export type RestOfRow = [eventId: EventRow['event_id'], metadata: EventRow['metadata'], recordedAt: EventRow['recorded_at']];

/**
 * The event of a row read for a page worker on the reading thread, whose work mostly reads
 * `type`, `streamId` and `data` alone: its id, metadata and time of recording are read (by
 * `readRest`) and parsed only when first asked for. Reading those three strings for every
 * event took a third of the thread's reading, and parsing the metadata a tenth of a replay.
 * So a metadata column that is not JSON fails only where it is read: a replay's work reads the
 * case events' data alone (`npm run audit:verify` checks every row).
 * Those three are getters of the class, not the object's own properties: a work that returns
 * events returns `plainEvent(event)` (event-store.port.ts); one that returns the event itself
 * fails as it is posted (see `notCopyable`), never delivering it without them.
 */
export function toStoredEventLazily(row: LazyRow, readRest: (position: number) => RestOfRow | undefined): StoredEvent {
  return new LazilyReadEvent(row, readRest);
}

class LazilyReadEvent implements StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  /**
   * A function, which a structured clone refuses: an own property, the only kind a copy takes,
   * so copying the event between threads fails instead of leaving its metadata behind.
   */
  readonly notCopyable = notCopyable;
  readonly #readRest: (position: number) => RestOfRow | undefined;
  #rest: { id: string; metadata: EventMetadata; recordedAt: string } | undefined;

  constructor(row: LazyRow, readRest: (position: number) => RestOfRow | undefined) {
    this.type = row[3];
    this.schemaVersion = row[4];
    this.data = JSON.parse(row[5]) as unknown;
    this.streamId = row[1];
    this.revision = row[2];
    this.position = row[0];
    this.#readRest = readRest;
    this.#rest = undefined;
  }

  get id(): string {
    return this.rest().id;
  }

  get metadata(): EventMetadata {
    return this.rest().metadata;
  }

  get recordedAt(): string {
    return this.rest().recordedAt;
  }

  private rest(): { id: string; metadata: EventMetadata; recordedAt: string } {
    if (this.#rest === undefined) {
      const row = this.#readRest(this.position);
      if (!row) throw new Error(`the event at position ${this.position} is no longer in the log`);
      this.#rest = { id: row[0], metadata: JSON.parse(row[1]) as EventMetadata, recordedAt: row[2] };
    }
    return this.#rest;
  }
}

function notCopyable(): void {}

/**
 * Rows per piece of a page's JSON: a piece of 64 events (some 40-90 KB) stays under V8's
 * large-object size, so it is made and dropped in the young generation; a whole page as one
 * string (3-7 MB) was mapped fresh each time, in both threads, and the page faults cost
 * seconds of system time over a year's replay.
 */
const ROWS_PER_PIECE = 64;

/**
 * A page of rows as JSON texts of ROWS_PER_PIECE rows each, `data` and `metadata` set in as
 * stored (they are JSON already): the read-ahead thread's message. A string crosses between
 * threads as a copy of its bytes, where parsed events would be cloned object by object; the
 * reader parses each piece in one JSON.parse, about what parsing each event's two columns
 * would cost.
 */
export function pageToJson(rows: readonly ReadRow[]): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_PIECE) {
    const end = Math.min(start + ROWS_PER_PIECE, rows.length);
    const parts = new Array<string>(end - start);
    for (let i = start; i < end; i += 1) {
      const [position, eventId, streamId, revision, type, schemaVersion, data, metadata, recordedAt] = rows[i];
      parts[i - start] = `[${position},${JSON.stringify(eventId)},${JSON.stringify(streamId)},${revision},${JSON.stringify(type)},` +
        `${schemaVersion},${data},${metadata},${JSON.stringify(recordedAt)}]`;
    }
    pieces.push(`[${parts.join(',')}]`);
  }
  return pieces;
}

/**
 * The events of a page, checked against what the thread read: `count` rows of nine fields, in
 * strictly increasing positions after `after`. A column whose text is not one JSON value (a
 * row edited by hand, say `1,2` as data) would shift or add rows instead of failing to parse,
 * as JSON.parse of the column alone does.
 */
export function pageFromJson(pieces: readonly string[], count: number, after: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let last = after;
  for (const piece of pieces) {
    for (const row of JSON.parse(piece) as ParsedRow[]) {
      if (!Array.isArray(row) || row.length !== 9 || typeof row[0] !== 'number' || row[0] <= last) {
        throw new Error(`a page of the log after position ${after} does not read back as its rows: a stored column is not one JSON value`);
      }
      last = row[0];
      events.push(storedEvent(row, row[6], row[7]));
    }
  }
  if (events.length !== count) throw new Error(`a page of the log after position ${after} read back as ${events.length} events, not ${count}`);
  return events;
}

/** Every StoredEvent the store makes has this one shape (its keys in this order). */
function storedEvent(row: ReadRow | ParsedRow, data: unknown, metadata: EventMetadata): StoredEvent {
  return {
    id: row[1],
    type: row[4],
    schemaVersion: row[5],
    data,
    metadata,
    streamId: row[2],
    revision: row[3],
    position: row[0],
    recordedAt: row[8],
  };
}
