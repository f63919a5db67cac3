import type { FastifyInstance } from 'fastify';
import { DOCUMENT_MEDIA_TYPES } from '@gov/domain';

/**
 * A document's bytes are the request body, left as a stream for the route to read (and refuse)
 * as they arrive: never buffered whole, so the JSON body limit does not apply to them; the
 * documents feature applies its own (DOCUMENT_MAX_BYTES).
 */
export function acceptDocumentBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser([...DOCUMENT_MEDIA_TYPES], (_request, payload, done) => done(null, payload));
}
