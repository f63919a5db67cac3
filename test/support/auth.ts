import * as path from 'node:path';
import { ACCESS_POLICY, decideAccess } from '../../apps/engine/src/auth/access-policy';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER } from '../../apps/engine/src/auth/auth.config';
import type { Principal, Role } from '../../apps/engine/src/auth/roles';
import { EmbeddedTokens } from '../../apps/engine/src/auth/tokens';

/** The embedded token issuer of an engine's data directory (the engine and the test share its secret). */
export function tokensOf(dataDir: string): EmbeddedTokens {
  return EmbeddedTokens.open({ mode: 'embedded', issuer: EMBEDDED_ISSUER, audience: EMBEDDED_AUDIENCE, secretFile: path.join(dataDir, 'auth', 'token-secret') });
}

export async function bearer(dataDir: string, principal: Principal): Promise<string> {
  return `Bearer ${await tokensOf(dataDir).issue(principal, 3600)}`;
}

/** The policy's route (`POST /api/cases/:caseNo/complete`) that a concrete request matches, and its parameters. */
export function routeOf(method: string, url: string): { route: string; params: Record<string, string> } | undefined {
  const pathOnly = url.split('?')[0];
  // A literal route wins over a parameter (`/api/complaints/summary` is not `/:complaintNo`).
  if (ACCESS_POLICY[`${method} ${pathOnly}`]) return { route: `${method} ${pathOnly}`, params: {} };
  for (const route of Object.keys(ACCESS_POLICY)) {
    const [routeMethod, pattern] = route.split(' ');
    if (routeMethod !== method) continue;
    const names: string[] = [];
    const regex = new RegExp(`^${pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => { names.push(name); return '([^/]+)'; })}$`);
    const match = regex.exec(pathOnly);
    if (match) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return undefined;
}

/** A principal of `role` inside the scope the request names (its department, window, case or channel). */
export function principalFor(role: Role, params: Record<string, string>, body: unknown): Principal {
  const b = (body ?? {}) as { windowId?: unknown; channel?: unknown };
  // The demo catalog's case numbers start with the department's id in capitals (ZRZY-… is zrzy's).
  const id = params.id ?? params.caseNo?.split('-')[0].toLowerCase() ?? 'dept-1';
  return {
    subject: `test-${role}`, role,
    departmentId: role === 'window-staff' || role === 'department-head' ? id : undefined,
    windowId: role === 'window-staff' ? (typeof b.windowId === 'string' ? b.windowId : id) : undefined,
    caseNo: role === 'applicant' ? (params.caseNo ?? 'none') : undefined,
    channel: role === 'integration' ? (typeof b.channel === 'string' ? b.channel : 'online') : undefined,
  };
}

/** Roles tried in this order when a test does not say who calls: the least scoped first. */
const PREFERRED: readonly Role[] = ['center-admin', 'discipline', 'efficiency-office', 'migration', 'department-head', 'window-staff', 'integration', 'applicant'];

/**
 * For tests that are not about access: a caller the policy lets through for this request.
 * The access matrix test (test/http/access-matrix.http.spec.ts) states the policy on its own.
 */
export function defaultPrincipal(method: string, url: string, body: unknown): Principal | undefined {
  const found = routeOf(method, url);
  if (!found) return undefined;
  const rule = ACCESS_POLICY[found.route];
  if ('public' in rule) return undefined;
  const allowed = PREFERRED.filter((candidate) => rule.roles.includes(candidate)).map((role) => principalFor(role, found.params, body));
  // The first role the policy lets through for this very request (a sub-center receipt is the integration service's, not a clerk's).
  return allowed.find((principal) => decideAccess(found.route, principal, { params: found.params, body }).allowed) ?? allowed[0];
}
