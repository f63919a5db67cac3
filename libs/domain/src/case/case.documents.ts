import { RuleViolation } from '../shared';
import { CaseRecord } from './case.types';

/** The types a document may be (by its first bytes, not its name): PDF, JPEG, PNG and OFD (GB/T 33190, the national fixed-layout format). */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** How a document reached the case: filed online, scanned at the window, or the decision the case ended with (电子证照/决定书). */
export const DOCUMENT_SOURCES = ['online', 'window-scan', 'decision'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

/**
 * A document as the case's record names it: its bytes are in the document store under `sha256`
 * (the hash of the stored, encrypted bytes), encrypted under a key of its own that is sealed
 * under the applicant's person key (`sealedKey`): erasing the person makes it unreadable.
 */
export interface DocumentRef {
  readonly documentId: string;
  /** The material it is (申请书, 身份证复印件, …) or the decision's title. */
  readonly material: string;
  readonly mediaType: DocumentMediaType;
  readonly source: DocumentSource;
  /** Bytes of the document itself. */
  readonly size: number;
  readonly sha256: string;
  readonly personId: string;
  readonly sealedKey: string;
}

export type AttachDocument = { readonly type: 'AttachDocument'; readonly data: DocumentRef };

/** Filed and scanned documents belong to a case being handled; the decision document to a completed one. */
export function attachDocument(command: AttachDocument, state: CaseRecord, at: string) {
  if (command.data.source === 'decision') decisionDocumentFollowsCompletion(state);
  else documentsAreAttachedWhileTheCaseIsHandled(state);
  return [{ type: 'DocumentAttached' as const, data: { at, ...command.data } }];
}

export function documentsAreAttachedWhileTheCaseIsHandled(state: CaseRecord): void {
  if (state.status !== 'open' && state.status !== 'suspended') {
    throw new RuleViolation('CASE.DOCUMENT_AFTER_CLOSE', 'DocumentsAreAttachedWhileTheCaseIsHandled', `case ${state.caseNo} is ${state.status}: it takes no more materials`, 'conflict');
  }
}

export function decisionDocumentFollowsCompletion(state: CaseRecord): void {
  if (state.status !== 'completed') {
    throw new RuleViolation('CASE.DECISION_BEFORE_COMPLETION', 'DecisionDocumentFollowsCompletion', `case ${state.caseNo} is ${state.status}: a decision document follows its completion`, 'conflict');
  }
}
