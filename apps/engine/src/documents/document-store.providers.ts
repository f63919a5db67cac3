import * as path from 'node:path';
import type { Provider } from '@nestjs/common';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { DOCUMENT_STORE, DocumentStore } from './document-store.port';
import { FileDocumentStore } from './file-document-store';
import { PostgresDocumentStore } from './postgres-document-store';

/** The embedded default's documents: a directory of their own under DATA_DIR. */
export function documentsDirectory(dataDir: string): string {
  return path.join(dataDir, 'documents');
}

export const DOCUMENT_STORE_PROVIDERS: Provider[] = [{
  provide: DOCUMENT_STORE,
  inject: [ENGINE_CONFIG],
  useFactory: async (config: EngineConfig): Promise<DocumentStore> => {
    const store: DocumentStore = config.documentsUrl
      ? await PostgresDocumentStore.open(config.documentsUrl)
      : new FileDocumentStore(documentsDirectory(config.dataDir));
    // Nest closes it with the application.
    return Object.assign(store, { onApplicationShutdown: () => store.close() });
  },
}];
