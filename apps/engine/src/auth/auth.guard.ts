import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReferenceData } from '../infrastructure/reference-data';
import { ACCESS_POLICY, decideAccess, Directory, narrowedQuery } from './access-policy';
import type { Principal } from './roles';
import { InvalidTokenError, TokenVerifier } from './tokens';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** The verified caller, set on the request by the guard. */
const PRINCIPAL = Symbol('principal');
type RequestWithPrincipal = FastifyRequest & { [PRINCIPAL]?: Principal };

export function principalOfRequest(request: FastifyRequest): Principal | undefined {
  return (request as RequestWithPrincipal)[PRINCIPAL];
}

/** Browsers' EventSource cannot send headers: the live feed alone also takes `?access_token=`. */
const TOKEN_IN_QUERY = new Set(['GET /api/supervision/events']);

/**
 * Every call is someone's: a bearer token verified (401 otherwise), then the access policy
 * (403 with the reason otherwise). Refusals are logged with who, what and why.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('access');

  constructor(@Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier, private readonly reference: ReferenceData) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithPrincipal>();
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const rule = ACCESS_POLICY[route];
    if (rule && 'public' in rule) return true;
    const token = bearerToken(request, TOKEN_IN_QUERY.has(route));
    if (!token) return this.unauthenticated(http.getResponse<FastifyReply>(), route, 'AUTH.TOKEN_MISSING', 'this call needs a bearer token (Authorization: Bearer <token>)');
    let principal: Principal;
    try {
      principal = await this.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      return this.unauthenticated(http.getResponse<FastifyReply>(), route, error.code, error.message);
    }
    const query = (request.query ?? {}) as Record<string, unknown>;
    const decision = decideAccess(route, principal, {
      params: (request.params ?? {}) as Record<string, string>, body: request.body, query, directory: await this.directoryFor(principal),
    });
    if (!decision.allowed) {
      this.logger.warn({ msg: 'refused', route, subject: principal.subject, role: principal.role, code: decision.code, reason: decision.reason });
      throw new ForbiddenException({ code: decision.code, message: decision.reason });
    }
    request[PRINCIPAL] = principal;
    // Guards run before the pipes: the list's query is validated and answered as narrowed here.
    (request as { query: unknown }).query = narrowedQuery(route, principal, query);
    return true;
  }

  /**
   * Department-bound callers are checked against the organization as the engine last read it,
   * without waiting for the log (a command waits once, in its handler): windows change seldom.
   * Only a window not known yet (registered a moment ago) waits for the reference data to catch up.
   */
  private async directoryFor(principal: Principal): Promise<Directory | undefined> {
    if (principal.role !== 'window-staff' && principal.role !== 'department-head') return undefined;
    if (principal.windowId !== undefined && !this.reference.organization.windows.has(principal.windowId)) await this.reference.current();
    return { departmentOfWindow: (windowId) => this.reference.organization.windows.get(windowId)?.departmentId };
  }

  private unauthenticated(reply: FastifyReply, route: string, code: string, reason: string): never {
    this.logger.warn({ msg: 'refused', route, code, reason });
    // Header values must be plain ASCII: quotes and anything beyond (an ellipsis) are dropped from the description.
    void reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${reason.replace(/[^\x20-\x7e]|"/g, '')}"`);
    throw new UnauthorizedException({ code, message: reason });
  }
}

function bearerToken(request: FastifyRequest, queryAllowed: boolean): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match?.[1];
  }
  if (!queryAllowed) return undefined;
  const token = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}
