import { Client, types } from 'pg';
import { EVENT_ROW_COLUMNS } from '../sqlite/event-row';
import { type AuditReport, type EventRow, LogAudit, type StreamHeadRow, type VerifyOptions } from '../sqlite/audit/verify-event-log';
import { UNSIGNED_SEAL_ROW_COLUMNS, type SealRow } from '../sqlite/audit/seals';

export interface PostgresLogLocation {
  readonly connectionString: string;
  readonly schema?: string;
}

const PAGE = 5000;

const NUMBERS_AS_NUMBERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  },
};

/**
 * The same audit as `verifyEventLog` (audit/verify-event-log.ts: every check, the same findings)
 * over the PostgreSQL store, in one read-only snapshot: safe while the engine appends. The
 * counter it checks the log's end against is the store's `log_head`.
 */
export async function verifyPostgresEventLog(location: PostgresLogLocation, options: VerifyOptions = {}): Promise<AuditReport> {
  if (location.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(location.schema)) throw new Error(`event-store schema "${location.schema}": lower-case letters, digits and _ only`);
  const client = new Client({ connectionString: location.connectionString, types: NUMBERS_AS_NUMBERS,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}) });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const exists = await client.query("SELECT to_regclass('log_head') AS head");
    if (exists.rows[0].head === null) throw new Error(`no PostgreSQL event store in ${location.schema ?? 'the search path'}: open it once with the engine`);
    const seals = await client.query<SealRow>(`SELECT ${UNSIGNED_SEAL_ROW_COLUMNS} FROM seals ORDER BY seq`);
    const audit = new LogAudit(seals.rows, options);
    const counter = await client.query<{ position: number }>('SELECT position FROM log_head');
    const total = counter.rows[0]?.position ?? 0;
    let checked = 0;
    for (let after = 0; ;) {
      const page = await client.query<EventRow>(`SELECT ${EVENT_ROW_COLUMNS}, hash FROM events WHERE position > $1 ORDER BY position LIMIT ${PAGE}`, [after]);
      for (const row of page.rows) audit.event(row);
      checked += page.rows.length;
      options.onProgress?.(checked, total);
      if (page.rows.length < PAGE) break;
      after = page.rows[page.rows.length - 1].position;
    }
    const heads = await client.query<StreamHeadRow>('SELECT stream_id, revision, hash FROM streams');
    await client.query('COMMIT');
    return audit.finish(heads.rows, counter.rows[0]?.position ?? 0);
  } finally {
    await client.end();
  }
}
