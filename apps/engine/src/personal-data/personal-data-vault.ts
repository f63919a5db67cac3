import type { PersonalFields, SealedPersonalData } from '@gov/domain';

export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');

/**
 * Where personal fields are encrypted, each person under a key of their own kept apart from
 * the events, so that erasing the key erases the person from the whole record
 * (crypto-shredding) while their cases still count. README "Personal data".
 */
export interface PersonalDataVault {
  /**
   * Seals `fields` under the key of the person `identity` names (an ID number or credit code,
   * matched by a keyed hash, never stored), or of a new person when there is none. A new key
   * is durable before this resolves, so an event carrying the envelope can always be opened
   * until the key is erased.
   */
  seal(fields: PersonalFields, identity: string | null): Promise<SealedPersonalData>;
  /** The fields in clear, or null when the person's key has been erased (or never existed). */
  unseal(sealed: SealedPersonalData): Promise<PersonalFields | null>;
  /**
   * Seals a secret (a document's own key) under an existing person's key, bound to `purpose`;
   * null when the person has no key (erased, or never known). Erasing the person makes it
   * unopenable, with everything it opens.
   */
  sealSecret(personId: string, secret: Buffer, purpose: string): Promise<string | null>;
  /** The secret in clear, or null once the person's key has been erased. */
  openSecret(personId: string, sealed: string, purpose: string): Promise<Buffer | null>;
  /** Whether the vault holds a key for the person (false once erased). */
  holdsKeyOf(personId: string): Promise<boolean>;
  /** Erases the person's key: everything sealed under it becomes unreadable. True when there was a key to erase. */
  shred(personId: string): Promise<boolean>;
  close(): Promise<void>;
}
