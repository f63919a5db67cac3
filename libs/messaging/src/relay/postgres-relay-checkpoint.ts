import { Client, types } from 'pg';
import { RelayLockedError } from './relay-checkpoint';

export interface PostgresRelayCheckpointLocation {
  readonly connectionString: string;
  /** The event store's schema: the checkpoint lives beside the log it counts in. */
  readonly schema?: string;
}

const NUMBERS_AS_NUMBERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  },
};

/**
 * The relay's checkpoint on PostgreSQL (the event store's database, EVENT_STORE=postgres), for
 * relays on several machines: a row in `relay_checkpoint`, and a session advisory lock held by the
 * connection for its whole life, as the SQLite checkpoint holds its file's lock: at most one
 * relay publishes per store; the others stand by and take over when its connection ends (the
 * server drops a dead process's session, and its lock with it).
 *
 * The position is kept in memory too (only the lock's holder writes it). When the connection is
 * lost, so may be the lock: `save` then fails, and the relay stands by again (relay.ts).
 */
export class PostgresRelayCheckpoint {
  private current: number;
  private lost: Error | undefined;

  private constructor(private readonly client: Client, position: number) {
    this.current = position;
    client.on('error', (error) => {
      this.lost = error;
    });
  }

  /** Throws `RelayLockedError` at once when another relay holds the lock. */
  static async open(location: PostgresRelayCheckpointLocation): Promise<PostgresRelayCheckpoint> {
    const schema = location.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`relay checkpoint schema "${schema}": lower-case letters, digits and _ only`);
    const client = new Client({
      connectionString: location.connectionString, types: NUMBERS_AS_NUMBERS,
      options: `-c synchronous_commit=on${schema ? ` -c search_path=${schema}` : ''}`,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const name = `gov-relay:${schema ?? 'public'}`;
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
      if (!rows[0].locked) throw new RelayLockedError(`PostgreSQL advisory lock ${name}`);
      await client.query(`CREATE TABLE IF NOT EXISTS relay_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position BIGINT NOT NULL);
        INSERT INTO relay_checkpoint (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
      const position = await client.query<{ position: number }>('SELECT position FROM relay_checkpoint WHERE id = 1');
      return new PostgresRelayCheckpoint(client, position.rows[0].position);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  position(): number {
    return this.current;
  }

  async save(position: number): Promise<void> {
    if (this.lost) throw new Error(`the relay's connection to PostgreSQL was lost, and its lock with it: ${this.lost.message}`);
    await this.client.query('UPDATE relay_checkpoint SET position = $1 WHERE id = 1', [position]);
    this.current = position;
  }

  /** Whether the lock may be gone (the connection failed): the relay must stand by again. */
  isLost(): boolean {
    return this.lost !== undefined;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
