import type { PoolClient } from 'pg';

/** Any number works: every process of one deployment takes the same advisory lock around the event store's DDL. */
const MIGRATION_LOCK = 4_207_316;

/**
 * Schema migrations, applied in order; `event_store_schema.version` holds how many ran. Never
 * edit a released entry: append a new one.
 *
 * `data` and `metadata` are TEXT, not JSONB: the tamper-evident record hashes the JSON text byte
 * for byte (audit/record-hash.ts), and JSONB would rewrite it (key order, spaces, numbers).
 * `log_head` is the log's single row: every append transaction locks it first and holds it to its
 * commit, so positions are assigned, and become visible, in order (docs/decisions/0070).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position       BIGINT  PRIMARY KEY,
     event_id       TEXT    NOT NULL UNIQUE,
     stream_id      TEXT    NOT NULL,
     revision       INTEGER NOT NULL,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT    NOT NULL,
     occurred_at    TEXT    NOT NULL,
     recorded_at    TEXT    NOT NULL,
     hash           TEXT    NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE INDEX events_type_position ON events (type, position);
   CREATE TABLE streams (
     stream_id TEXT    PRIMARY KEY,
     revision  INTEGER NOT NULL,
     hash      TEXT    NOT NULL
   );
   CREATE TABLE idempotency (
     key          TEXT   PRIMARY KEY,
     request_hash TEXT   NOT NULL,
     response     TEXT   NOT NULL,
     position     BIGINT
   );
   CREATE TABLE seals (
     seq       INTEGER PRIMARY KEY,
     position  BIGINT  NOT NULL,
     reason    TEXT    NOT NULL,
     sealed_at TEXT    NOT NULL,
     hash      TEXT    NOT NULL
   );
   CREATE TABLE log_head (
     singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
     position  BIGINT  NOT NULL
   );
   INSERT INTO log_head (singleton, position) VALUES (TRUE, 0);`,
];

/** Creates the schema (when given) and runs the migrations not run yet, under an advisory lock; returns whether the store is new. */
export async function migrateEventStore(client: PoolClient, schema: string | undefined): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS event_store_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM event_store_schema');
    const version = rows[0]?.version ?? 0;
    if (version > MIGRATIONS.length) throw new Error(`event store schema v${version} is newer than this code (v${MIGRATIONS.length})`);
    for (const migration of MIGRATIONS.slice(version)) await client.query(migration);
    if (rows.length === 0) await client.query('INSERT INTO event_store_schema (version) VALUES ($1)', [MIGRATIONS.length]);
    else await client.query('UPDATE event_store_schema SET version = $1', [MIGRATIONS.length]);
    await client.query('COMMIT');
    return version === 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
