import * as path from 'node:path';
import type { Provider } from '@nestjs/common';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import type { KeyTable } from './key-table';
import { KeyVault } from './key-vault';
import { LocalMasterKey } from './master-key';
import { PERSONAL_DATA_VAULT } from './personal-data-vault';
import { PostgresKeyTable } from './postgres-key-table';
import { SqliteKeyTable } from './sqlite-key-table';

/** The embedded key table: its own file under DATA_DIR, never the event store's. */
export function personKeyFile(dataDir: string): string {
  return path.join(dataDir, 'personal-data', 'person-keys.sqlite');
}

export const PERSONAL_DATA_PROVIDERS: Provider[] = [{
  provide: PERSONAL_DATA_VAULT,
  inject: [ENGINE_CONFIG],
  useFactory: async (config: EngineConfig) => {
    const table: KeyTable = config.personalDataKeysUrl
      ? await PostgresKeyTable.open(config.personalDataKeysUrl)
      : new SqliteKeyTable(personKeyFile(config.dataDir));
    const suite = config.cryptoSuite ?? 'international';
    return new KeyVault(table, LocalMasterKey.open(config.personalDataMasterKeyFile ?? path.join(config.dataDir, 'personal-data', 'master.key'), suite), suite);
  },
}];
