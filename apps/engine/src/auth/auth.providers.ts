import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { loadAuthConfig, queryCodeKeyFile } from './auth.config';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { QueryCodes } from './query-codes';
import { EmbeddedTokens, tokensFor } from './tokens';
import { VerifiedTokenCache } from './verified-token-cache';

/** The engine's own token signer: applicants' case tokens (and, embedded, everyone's). */
export const ENGINE_TOKENS = Symbol('ENGINE_TOKENS');
const TOKENS = Symbol('TOKENS');
/** The query codes printed on receipts (query-codes.ts). */
export const QUERY_CODES = Symbol('QUERY_CODES');

/**
 * The query codes wherever commands are handled, not only behind the API: the notifications'
 * dispatcher, a policy, prints the code on the receipt it sends, and policies run in the
 * watcher role (roles/role-wiring.ts), which serves no API.
 */
export const QUERY_CODE_PROVIDERS: Provider[] = [
  { provide: QUERY_CODES, inject: [ENGINE_CONFIG], useFactory: (config: EngineConfig) => QueryCodes.open(queryCodeKeyFile(process.env, config.dataDir)) },
];

/** Every route behind the guard; tokens checked by the embedded secret or the identity provider (AUTH_* settings). */
export const AUTH_PROVIDERS: Provider[] = [
  { provide: TOKENS, inject: [ENGINE_CONFIG], useFactory: (config: EngineConfig) => tokensFor(loadAuthConfig(process.env, config.dataDir)) },
  { provide: TOKEN_VERIFIER, inject: [TOKENS], useFactory: (tokens: ReturnType<typeof tokensFor>) => new VerifiedTokenCache(tokens.verifier) },
  { provide: ENGINE_TOKENS, inject: [TOKENS], useFactory: (tokens: ReturnType<typeof tokensFor>): EmbeddedTokens => tokens.engine },
  { provide: APP_GUARD, useClass: AuthGuard },
];
