import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '@gov/event-store';
import { principalOfRequest } from '../auth/auth.guard';
import { CommandMeta } from '../write/command-meta';
import { requestTime } from './command-time';
import { validationFailed } from './validation';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The command's envelope from the request: the time it takes effect (read here, at the
 * edge, never in the domain), the correlation id, the actor (the verified token's subject
 * and role) and the Idempotency-Key with a hash of the request it was used for.
 */
export const Meta = createParamDecorator((_data: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return commandMetaOf(request);
});

/**
 * A malformed Idempotency-Key is refused (400) on every route, before anything reads the
 * request, so a client learns of it on a route that takes none as on one that does.
 */
export function refuseMalformedIdempotencyKeys(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined || (typeof key === 'string' && IDEMPOTENCY_KEY.test(key))) return;
    return reply.status(400).send(validationFailed([{ field: 'Idempotency-Key', reason: 'must be 8 to 128 letters, digits or ._:-' }]).getResponse());
  });
}

/**
 * `body` is what the request hash covers besides the method and URL: the parsed body by
 * default; a streamed body (an upload) is hashed by its reader instead, which passes null.
 */
export function commandMetaOf(request: FastifyRequest, body: unknown = request.body): CommandMeta {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const key = header('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw validationFailed([{ field: 'Idempotency-Key', reason: 'must be 8 to 128 letters, digits or ._:-' }]);
  }
  return {
    now: requestTime(request),
    correlationId: header('x-correlation-id')?.slice(0, 128) ?? randomUUID(),
    causationId: null,
    actor: actorOf(request),
    scope: scopeOf(request),
    idempotency: key === undefined ? undefined : { key, requestHash: requestHash(request, body) },
  };
}

function requestHash(request: FastifyRequest, body: unknown): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/** The guard has verified the caller of every non-public route; the scope travels with the role. */
function actorOf(request: FastifyRequest): Actor {
  const principal = principalOfRequest(request);
  if (!principal) return { id: 'anonymous', role: 'unauthenticated' };
  return { id: principal.subject, role: principal.role };
}

function scopeOf(request: FastifyRequest): CommandMeta['scope'] {
  const principal = principalOfRequest(request);
  return principal
    ? { role: principal.role, departmentId: principal.departmentId, windowId: principal.windowId, channel: principal.channel, subCenterId: principal.subCenterId }
    : undefined;
}
