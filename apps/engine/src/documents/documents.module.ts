import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { CaseDocuments } from './case-documents';
import { DOCUMENT_STORE_PROVIDERS } from './document-store.providers';
import { DocumentsHttpController } from './documents.http.controller';

/** Documents (材料): the files of a case, kept apart from the events, sealed under the applicant's key. */
@Module({})
export class DocumentsModule {}

export const DOCUMENTS: Feature = {
  module: DocumentsModule, controllers: [DocumentsHttpController], providers: [...DOCUMENT_STORE_PROVIDERS, CaseDocuments],
};
