import * as fs from 'node:fs';
import { loadAuthConfig } from '../auth/auth.config';
import { EmbeddedTokens } from '../auth/tokens';
import { loadConfig } from '../config/engine.config';

/**
 * The engine's own token signer, from the secret it keeps in DATA_DIR. Only that secret makes
 * tokens the engine accepts, so a CLI never makes one: with none there yet (the engine never
 * started on this DATA_DIR, or DATA_DIR is not the engine's) this refuses, saying where it looked.
 */
export function engineTokens(env: NodeJS.ProcessEnv = process.env): EmbeddedTokens {
  const { dataDir } = loadConfig(env);
  const auth = loadAuthConfig(env, dataDir);
  if (auth.mode !== 'embedded') throw new Error('tokens come from the identity provider (AUTH_JWKS_URL is set)');
  if (!fs.existsSync(auth.secretFile)) {
    throw new Error(`no engine secret at ${auth.secretFile} (DATA_DIR is ${dataDir}): start the engine once with this DATA_DIR, `
      + "or set DATA_DIR (or AUTH_TOKEN_SECRET_FILE) to the running engine's; a token signed with another secret would be refused");
  }
  return EmbeddedTokens.open(auth);
}
