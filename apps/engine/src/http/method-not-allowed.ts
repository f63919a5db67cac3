import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCESS_POLICY } from '../auth/access-policy';

/**
 * A request no route takes, at a path the API serves with other methods, is answered 405 with
 * `Allow` (RFC 9110 §15.5.6) before anything else reads it (a body, a content type): the
 * routes are the access-policy table's, which names every one.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined) return;
    const allowed = methodsElsewhere(request);
    if (allowed.length === 0) return;
    return reply.status(405).header('allow', allowed.join(', '))
      .send({ statusCode: 405, code: 'HTTP.METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here; allowed: ${allowed.join(', ')}` });
  });
}

/** The methods the API serves at the request's path, other than its own. */
function methodsElsewhere(request: FastifyRequest): string[] {
  const path = request.url.split('?')[0];
  const methods = Object.keys(ACCESS_POLICY).flatMap((route) => {
    const [method, pattern] = route.split(' ');
    return new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path) ? [method] : [];
  });
  return [...new Set(methods)].filter((method) => method !== request.method).sort();
}
