import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCESS_POLICY } from '../auth/access-policy';

/**
 * A request no route takes, at a path the API serves with other methods, is answered 405 with
 * `Allow` (RFC 9110 §15.5.6) before anything else reads it (a body, a content type): the
 * routes are the access-policy table's, which names every one. So is one that only a route
 * with a parameter takes where another method serves that path literally (PUT /api/calendar/notices
 * is not PUT /api/calendar/:year, whose year would be "notices": GET /api/calendar/notices is the resource).
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const matched = request.routeOptions.url;
    const allowed = matched === undefined ? methodsElsewhere(request) : methodsOfALiteralPath(request, matched);
    if (allowed.length === 0) return;
    return reply.status(405).header('allow', allowed.join(', '))
      .send({ statusCode: 405, code: 'HTTP.METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here; allowed: ${allowed.join(', ')}` });
  });
}

/** The methods the API serves at the request's path, other than its own: a literal segment wins over a parameter, as in the router. */
function methodsElsewhere(request: FastifyRequest): string[] {
  const routes = routesAt(request);
  const most = Math.max(...routes.map((route) => literals(route.pattern)));
  return [...new Set(routes.filter((route) => literals(route.pattern) === most).map((route) => route.method))].filter((method) => method !== request.method).sort();
}

/** The other methods served at the request's path by a route with more literal segments than the one that took it (none: it is that route's). */
function methodsOfALiteralPath(request: FastifyRequest, matched: string): string[] {
  const routes = routesAt(request);
  const most = Math.max(...routes.map((route) => literals(route.pattern)));
  return routes.length === 0 || literals(matched) >= most ? [] : methodsElsewhere(request);
}

function routesAt(request: FastifyRequest): { method: string; pattern: string }[] {
  const path = request.url.split('?')[0];
  return Object.keys(ACCESS_POLICY).flatMap((route) => {
    const [method, pattern] = route.split(' ');
    return new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path) ? [{ method, pattern }] : [];
  });
}

const literals = (pattern: string): number => pattern.split('/').filter((segment) => segment !== '' && !segment.startsWith(':')).length;
