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
  const b = (body ?? {}) as { windowId?: unknown; channel?: unknown; subCenterId?: unknown };
  // The demo catalog's case numbers start with the department's id in capitals (ZRZY-… is zrzy's), its windows are w-<department>.
  const windowId = typeof b.windowId === 'string' ? b.windowId : params.id?.startsWith('w-') ? params.id : undefined;
  // A notice or rectification number holds its case's number; a staff id of the tests reads s-<department>-<n>.
  const caseNo = params.caseNo ?? /[A-Z]+-\d{8}-\d{5}/.exec(params.noticeNo ?? params.rectificationNo ?? params.followUpNo ?? '')?.[0];
  const staffDepartment = /^s-([a-z]+)-/.exec(params.staffId ?? '')?.[1];
  const id = windowId?.slice('w-'.length) ?? params.id ?? caseNo?.split('-')[0].toLowerCase() ?? staffDepartment ?? 'scjg';
  // A service acts on the cases of its own channel: the demo's cases come in at windows unless the body says otherwise.
  const channel = role === 'integration' ? (typeof b.channel === 'string' ? b.channel : 'window') : undefined;
  return {
    // A clerk is on the roster: the demo seeds clerk-<department> at each demo window.
    subject: role === 'window-staff' ? `clerk-${id}` : `test-${role}`, role,
    departmentId: role === 'window-staff' || role === 'department-head' ? id : undefined,
    windowId: role === 'window-staff' ? (windowId ?? `w-${id}`) : undefined,
    caseNo: role === 'applicant' ? (caseNo ?? 'none') : undefined,
    channel,
    subCenterId: channel === 'sub-center' ? (typeof b.subCenterId === 'string' ? b.subCenterId : 'sc-1') : undefined,
  };
}

/** Roles tried in this order when a test does not say who calls: the least scoped first. */
const PREFERRED: readonly Role[] = ['center-admin', 'discipline', 'efficiency-office', 'migration', 'bank', 'department-head', 'window-staff', 'integration', 'applicant'];

/**
 * For tests that are not about access: callers the policy lets through for this request, the
 * likeliest first. Some scopes need the record (the case's channel and sub-center), so the
 * test engine tries the next one when a caller is refused for scope (a refusal writes nothing).
 * The access matrix test (test/http/access-matrix.http.spec.ts) states the policy on its own.
 */
export function defaultPrincipals(method: string, url: string, body: unknown): Principal[] {
  const found = routeOf(method, url);
  if (!found) return [];
  const rule = ACCESS_POLICY[found.route];
  if ('public' in rule) return [];
  const allowed = PREFERRED.filter((candidate) => rule.roles.includes(candidate)).flatMap((role) => {
    const principal = principalFor(role, found.params, body);
    if (role !== 'integration' || typeof (body as { channel?: unknown } | null)?.channel === 'string') return [principal];
    // A service of each channel, and of each demo sub-center: the case it acts on came in on one of them.
    return [principal, { ...principal, channel: 'online' }, ...['jj', 'sb', 'yb'].map((subCenterId) => ({ ...principal, channel: 'sub-center', subCenterId }))];
  });
  // The callers the policy lets through for this very request first (a sub-center receipt is the integration service's, not a clerk's).
  const through = allowed.filter((principal) => decideAccess(found.route, principal, { params: found.params, body }).allowed);
  return through.length > 0 ? through : allowed.slice(0, 1);
}
