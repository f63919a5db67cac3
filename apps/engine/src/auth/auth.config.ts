/**
 * Whose tokens the engine trusts. Embedded (the default): its own, signed with a secret kept
 * in DATA_DIR/auth/token-secret and issued by `npm run token`. Production: the county's
 * identity provider, by issuer, audience and JWKS URL.
 */
export type AuthConfig =
  | { readonly mode: 'embedded'; readonly issuer: string; readonly audience: string; readonly secretFile: string }
  // The engine's own secret is kept in both modes: it signs applicants' case tokens.
  | { readonly mode: 'oidc'; readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly secretFile: string };

export const EMBEDDED_ISSUER = 'gov-service-center-engine';
export const EMBEDDED_AUDIENCE = 'gov-service-center-api';

export function loadAuthConfig(env: NodeJS.ProcessEnv, dataDir: string): AuthConfig {
  const jwksUrl = env.AUTH_JWKS_URL;
  if (jwksUrl) {
    const issuer = env.AUTH_ISSUER;
    const audience = env.AUTH_AUDIENCE;
    if (!issuer || !audience) throw new Error('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');
    if (!/^https?:\/\//.test(jwksUrl)) throw new Error(`AUTH_JWKS_URL must be an http(s) URL, not ${jwksUrl}`);
    return { mode: 'oidc', issuer, audience, jwksUrl, secretFile: secretFileOf(dataDir) };
  }
  return {
    mode: 'embedded',
    issuer: env.AUTH_ISSUER || EMBEDDED_ISSUER,
    audience: env.AUTH_AUDIENCE || EMBEDDED_AUDIENCE,
    secretFile: secretFileOf(dataDir),
  };
}

function secretFileOf(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}/auth/token-secret`;
}
