import { createHash } from 'node:crypto';
import { GoneException, HttpException, Inject, Injectable } from '@nestjs/common';
import { v7 as timeOrderedUuid } from 'uuid';
import {
  AttachDocument, CaseEvent, CaseRecord, caseDecider, caseStreamId, DocumentAttached, DocumentMediaType, DocumentSource,
  evolveCase, initialCaseState, recordedApplicant, RuleViolation,
} from '@gov/domain';
import { IdempotencyKeyReusedError, type EventStore, type IdempotencyRecord } from '@gov/event-store';
import { CallerScope, assertInScope } from '../auth/record-scope';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE } from '../infrastructure/tokens';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../personal-data';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { asDomainEvent, Commands } from '../write/commands';
import { admitted } from './document-admission';
import { decrypting, encrypting } from './document-cipher';
import { DOCUMENT_STORE, DocumentStore } from './document-store.port';

export const DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** A document as an answer lists it: what it is, never its key. */
export interface DocumentView {
  readonly documentId: string;
  readonly material: string;
  readonly mediaType: DocumentMediaType;
  readonly source: DocumentSource;
  readonly size: number;
  readonly sha256: string;
  readonly attachedAt: string;
}

export interface Upload {
  readonly material: string;
  readonly mediaType: DocumentMediaType;
  readonly source: DocumentSource;
  readonly bytes: AsyncIterable<Uint8Array>;
}

const purpose = (documentId: string) => `document:${documentId}`;

/**
 * A case's documents: attached by streaming them, encrypted under a key of their own, into the
 * document store, then recorded on the case (DocumentAttached) with that key sealed under the
 * applicant's person key; read back by the case's handlers and the applicant. The bytes are
 * durable before the event is appended; a refusal (413, 415, a closed case, an erased person)
 * leaves neither bytes nor event.
 */
@Injectable()
export class CaseDocuments {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly commands: Commands,
    private readonly reference: ReferenceData,
  ) {}

  get maxBytes(): number {
    return this.config.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES;
  }

  /**
   * With an Idempotency-Key, the request hash covers the file: the method, URL (material) and
   * type hashed by the controller, and the SHA-256 of the bytes in clear, counted as they pass
   * (the stored bytes differ at every upload: a key of their own). A retry whose key is recorded
   * is read through that hash and never stored: the same file answers the first answer, another
   * 422 IDEMPOTENCY.KEY_REUSED. Two attempts at once both store, and the one answered with the
   * other's document deletes its bytes.
   */
  async attach(caseNo: string, upload: Upload, meta: CommandMeta): Promise<CommandResponse<DocumentView>> {
    const { record, events } = await this.read(caseNo, meta.scope);
    const limit = upload.source === 'decision' ? Number.MAX_SAFE_INTEGER : this.maxBytes;
    const earlier = meta.idempotency && await this.store.findIdempotencyRecord(meta.idempotency.key);
    if (earlier) return this.replayed(earlier, upload, meta, limit);
    const personId = await this.keptPersonOf(caseNo, events);
    const documentId = timeOrderedUuid();
    const context = (await this.reference.current()).caseContext(meta.now);
    const draft = (sha256: string, size: number, sealedKey: string): AttachDocument => ({
      type: 'AttachDocument',
      data: { documentId, material: upload.material, mediaType: upload.mediaType, source: upload.source, size, sha256, personId, sealedKey },
    });
    // Refused on the case as it stands before a byte is stored: a closed case takes nothing.
    caseDecider.decide(draft('', 0, ''), record, context);
    let size = 0;
    const plain = createHash('sha256');
    const counted = async function* (bytes: AsyncIterable<Buffer>) {
      for await (const chunk of bytes) {
        size += chunk.length;
        plain.update(chunk);
        yield chunk;
      }
    };
    const encryption = encrypting(counted(admitted(upload.bytes, upload.mediaType, limit)), documentId, this.config.cryptoSuite ?? 'international');
    const blob = await this.documents.put(encryption.chunks);
    const idempotency = meta.idempotency && { key: meta.idempotency.key, requestHash: uploadHash(meta.idempotency.requestHash, upload, plain.digest('hex')) };
    try {
      const sealedKey = await this.vault.sealSecret(personId, encryption.secret(), purpose(documentId));
      if (sealedKey === null) throw erased(caseNo);
      const answer = await this.commands.handle(caseDecider, caseStreamId(caseNo), draft(blob.sha256, size, sealedKey), { ...meta, idempotency }, {
        context,
        respond: (_state, recorded) => ({ status: 201, body: viewOf(recorded.find(isDocumentAttached) as DocumentAttached) }),
      });
      // Another attempt with the key was recorded first: its document is the answer, these bytes are nobody's.
      if (answer.body.documentId !== documentId) await this.documents.delete(blob.sha256);
      return answer;
    } catch (error) {
      // Refused (the case closed meanwhile, the applicant erased, the key taken by another file): no event names these bytes.
      if (error instanceof RuleViolation || error instanceof HttpException || error instanceof IdempotencyKeyReusedError) {
        await this.documents.delete(blob.sha256).catch(() => undefined);
      }
      throw error;
    }
  }

  /** A retry of a recorded upload: its bytes hashed as they pass (and refused as any upload's), never stored. */
  private async replayed(earlier: IdempotencyRecord, upload: Upload, meta: CommandMeta, limit: number): Promise<CommandResponse<DocumentView>> {
    const { key, requestHash } = meta.idempotency as NonNullable<CommandMeta['idempotency']>;
    const plain = createHash('sha256');
    for await (const chunk of admitted(upload.bytes, upload.mediaType, limit)) plain.update(chunk);
    if (earlier.requestHash !== uploadHash(requestHash, upload, plain.digest('hex'))) throw new IdempotencyKeyReusedError(key);
    return earlier.response as CommandResponse<DocumentView>;
  }

  async list(caseNo: string, scope: CallerScope | undefined): Promise<DocumentView[]> {
    const { events } = await this.read(caseNo, scope);
    return attachedDocuments(events).map(viewOf);
  }

  /** The document in clear, chunk by chunk; 410 once the applicant's key is erased. */
  async open(caseNo: string, documentId: string, scope: CallerScope | undefined): Promise<{ view: DocumentView; chunks: AsyncIterable<Buffer> }> {
    const { events } = await this.read(caseNo, scope);
    const attached = attachedDocuments(events).find((event) => event.data.documentId === documentId);
    if (!attached) throw new RuleViolation('DOCUMENT.NOT_FOUND', 'DocumentMustBeAttached', `case ${caseNo} has no document ${documentId}`, 'not-found');
    const { personId, sealedKey, sha256 } = attached.data;
    const secret = await this.vault.openSecret(personId, sealedKey, purpose(documentId));
    if (!secret) throw erased(caseNo);
    const chunks = await this.documents.read(sha256);
    if (!chunks) throw new RuleViolation('DOCUMENT.BYTES_MISSING', 'DocumentBytesAreKept', `the bytes of document ${documentId} are not in the document store`, 'not-found');
    return { view: viewOf(attached), chunks: decrypting(chunks, secret, documentId) };
  }

  private async read(caseNo: string, scope: CallerScope | undefined): Promise<{ record: CaseRecord; events: CaseEvent[] }> {
    const events = (await this.store.readStream(caseStreamId(caseNo))).map((event) => asDomainEvent<CaseEvent>(event));
    const state = events.reduce(evolveCase, initialCaseState());
    if (state.status === 'none') throw new RuleViolation('CASE.NOT_FOUND', 'CaseMustExist', `no case ${caseNo}`, 'not-found');
    assertInScope(scope, { departmentId: state.item.departmentId, channel: state.channel, subCenterId: state.subCenterId }, `case ${caseNo}`);
    return { record: state, events };
  }

  /** The applicant's person, whose key seals the case's documents: known, and not erased. */
  private async keptPersonOf(caseNo: string, events: readonly CaseEvent[]): Promise<string> {
    const receipt = events[0] as Extract<CaseEvent, { type: 'CaseReceived' }>;
    const { personId } = recordedApplicant(receipt.data.applicant);
    if (!personId) {
      throw new RuleViolation('DOCUMENT.NO_PERSON_KEY', 'DocumentsAreSealedUnderTheApplicantsKey',
        `case ${caseNo} was received before personal data was sealed: there is no key to seal its documents under`);
    }
    if (!(await this.vault.holdsKeyOf(personId))) throw erased(caseNo);
    return personId;
  }
}

/** An upload's request hash: the request's (method, URL and material), its type, and its bytes in clear. */
function uploadHash(requestHash: string, upload: Upload, plainSha256: string): string {
  return createHash('sha256').update(`${requestHash}\n${upload.mediaType}\n${plainSha256}`).digest('hex');
}

/** 410: the documents were there, and erasure made them unreadable for good. */
function erased(caseNo: string): GoneException {
  return new GoneException({ code: 'DOCUMENT.ERASED', message: `the applicant of case ${caseNo} has been erased: their documents can no longer be read or added` });
}

function isDocumentAttached(event: { type: string }): event is DocumentAttached {
  return event.type === 'DocumentAttached';
}

export function attachedDocuments(events: readonly CaseEvent[]): DocumentAttached[] {
  return events.filter(isDocumentAttached);
}

function viewOf({ data }: DocumentAttached): DocumentView {
  const { documentId, material, mediaType, source, size, sha256, at } = data;
  return { documentId, material, mediaType, source, size, sha256, attachedAt: at };
}

