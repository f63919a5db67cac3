import * as path from 'node:path';

/** Every setting comes from the environment; the README lists them. */
export interface EngineConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly groupCommit: boolean;
  readonly seedDemo: boolean;
  readonly logLevel: string;
}

export const ENGINE_CONFIG = Symbol('ENGINE_CONFIG');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, not ${synchronous}`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    synchronous,
    groupCommit: env.GROUP_COMMIT !== 'false',
    seedDemo: env.SEED_DEMO !== 'false',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
