import { Pool } from 'pg';
import type { KeyTable, PersonKeyRow } from './key-table';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS person_keys (
  person_id TEXT PRIMARY KEY,
  blind_index TEXT UNIQUE,
  wrapped_key BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/**
 * The keys in PostgreSQL, for several API instances on several machines: an applicant received
 * at one instance is unsealed by another. Commits wait for the server's WAL flush (the
 * default synchronous_commit), so a key is durable before the event that needs it is appended.
 *
 * Erasure: the row is deleted and the table vacuumed, so its space is reused; PostgreSQL has
 * no secure delete, and the old row may linger on disk until overwritten and in WAL archives
 * and backups for their retention (README, "Personal data"). What lingers is the key wrapped by
 * the master key, which never leaves the API's machines.
 */
export class PostgresKeyTable implements KeyTable {
  private constructor(private readonly pool: Pool) {}

  static async open(connectionString: string, schema?: string): Promise<PostgresKeyTable> {
    const pool = new Pool({ connectionString, max: 4, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    pool.on('error', () => undefined);
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(() => undefined);
    await pool.query(SCHEMA).catch(async (error: { code?: string }) => {
      // Two instances creating the table at once: the loser finds it made.
      if (error.code !== '23505' && error.code !== '42P07') throw error;
    });
    return new PostgresKeyTable(pool);
  }

  async byBlindIndex(blindIndex: string) {
    const { rows } = await this.pool.query<{ person_id: string; wrapped_key: Buffer }>(
      'SELECT person_id, wrapped_key FROM person_keys WHERE blind_index = $1', [blindIndex]);
    return rows[0] && { personId: rows[0].person_id, wrappedKey: rows[0].wrapped_key };
  }

  async wrappedKeyOf(personId: string) {
    const { rows } = await this.pool.query<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM person_keys WHERE person_id = $1', [personId]);
    return rows[0]?.wrapped_key;
  }

  async insert(rows: readonly PersonKeyRow[]) {
    const client = await this.pool.connect();
    const existing = new Map<string, { personId: string; wrappedKey: Buffer }>();
    try {
      await client.query('BEGIN');
      for (const row of rows) {
        const inserted = await client.query(
          'INSERT INTO person_keys (person_id, blind_index, wrapped_key) VALUES ($1, $2, $3) ON CONFLICT (blind_index) DO NOTHING',
          [row.personId, row.blindIndex, row.wrappedKey]);
        if (inserted.rowCount === 0 && row.blindIndex) {
          // Another instance stored this ID number's person first (its insert committed): use that one.
          const { rows: [winner] } = await client.query<{ person_id: string; wrapped_key: Buffer }>(
            'SELECT person_id, wrapped_key FROM person_keys WHERE blind_index = $1', [row.blindIndex]);
          existing.set(row.personId, { personId: winner.person_id, wrappedKey: winner.wrapped_key });
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return existing;
  }

  async delete(personId: string) {
    const { rowCount } = await this.pool.query('DELETE FROM person_keys WHERE person_id = $1', [personId]);
    await this.pool.query('VACUUM person_keys');
    return (rowCount ?? 0) > 0;
  }

  async close() {
    await this.pool.end();
  }
}
