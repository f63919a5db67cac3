import { randomBytes, randomUUID } from 'node:crypto';
import type { PersonalFields, SealedPersonalData } from '@gov/domain';
import type { CryptoSuite } from '@gov/event-store';
import type { KeyTable } from './key-table';
import { KeyWrapper, open, openSm4, seal, sealSm4, sm4KeyOf } from './master-key';
import type { PersonalDataVault } from './personal-data-vault';

/** The envelope names its suite: AES-256-GCM (`pd1.`) or SM4-GCM (`pdsm4.`); either opens whatever CRYPTO_SUITE is now. */
const ENVELOPE_PREFIX = 'pd1.';
const SM4_ENVELOPE_PREFIX = 'pdsm4.';
/** A secret sealed for a purpose (a document's key): apart from the fields' envelopes, bound to the person and the purpose. */
const SECRET_PREFIX = 'ps1.';
const SM4_SECRET_PREFIX = 'pssm4.';
const CACHED_KEYS = 50_000;

interface Person {
  readonly personId: string;
  readonly blindIndex: string | null;
  readonly dataKey: Buffer;
}

/**
 * The vault: a key per person in a key table (never the event store), each data key wrapped
 * by the master key; fields sealed with AES-256-GCM (or SM4-GCM in the gm suite, under an
 * SM4 key derived from the same person's key, so shredding it shreds both), bound to the person's id.
 *
 * Durability: a new person's key is committed before `seal` resolves, and the command appends
 * its event only after that, so a crash leaves at worst a key with nothing sealed under it,
 * never an event without its key. New keys of the same moment share one commit.
 *
 * One ID number, one person: receipts of a new person at the same moment in this process share
 * one pending key; across processes (a shared PostgreSQL key table) the table keeps the first
 * stored and the others use it.
 */
export class KeyVault implements PersonalDataVault {
  private readonly keys = new Map<string, Buffer>();
  /** New persons by blind index, until committed: two receipts of one new person at once get one key. */
  private readonly creating = new Map<string, Promise<Person>>();
  private queue: { person: Person; done: (error: unknown, stored?: Person) => void }[] = [];

  constructor(
    private readonly table: KeyTable,
    private readonly wrapper: KeyWrapper,
    /** How new envelopes are sealed (CRYPTO_SUITE). */
    private readonly suite: CryptoSuite = 'international',
  ) {}

  async seal(fields: PersonalFields, identity: string | null): Promise<SealedPersonalData> {
    const { personId, dataKey } = await this.personFor(identity);
    const plaintext = Buffer.from(JSON.stringify(fields), 'utf8');
    if (this.suite === 'gm') {
      return { personId, sealed: SM4_ENVELOPE_PREFIX + sealSm4(sm4KeyOf(dataKey), plaintext, Buffer.from(personId)).toString('base64url') };
    }
    return { personId, sealed: ENVELOPE_PREFIX + seal(dataKey, plaintext, Buffer.from(personId)).toString('base64url') };
  }

  async unseal({ personId, sealed }: SealedPersonalData): Promise<PersonalFields | null> {
    const sm4 = sealed.startsWith(SM4_ENVELOPE_PREFIX);
    if (!sm4 && !sealed.startsWith(ENVELOPE_PREFIX)) return null;
    const dataKey = await this.keyOf(personId);
    if (!dataKey) return null;
    const plaintext = sm4
      ? openSm4(sm4KeyOf(dataKey), Buffer.from(sealed.slice(SM4_ENVELOPE_PREFIX.length), 'base64url'), Buffer.from(personId))
      : open(dataKey, Buffer.from(sealed.slice(ENVELOPE_PREFIX.length), 'base64url'), Buffer.from(personId));
    return JSON.parse(plaintext.toString('utf8')) as PersonalFields;
  }

  async sealSecret(personId: string, secret: Buffer, purpose: string): Promise<string | null> {
    const dataKey = await this.keyOf(personId);
    if (!dataKey) return null;
    const aad = Buffer.from(`${personId}:${purpose}`);
    if (this.suite === 'gm') return SM4_SECRET_PREFIX + sealSm4(sm4KeyOf(dataKey), secret, aad).toString('base64url');
    return SECRET_PREFIX + seal(dataKey, secret, aad).toString('base64url');
  }

  async openSecret(personId: string, sealed: string, purpose: string): Promise<Buffer | null> {
    const sm4 = sealed.startsWith(SM4_SECRET_PREFIX);
    if (!sm4 && !sealed.startsWith(SECRET_PREFIX)) return null;
    const dataKey = await this.keyOf(personId);
    if (!dataKey) return null;
    const aad = Buffer.from(`${personId}:${purpose}`);
    return sm4
      ? openSm4(sm4KeyOf(dataKey), Buffer.from(sealed.slice(SM4_SECRET_PREFIX.length), 'base64url'), aad)
      : open(dataKey, Buffer.from(sealed.slice(SECRET_PREFIX.length), 'base64url'), aad);
  }

  async holdsKeyOf(personId: string): Promise<boolean> {
    return (await this.keyOf(personId)) !== undefined;
  }

  /**
   * Erases the key. With several instances on one shared table, another instance may still
   * hold the key in its memory: it forgets it within its cache's life only on restart, so the
   * erase endpoint's answer is about the stored key (README, "Personal data").
   */
  async shred(personId: string): Promise<boolean> {
    this.keys.delete(personId);
    return this.table.delete(personId);
  }

  async close(): Promise<void> {
    await this.table.close();
  }

  /** Nest closes it with the application. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async personFor(identity: string | null): Promise<Person> {
    const blindIndex = identity ? this.wrapper.blindIndex(identity) : null;
    if (blindIndex) {
      const pending = this.creating.get(blindIndex);
      if (pending) return pending;
      const known = await this.table.byBlindIndex(blindIndex) ?? await this.formerly(identity as string);
      if (known) return { personId: known.personId, blindIndex, dataKey: this.remember(known.personId, this.wrapper.unwrap(known.wrappedKey)) };
      const raced = this.creating.get(blindIndex);
      if (raced) return raced;
    }
    const created = this.persist({ personId: randomUUID(), blindIndex, dataKey: randomBytes(32) });
    if (blindIndex) {
      this.creating.set(blindIndex, created);
      void created.finally(() => this.creating.delete(blindIndex)).catch(() => undefined);
    }
    return created;
  }

  /** A person stored before the suite changed, by the index of then (master-key.ts). */
  private async formerly(identity: string): Promise<{ personId: string; wrappedKey: Buffer } | undefined> {
    for (const index of this.wrapper.formerBlindIndexes?.(identity) ?? []) {
      const known = await this.table.byBlindIndex(index);
      if (known) return known;
    }
    return undefined;
  }

  private async keyOf(personId: string): Promise<Buffer | undefined> {
    const cached = this.keys.get(personId);
    if (cached) return cached;
    const wrapped = await this.table.wrappedKeyOf(personId);
    return wrapped && this.remember(personId, this.wrapper.unwrap(wrapped));
  }

  private remember(personId: string, dataKey: Buffer): Buffer {
    if (this.keys.size >= CACHED_KEYS) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(personId, dataKey);
    return dataKey;
  }

  /** Queues the new key; the keys queued in this turn of the event loop are committed together. */
  private persist(person: Person): Promise<Person> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => void this.commit());
      this.queue.push({ person, done: (error, stored) => (error ? reject(error) : resolve(stored as Person)) });
    });
  }

  private async commit(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    let existing: Map<string, { personId: string; wrappedKey: Buffer }>;
    try {
      existing = await this.table.insert(batch.map(({ person }) => ({
        personId: person.personId, blindIndex: person.blindIndex, wrappedKey: this.wrapper.wrap(person.dataKey),
      })));
    } catch (error) {
      for (const { done } of batch) done(error);
      return;
    }
    for (const { person, done } of batch) {
      const winner = existing.get(person.personId);
      const stored = winner ? { personId: winner.personId, blindIndex: person.blindIndex, dataKey: this.wrapper.unwrap(winner.wrappedKey) } : person;
      this.remember(stored.personId, stored.dataKey);
      done(null, stored);
    }
  }
}
