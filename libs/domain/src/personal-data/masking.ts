/**
 * How personal fields are shown to someone not entitled to the clear values: enough to
 * recognise one's own (the ends), not enough to identify anyone. The common forms of
 * Chinese government systems: 330102********1234, 138****5678, 张*丰.
 */

/** The first and last character of a name (张三丰 → 张*丰, 李四 → 李*). */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*';
  if (characters.length === 2) return `${characters[0]}*`;
  return `${characters[0]}${'*'.repeat(characters.length - 2)}${characters[characters.length - 1]}`;
}

/** The region code (first 6) and the last 4 of an ID number or credit code; the birth date and sequence hidden. */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(idNumber, 6, 4);
}

/** The first 3 and last 4 digits of a phone number (13812345678 → 138****5678). */
export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4);
}

/** The address down to its first 6 characters (province and city, typically); the rest hidden. */
export function maskAddress(address: string): string {
  const characters = [...address.trim()];
  return characters.length <= 6 ? '*'.repeat(characters.length) : `${characters.slice(0, 6).join('')}****`;
}

/** A contact is a phone, an e-mail or anything else: each masked its own way. */
export function maskContact(contact: string): string {
  const at = contact.indexOf('@');
  if (at > 0) return `${[...contact][0]}***${contact.slice(at)}`;
  return keepEnds(contact, 3, 4);
}

/** Keeps `head` and `tail` characters; anything too short to keep both with something hidden between is hidden whole. */
function keepEnds(value: string, head: number, tail: number): string {
  const characters = [...value.trim()];
  const hidden = characters.length - head - tail;
  if (hidden < 4) return characters.length <= 4 ? '*'.repeat(characters.length) : `${'*'.repeat(characters.length - 2)}${characters.slice(-2).join('')}`;
  return `${characters.slice(0, head).join('')}${'*'.repeat(hidden)}${characters.slice(-tail).join('')}`;
}
