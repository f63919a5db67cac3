export { DOCUMENTS } from './documents.module';
export { CaseDocuments, type DocumentView } from './case-documents';
export { DOCUMENT_STORE, type DocumentStore } from './document-store.port';
export { DecisionDocumentPolicy } from './decision-document.policy';
export { DOCUMENT_ERASURE_TABLES, DocumentErasurePolicy } from './document-erasure.policy';
