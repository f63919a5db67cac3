import { PostgresReadModelStore } from './postgres-read-model-store';
import type { ReadModelStore } from './read-model-store';
import { SqliteReadModelStore } from './sqlite-read-model-store';

export type ReadModelStoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string; readonly synchronous?: 'FULL' | 'NORMAL'; readonly scratch?: boolean }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly poolSize?: number; readonly schema?: string };

export function openReadModelStore(config: ReadModelStoreConfig): Promise<ReadModelStore> {
  return config.kind === 'postgres'
    ? PostgresReadModelStore.open(config)
    : SqliteReadModelStore.open(config.file, config.synchronous, { scratch: config.scratch });
}
