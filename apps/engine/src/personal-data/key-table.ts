/** A new person's key, as the vault stores it (wrapped by the master key). */
export interface PersonKeyRow {
  readonly personId: string;
  /** The keyed hash of the person's ID number, or null for someone without one. */
  readonly blindIndex: string | null;
  readonly wrappedKey: Buffer;
}

/**
 * Where the vault keeps the persons' wrapped keys: a SQLite file under DATA_DIR (the embedded
 * default) or a PostgreSQL table every API instance shares. Never the event store.
 */
export interface KeyTable {
  byBlindIndex(blindIndex: string): Promise<{ personId: string; wrappedKey: Buffer } | undefined>;
  wrappedKeyOf(personId: string): Promise<Buffer | undefined>;
  /**
   * Stores new keys durably in one commit. A row whose blind index another process stored
   * first is not stored: the answer maps its person id to the person already there, whose key
   * the caller uses instead.
   */
  insert(rows: readonly PersonKeyRow[]): Promise<Map<string, { personId: string; wrappedKey: Buffer }>>;
  /** Deletes the key and leaves no readable copy where the table can see to it; true if there was one. */
  delete(personId: string): Promise<boolean>;
  close(): Promise<void>;
}
