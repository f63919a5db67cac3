import { Inject, Injectable } from '@nestjs/common';
import type { DocumentAttached, PersonalDataErased } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { runScript, type ReadModelDb, type ReadModelStore } from '@gov/projections';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { DOCUMENT_STORE, DocumentStore } from './document-store.port';

/**
 * Which document's bytes belong to whom (ids and hashes only, nothing personal), and who was
 * erased: the erasure reader's own tables, written with its checkpoint.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS erasable_documents (
  document_id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS erasable_documents_person ON erasable_documents (person_id);
CREATE TABLE IF NOT EXISTS erased_people (
  person_id TEXT PRIMARY KEY
);
`;
/** Not a projection's: a rebuild of the read models keeps them (cli/policy-tables.ts). */
export const DOCUMENT_ERASURE_TABLES = ['erasable_documents', 'erased_people'] as const;

type Tables = {
  erasable_documents: { document_id: string; person_id: string; sha256: string };
  erased_people: { person_id: string };
};

/**
 * Erasure deletes the documents' bytes too (decision 0088). Crypto-shredding already made them
 * unreadable; this reader, from its checkpoint in the log, deletes the ciphertext of every
 * document attached under an erased person's key from the document store: on
 * `PersonalDataErased` those attached before, on `DocumentAttached` one attached after (an
 * upload that raced the erasure). The bytes go before the checkpoint moves past the event, so a
 * crash or a failing store makes the reader delete them again at its next try (the subscription
 * retries the batch, with backoff; a restart starts from the checkpoint); deleting twice is
 * harmless. From an empty checkpoint it reads the whole log once: erasures made before it existed
 * are finished too.
 */
@Injectable()
export class DocumentErasurePolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {
    super(store, readModels, { name: 'document-erasure', types: ['DocumentAttached', 'PersonalDataErased'] });
  }

  protected override async migrate(): Promise<void> {
    await this.readModels.migrate((tx) => runScript(tx, TABLES));
  }

  protected async handle(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void> {
    const db = tx.withTables<Tables>();
    if (event.type === 'DocumentAttached') {
      const { documentId, personId, sha256 } = event.data as DocumentAttached['data'];
      await db.insertInto('erasable_documents').values({ document_id: documentId, person_id: personId, sha256 })
        .onConflict((conflict) => conflict.column('document_id').doNothing()).execute();
      const erased = await db.selectFrom('erased_people').select('person_id').where('person_id', '=', personId).executeTakeFirst();
      return erased ? () => this.deleteBytes([sha256]) : undefined;
    }
    const { personId } = event.data as PersonalDataErased['data'];
    await db.insertInto('erased_people').values({ person_id: personId }).onConflict((conflict) => conflict.column('person_id').doNothing()).execute();
    const attached = await db.selectFrom('erasable_documents').select('sha256').where('person_id', '=', personId).execute();
    return attached.length > 0 ? () => this.deleteBytes(attached.map((row) => row.sha256)) : undefined;
  }

  private async deleteBytes(hashes: readonly string[]): Promise<void> {
    let deleted = 0;
    for (const sha256 of hashes) if (await this.documents.delete(sha256)) deleted += 1;
    this.logger.log(`deleted the bytes of ${deleted} erased document(s) (${hashes.length - deleted} already gone)`);
  }
}
