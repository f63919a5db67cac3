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
  const routes = compiledRoutes();
  const rivals = new Map<string, readonly Route[]>();
  fastify.addHook('onRequest', async (request, reply) => {
    const matched = request.routeOptions.url;
    // A route without parameters took it: no other route can be more literal (the common case, and it costs nothing).
    if (matched !== undefined && !matched.includes(':')) return;
    // Nor can one when no route with more literal segments takes the path (for most parameter routes there is none to try).
    if (matched !== undefined && !rivalsOf(rivals, routes, matched).some((route) => route.matches.test(request.url.split('?')[0]))) return;
    const allowed = methodsElsewhere(routes, request);
    if (allowed.length === 0) return;
    return reply.status(405).header('allow', allowed.join(', '))
      .send({ statusCode: 405, code: 'HTTP.METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here; allowed: ${allowed.join(', ')}` });
  });
}

interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly matches: RegExp;
  readonly literals: number;
}

/** The access table's routes with their path patterns compiled, once per server (compiling them per request was a tenth of a receipt's time). */
function compiledRoutes(): readonly Route[] {
  return Object.keys(ACCESS_POLICY).map((route) => {
    const [method, pattern] = route.split(' ');
    return { method, pattern, matches: new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`), literals: literals(pattern) };
  });
}

/** The methods the API serves at the request's path, other than its own: a literal segment wins over a parameter, as in the router. */
function methodsElsewhere(routes: readonly Route[], request: FastifyRequest): string[] {
  const here = routesAt(routes, request);
  const most = Math.max(...here.map((route) => route.literals));
  return [...new Set(here.filter((route) => route.literals === most).map((route) => route.method))].filter((method) => method !== request.method).sort();
}

/** The routes that could take a path this pattern takes, with more literal segments than it (computed once a pattern). */
function rivalsOf(cache: Map<string, readonly Route[]>, routes: readonly Route[], pattern: string): readonly Route[] {
  let found = cache.get(pattern);
  if (!found) {
    const segments = pattern.split('/');
    const overlaps = (other: string) => {
      const theirs = other.split('/');
      return theirs.length === segments.length && theirs.every((segment, i) => segment === segments[i] || segment.startsWith(':') || segments[i].startsWith(':'));
    };
    cache.set(pattern, (found = routes.filter((route) => route.literals > literals(pattern) && overlaps(route.pattern))));
  }
  return found;
}

function routesAt(routes: readonly Route[], request: FastifyRequest): Route[] {
  const path = request.url.split('?')[0];
  return routes.filter((route) => route.matches.test(path));
}

const literals = (pattern: string): number => pattern.split('/').filter((segment) => segment !== '' && !segment.startsWith(':')).length;
