import type { CryptoSuite } from '../audit/crypto-suite';
import { eventHash } from './audit/record-hash';

/** One row of the `events` table as SQLite holds it (the columns of `EVENT_ROW_COLUMNS`; `hash` apart). */
export interface EventRow {
  readonly position: number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly schema_version: number;
  /** JSON text, byte for byte what the hash vouches for. */
  readonly data: string;
  readonly metadata: string;
  readonly occurred_at: string;
  readonly recorded_at: string;
}

export const EVENT_ROW_COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at';

/** The tamper-evident record's hash of a row, chained to `previous`: the hash of the event before it in its stream (null for the first). */
export function hashOfRow(row: EventRow, previous: string | null, suite: CryptoSuite = 'international'): string {
  return eventHash({
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    previous,
  }, suite);
}
