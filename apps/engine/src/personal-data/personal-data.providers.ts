import * as path from 'node:path';
import type { Provider } from '@nestjs/common';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { LocalKeyVault } from './local-key-vault';
import { LocalMasterKey } from './master-key';
import { PERSONAL_DATA_VAULT } from './personal-data-vault';

/** The key store: its own file under DATA_DIR, never the event store's. */
export function personKeyFile(dataDir: string): string {
  return path.join(dataDir, 'personal-data', 'person-keys.sqlite');
}

export const PERSONAL_DATA_PROVIDERS: Provider[] = [{
  provide: PERSONAL_DATA_VAULT,
  inject: [ENGINE_CONFIG],
  useFactory: (config: EngineConfig) => LocalKeyVault.open(personKeyFile(config.dataDir),
    LocalMasterKey.open(config.personalDataMasterKeyFile ?? path.join(config.dataDir, 'personal-data', 'master.key'))),
}];
