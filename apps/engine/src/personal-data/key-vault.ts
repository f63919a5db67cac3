import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { PersonalFields, SealedPersonalData } from '@gov/domain';
import { KeyWrapper, open, seal } from './master-key';
import type { PersonalDataVault } from './personal-data-vault';

const ENVELOPE_PREFIX = 'pd1.';
const CACHED_KEYS = 50_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS person_keys (
  person_id TEXT PRIMARY KEY,
  -- The keyed hash of the person's ID number: how their next case finds the same key. Erased with the key.
  blind_index TEXT UNIQUE,
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL
);
`;

interface NewPerson {
  readonly personId: string;
  readonly blindIndex: string | null;
  readonly dataKey: Buffer;
}

/**
 * The embedded default's vault: a key per person in a SQLite file of its own under DATA_DIR
 * (never in the event store), each data key wrapped by the master key; fields sealed with
 * AES-256-GCM, bound to the person's id.
 *
 * Durability: a new person's key is committed (synchronous FULL) before `seal` resolves, and
 * the command appends its event only after that, so a crash leaves at worst a key with nothing
 * sealed under it, never an event without its key. New keys of the same moment share one
 * commit (one fsync), as the event store's group commit does.
 *
 * Erasure: `secure_delete` overwrites the erased row in the file, and the WAL is checkpointed
 * and truncated so no older copy of the page stays in it.
 */
export class LocalKeyVault implements PersonalDataVault {
  private readonly db: Database.Database;
  private readonly keys = new Map<string, Buffer>();
  /** New persons by blind index, until committed: two receipts of one new person at once get one key. */
  private readonly creating = new Map<string, Promise<NewPerson>>();
  private queue: { person: NewPerson; done: (error?: unknown) => void }[] = [];

  private constructor(file: string, private readonly wrapper: KeyWrapper) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
  }

  static open(file: string, wrapper: KeyWrapper): LocalKeyVault {
    return new LocalKeyVault(file, wrapper);
  }

  async seal(fields: PersonalFields, identity: string | null): Promise<SealedPersonalData> {
    const { personId, dataKey } = await this.personFor(identity);
    const plaintext = Buffer.from(JSON.stringify(fields), 'utf8');
    return { personId, sealed: ENVELOPE_PREFIX + seal(dataKey, plaintext, Buffer.from(personId)).toString('base64url') };
  }

  async unseal({ personId, sealed }: SealedPersonalData): Promise<PersonalFields | null> {
    if (!sealed.startsWith(ENVELOPE_PREFIX)) return null;
    const dataKey = this.keyOf(personId);
    if (!dataKey) return null;
    const plaintext = open(dataKey, Buffer.from(sealed.slice(ENVELOPE_PREFIX.length), 'base64url'), Buffer.from(personId));
    return JSON.parse(plaintext.toString('utf8')) as PersonalFields;
  }

  async holdsKeyOf(personId: string): Promise<boolean> {
    return this.keyOf(personId) !== undefined;
  }

  async shred(personId: string): Promise<boolean> {
    this.keys.delete(personId);
    const { changes } = this.db.prepare('DELETE FROM person_keys WHERE person_id = ?').run(personId);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Nest closes it with the application. */
  onApplicationShutdown(): void {
    this.close();
  }

  private async personFor(identity: string | null): Promise<NewPerson> {
    const blindIndex = identity ? this.wrapper.blindIndex(identity) : null;
    if (blindIndex) {
      const known = this.db.prepare<[string], { person_id: string }>('SELECT person_id FROM person_keys WHERE blind_index = ?').get(blindIndex);
      const dataKey = known && this.keyOf(known.person_id);
      if (known && dataKey) return { personId: known.person_id, blindIndex, dataKey };
      const pending = this.creating.get(blindIndex);
      if (pending) return pending;
    }
    const person: NewPerson = { personId: randomUUID(), blindIndex, dataKey: randomBytes(32) };
    const created = this.persist(person).then(() => person);
    if (blindIndex) {
      this.creating.set(blindIndex, created);
      void created.finally(() => this.creating.delete(blindIndex)).catch(() => undefined);
    }
    return created;
  }

  private keyOf(personId: string): Buffer | undefined {
    const cached = this.keys.get(personId);
    if (cached) return cached;
    const row = this.db.prepare<[string], { wrapped_key: Buffer }>('SELECT wrapped_key FROM person_keys WHERE person_id = ?').get(personId);
    if (!row) return undefined;
    const dataKey = this.wrapper.unwrap(row.wrapped_key);
    this.remember(personId, dataKey);
    return dataKey;
  }

  private remember(personId: string, dataKey: Buffer): void {
    if (this.keys.size >= CACHED_KEYS) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(personId, dataKey);
  }

  /** Queues the new key; the keys queued in this turn of the event loop are committed together. */
  private persist(person: NewPerson): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.commit());
      this.queue.push({ person, done: (error) => (error ? reject(error) : resolve()) });
    });
  }

  private commit(): void {
    const batch = this.queue;
    this.queue = [];
    const now = new Date().toISOString();
    const insert = this.db.prepare('INSERT INTO person_keys (person_id, blind_index, wrapped_key, created_at) VALUES (?, ?, ?, ?)');
    try {
      this.db.transaction(() => {
        for (const { person } of batch) insert.run(person.personId, person.blindIndex, this.wrapper.wrap(person.dataKey), now);
      })();
    } catch (error) {
      for (const { done } of batch) done(error);
      return;
    }
    for (const { person, done } of batch) {
      this.remember(person.personId, person.dataKey);
      done();
    }
  }
}
