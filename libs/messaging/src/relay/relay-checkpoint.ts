import Database from 'better-sqlite3';

/** Another relay already publishes from this store (it holds the checkpoint file's lock). */
export class RelayLockedError extends Error {
  readonly code = 'RELAY.LOCKED';
  constructor(readonly file: string) {
    super(`another relay holds ${file}`);
  }
}

/**
 * The relay's position in the store's global log, in its own small SQLite file
 * (DATA_DIR/relay.sqlite), written only after the transport acknowledged everything up to it.
 *
 * The connection keeps an exclusive lock on the file for its whole life: at most one relay
 * publishes per store, so the in-engine relay and a relay process beside it never both
 * publish; the second waits as a standby and takes over when the first stops or dies (the
 * operating system drops the lock with the process).
 */
export class RelayCheckpoint {
  private readonly read: Database.Statement<[], number>;
  private readonly write: Database.Statement<[number]>;

  private constructor(private readonly db: Database.Database) {
    this.read = db.prepare<[], number>('SELECT position FROM relay_checkpoint WHERE id = 1').pluck();
    this.write = db.prepare<[number]>('UPDATE relay_checkpoint SET position = ? WHERE id = 1');
  }

  /** Throws `RelayLockedError` at once when another relay holds the file. */
  static open(file: string): RelayCheckpoint {
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('synchronous = FULL');
      // The first write takes the exclusive lock, and EXCLUSIVE mode never gives it back.
      db.exec(`BEGIN EXCLUSIVE;
        CREATE TABLE IF NOT EXISTS relay_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
        INSERT INTO relay_checkpoint (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        COMMIT;`);
      return new RelayCheckpoint(db);
    } catch (error) {
      db.close();
      // By code, not `instanceof SqliteError`: the native addon keeps the first SqliteError class it
      // was given, which is another one when the module is loaded twice (as jest does per test file).
      if (/^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))) throw new RelayLockedError(file);
      throw error;
    }
  }

  position(): number {
    return this.read.get() ?? 0;
  }

  save(position: number): void {
    this.write.run(position);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
