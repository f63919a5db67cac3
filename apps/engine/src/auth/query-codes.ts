import { createHmac, timingSafeEqual } from 'node:crypto';
import { readOrCreateSecret } from './tokens';

/** Crockford's base32 without I, L, O, U: nothing to misread on a printed receipt. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const QUERY_CODE_LENGTH = 8;

/**
 * The query code (查询码) printed on a receipt: a MAC of the case number under a key kept in
 * DATA_DIR/auth, never stored. The engine recomputes it to check an applicant's sign-in, so no
 * code — clear or hashed — sits in the event log, and a retried receipt gets the same code.
 * 8 characters of base32 are 40 bits; with a handful of tries allowed per case and quarter hour
 * (ApplicantSignIns) guessing is hopeless. Whoever holds the key can derive every code, as whoever
 * holds the token secret can sign any token: both are kept apart from the data.
 */
export class QueryCodes {
  constructor(private readonly key: Uint8Array) {}

  static open(keyFile: string): QueryCodes {
    return new QueryCodes(readOrCreateSecret(keyFile));
  }

  of(caseNo: string): string {
    const mac = createHmac('sha256', this.key).update(`query-code:${caseNo}`).digest();
    let code = '';
    for (let i = 0; i < QUERY_CODE_LENGTH; i++) code += ALPHABET[mac[i] % 32];
    return code;
  }

  /** Whether `code` is the case's; case and separators forgiven, in constant time. */
  matches(caseNo: string, code: string): boolean {
    const given = Buffer.from(code.toUpperCase().replace(/[\s-]/g, ''));
    const expected = Buffer.from(this.of(caseNo));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
