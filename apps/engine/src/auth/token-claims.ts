import type { JWTPayload } from 'jose';
import { isRole, Principal } from './roles';

/**
 * The engine's claims beside the registered ones: `role`, and the scope a role needs
 * (`department`, `window`, `case`, `channel`). An identity provider maps its own groups to
 * these claims (README: Identity).
 */
export interface EngineClaims extends JWTPayload {
  readonly role?: unknown;
  readonly department?: unknown;
  readonly window?: unknown;
  readonly case?: unknown;
  readonly channel?: unknown;
  readonly sub_center?: unknown;
}

export function claimsOf(principal: Principal): EngineClaims {
  return {
    role: principal.role,
    ...(principal.departmentId ? { department: principal.departmentId } : {}),
    ...(principal.windowId ? { window: principal.windowId } : {}),
    ...(principal.caseNo ? { case: principal.caseNo } : {}),
    ...(principal.channel ? { channel: principal.channel } : {}),
    ...(principal.subCenterId ? { sub_center: principal.subCenterId } : {}),
  };
}

/** The principal a verified token names, or why it names none. */
export function principalOf(claims: EngineClaims): Principal | { readonly refused: string } {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) return { refused: 'the token has no subject (sub)' };
  if (!isRole(claims.role)) return { refused: `the token's role ${JSON.stringify(claims.role ?? null)} is not one of the engine's roles` };
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const principal: Principal = {
    subject: claims.sub, role: claims.role,
    departmentId: text(claims.department), windowId: text(claims.window), caseNo: text(claims.case), channel: text(claims.channel),
    subCenterId: text(claims.sub_center),
  };
  // A sub-center's service speaks for one sub-center: its token names it.
  const required = principal.role === 'integration' && principal.channel === 'sub-center' ? [...REQUIRED_SCOPE.integration, 'subCenterId' as const] : REQUIRED_SCOPE[principal.role];
  const missing = required.filter((field) => principal[field] === undefined);
  if (missing.length > 0) {
    const article = /^[aeiou]/.test(principal.role) ? 'an' : 'a';
    return { refused: `${article} ${principal.role} token must name its ${missing.map((f) => SCOPE_CLAIM[f]).join(' and ')}` };
  }
  return principal;
}

type ScopeField = 'departmentId' | 'windowId' | 'caseNo' | 'channel' | 'subCenterId';
const SCOPE_CLAIM: Record<ScopeField, string> = { departmentId: 'department', windowId: 'window', caseNo: 'case', channel: 'channel', subCenterId: 'sub_center' };
export const REQUIRED_SCOPE: Record<Principal['role'], readonly ScopeField[]> = {
  applicant: ['caseNo'],
  'window-staff': ['departmentId', 'windowId'],
  'department-head': ['departmentId'],
  'center-admin': [],
  'efficiency-office': [],
  discipline: [],
  integration: ['channel'],
  migration: [],
  bank: [],
};
