import { decodeJwt } from 'jose';
import type { Principal } from './roles';
import type { TokenVerifier } from './tokens';

/**
 * A clerk's token is the same for every call of a shift: verifying its signature once (WebCrypto
 * HMAC or the provider's RSA key, both asynchronous) and remembering the principal until the
 * token expires saves that work on every command. Bounded; the oldest entry goes first. A token
 * is remembered only after it verified, and never past its `exp`.
 */
export class VerifiedTokenCache implements TokenVerifier {
  private readonly verified = new Map<string, { readonly principal: Principal; readonly expiresAtMs: number }>();

  constructor(
    private readonly inner: TokenVerifier,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<Principal> {
    const hit = this.verified.get(token);
    if (hit && this.now() < hit.expiresAtMs) return hit.principal;
    if (hit) this.verified.delete(token);
    const principal = await this.inner.verify(token);
    const exp = decodeJwt(token).exp;
    // A token without an expiry is checked every time: nothing says how long it may be believed.
    if (typeof exp === 'number') {
      if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { principal, expiresAtMs: exp * 1000 });
    }
    return principal;
  }
}
