import { Readable } from 'node:stream';
import { Controller, Get, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DOCUMENT_MEDIA_TYPES, DocumentSource } from '@gov/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOfRequest } from '../auth/auth.guard';
import { CaseNoPipe } from '../http/case-no.pipe';
import { commandMetaOf } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { validationFailed } from '../http/validation';
import { AttachDocumentQuery, DocumentResponse } from './attach-document.request.dto';
import { isDocumentMediaType, tooLarge, unsupportedType } from './document-admission';
import { CaseDocuments } from './case-documents';

const ERROR = { $ref: '#/components/schemas/Error' };
const ERASED = { status: 410, description: 'The applicant has been erased: the case\'s documents are unreadable for good (DOCUMENT.ERASED)', schema: ERROR };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A case's documents: filed online or scanned at the window (the bytes are the body), listed, and read back. */
@ApiTags('documents')
@ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
@Controller('api/cases/:caseNo/documents')
export class DocumentsHttpController {
  constructor(private readonly documents: CaseDocuments) {}

  @Post()
  @ApiOperation({
    summary: 'Attach a document to a case: the body is the file itself (PDF, JPEG, PNG or OFD, checked by its first bytes), at most DOCUMENT_MAX_BYTES; '
      + 'window staff attach scans, the online portal and the applicant filed documents. 413 too large, 415 another type; nothing is kept on refusal',
  })
  @ApiConsumes(...DOCUMENT_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: DocumentResponse })
  @ApiResponse({ status: 413, description: 'The document is over DOCUMENT_MAX_BYTES (DOCUMENT.TOO_LARGE); nothing is kept', schema: ERROR })
  @ApiResponse({ status: 415, description: 'The body is not PDF, JPEG, PNG or OFD by its first bytes, or not the type declared (DOCUMENT.UNSUPPORTED_TYPE)', schema: ERROR })
  @ApiHeader({
    name: 'Idempotency-Key', required: false,
    description: 'A retry with the same key and the same file (and material, and type) returns the first answer: the same document, no second copy, no second event; '
      + 'the same key with another file is 422 IDEMPOTENCY.KEY_REUSED',
  })
  @ApiResponse({ status: 422, description: 'The Idempotency-Key was used for another file, material or type (IDEMPOTENCY.KEY_REUSED); nothing is kept', schema: ERROR })
  @ApiResponse(ERASED)
  async attach(
    @Param('caseNo', CaseNoPipe) caseNo: string, @Query() query: AttachDocumentQuery, @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const declared = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!isDocumentMediaType(declared) || !isStream(request.body)) throw unsupportedType(declared, null);
    const length = Number(request.headers['content-length']);
    if (Number.isFinite(length) && length > this.documents.maxBytes) throw tooLarge(this.documents.maxBytes);
    // The body is a stream: the request hash of an Idempotency-Key covers it as it passes (CaseDocuments.attach).
    const meta = commandMetaOf(request, null);
    const source: DocumentSource = meta.actor.role === 'window-staff' ? 'window-scan' : 'online';
    return answer(reply, await this.documents.attach(caseNo, { material: query.material, mediaType: declared, source, bytes: request.body }, meta));
  }

  @Get()
  @ApiOperation({ summary: 'The documents of a case: what each is, its type, size and source (never its content or key)' })
  @ApiOkResponse({ type: [DocumentResponse] })
  list(@Param('caseNo', CaseNoPipe) caseNo: string, @Req() request: FastifyRequest) {
    return this.documents.list(caseNo, principalOfRequest(request));
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'A document\'s content, for the applicant and the window staff handling the case; 410 DOCUMENT.ERASED once the applicant is erased' })
  @ApiParam({ name: 'documentId', format: 'uuid' })
  @ApiProduces(...DOCUMENT_MEDIA_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse(ERASED)
  async read(@Param('caseNo', CaseNoPipe) caseNo: string, @Param('documentId') documentId: string, @Req() request: FastifyRequest) {
    if (!UUID.test(documentId)) throw validationFailed([{ field: 'documentId', reason: 'must be a UUID' }]);
    const { view, chunks } = await this.documents.open(caseNo, documentId, principalOfRequest(request));
    return new StreamableFile(Readable.from(chunks), {
      type: view.mediaType, length: view.size,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(view.material)}${extensionOf(view.mediaType)}`,
    });
  }
}

function isStream(body: unknown): body is AsyncIterable<Uint8Array> {
  return body instanceof Readable || (typeof body === 'object' && body !== null && Symbol.asyncIterator in body && typeof (body as { pipe?: unknown }).pipe === 'function');
}

function extensionOf(mediaType: string): string {
  return { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png', 'application/ofd': '.ofd' }[mediaType] ?? '';
}
