import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRemoteJWKSet, decodeJwt, errors, JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import { writeFileOnce } from '../files/write-file-once';
import { AuthConfig, EMBEDDED_AUDIENCE, EMBEDDED_ISSUER } from './auth.config';
import { claimsOf, EngineClaims, principalOf } from './token-claims';
import type { Principal } from './roles';

/** A token that proves nothing: missing, malformed, expired, wrongly signed, or naming no role. */
export class InvalidTokenError extends Error {
  readonly code = 'AUTH.TOKEN_INVALID';
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

const ALGORITHM = 'HS256';

/** The embedded default: tokens signed and checked with the secret in DATA_DIR. */
export class EmbeddedTokens implements TokenVerifier {
  private constructor(
    private readonly secret: Uint8Array,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  /** Reads the secret, or creates it (32 random bytes, readable by the owner only) on first use. */
  static open(config: Extract<AuthConfig, { mode: 'embedded' }>): EmbeddedTokens {
    return new EmbeddedTokens(readOrCreateSecret(config.secretFile), config.issuer, config.audience);
  }

  async issue(principal: Principal, ttlSeconds: number): Promise<string> {
    return new SignJWT(claimsOf(principal))
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(principal.subject)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.secret);
  }

  verify(token: string): Promise<Principal> {
    return verifyWith(token, this.secret, this.issuer, this.audience, [ALGORITHM]);
  }
}

/** Production: the identity provider's tokens, checked against its published keys (cached by jose). */
export class IdentityProviderTokens implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly config: Extract<AuthConfig, { mode: 'oidc' }>) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  verify(token: string): Promise<Principal> {
    return verifyWith(token, this.keys, this.config.issuer, this.config.audience, ['RS256', 'ES256', 'PS256', 'EdDSA']);
  }
}

/**
 * With an identity provider, staff tokens are the provider's, but applicants have no account
 * there: the engine itself signs their case-bound tokens (after the query code checks out), and
 * accepts its own tokens for the applicant role only.
 */
export class ProviderAndApplicantTokens implements TokenVerifier {
  constructor(private readonly provider: TokenVerifier, private readonly engine: EmbeddedTokens, private readonly engineIssuer: string) {}

  async verify(token: string): Promise<Principal> {
    if (issuerOf(token) !== this.engineIssuer) return this.provider.verify(token);
    const principal = await this.engine.verify(token);
    if (principal.role !== 'applicant') throw new InvalidTokenError('the engine signs applicant tokens only; staff tokens come from the identity provider');
    return principal;
  }
}

/** How the engine checks tokens, and its own signer (for applicants' case tokens, and the embedded default's `npm run token`). */
export function tokensFor(config: AuthConfig): { verifier: TokenVerifier; engine: EmbeddedTokens } {
  if (config.mode === 'embedded') {
    const engine = EmbeddedTokens.open(config);
    return { verifier: engine, engine };
  }
  const engine = EmbeddedTokens.open({ mode: 'embedded', issuer: EMBEDDED_ISSUER, audience: EMBEDDED_AUDIENCE, secretFile: config.secretFile });
  return { verifier: new ProviderAndApplicantTokens(new IdentityProviderTokens(config), engine, EMBEDDED_ISSUER), engine };
}


/** The unverified `iss` of a token, only to choose which key checks it. */
function issuerOf(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

async function verifyWith(
  token: string, key: Uint8Array | JWTVerifyGetKey, issuer: string, audience: string, algorithms: string[],
): Promise<Principal> {
  let claims: EngineClaims;
  try {
    // A token without an expiry would be good for ever: `exp` is required (RFC 7519 §4.1.4).
    const options = { issuer, audience, algorithms, requiredClaims: ['exp'] };
    const verified = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    claims = verified.payload as EngineClaims;
  } catch (error) {
    throw new InvalidTokenError(reasonOf(error));
  }
  const principal = principalOf(claims);
  if ('refused' in principal) throw new InvalidTokenError(principal.refused);
  return principal;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') return `the token has no ${error.claim} claim`;
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JOSEError) return `the token cannot be verified (${error.code})`;
  return 'the token cannot be read';
}

/** A 32-byte secret kept in `file`, created on first use. */
export function readOrCreateSecret(file: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileOnce(file, randomBytes(32));
  return new Uint8Array(fs.readFileSync(file));
}
