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
    return { mode: 'oidc', issuer, audience, jwksUrl, secretFile: secretFileOf(env, dataDir) };
  }
  return {
    mode: 'embedded',
    issuer: env.AUTH_ISSUER || EMBEDDED_ISSUER,
    audience: env.AUTH_AUDIENCE || EMBEDDED_AUDIENCE,
    secretFile: secretFileOf(env, dataDir),
  };
}

/** AUTH_TOKEN_SECRET_FILE, else DATA_DIR/auth/token-secret (made on first start). Instances on several machines mount one secret there. */
function secretFileOf(env: NodeJS.ProcessEnv, dataDir: string): string {
  return env.AUTH_TOKEN_SECRET_FILE || `${dataDir.replace(/\/+$/, '')}/auth/token-secret`;
}

/** QUERY_CODE_KEY_FILE, else DATA_DIR/auth/query-code-key (made on first start): the key the applicants' query codes derive from. */
export function queryCodeKeyFile(env: NodeJS.ProcessEnv, dataDir: string): string {
  return env.QUERY_CODE_KEY_FILE || `${dataDir.replace(/\/+$/, '')}/auth/query-code-key`;
}
