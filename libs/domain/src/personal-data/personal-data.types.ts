/**
 * Personal information (PIPL 个人信息): a person's name, ID number, phone, address and
 * contact. The record never holds them in clear: they are sealed (encrypted) under a key of
 * the person's own, kept apart from the events, so that erasing that key erases them
 * everywhere (crypto-shredding) while the cases and complaints still count.
 */
export interface PersonalFields {
  readonly name?: string;
  /** Resident ID number (身份证号) or, for an organization, its unified social credit code. */
  readonly idNumber?: string;
  readonly phone?: string;
  readonly address?: string;
  /** A complainant's contact for the feedback: phone, e-mail or other. */
  readonly contact?: string;
}

/** Personal fields as the record keeps them: opaque ciphertext and whose key opens it. */
export interface SealedPersonalData {
  /**
   * The person, as the key store knows them: a random id, the same for every case of the same
   * ID number until their key is erased. It carries nothing of the person.
   */
  readonly personId: string;
  /** The fields encrypted under the person's key (an envelope only the vault reads). */
  readonly sealed: string;
}
