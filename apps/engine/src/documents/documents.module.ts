import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { CaseDocuments } from './case-documents';
import { DOCUMENT_STORE_PROVIDERS } from './document-store.providers';
import { DocumentsHttpController } from './documents.http.controller';
import { DecisionDocumentPolicy } from './decision-document.policy';
import { DeliveryHttpController } from './delivery.http.controller';
import { DocumentErasurePolicy } from './document-erasure.policy';

/** Documents (材料): the files of a case, kept apart from the events, sealed under the applicant's key; the decision document (决定书) and its delivery (送达). */
@Module({})
export class DocumentsModule {}

export const DOCUMENTS: Feature = {
  module: DocumentsModule, controllers: [DocumentsHttpController, DeliveryHttpController], providers: [...DOCUMENT_STORE_PROVIDERS, CaseDocuments],
  policies: [DecisionDocumentPolicy, DocumentErasurePolicy],
};
