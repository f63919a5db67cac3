/**
 * Who may call the engine. Each role is one of the county's actors (DOMAIN.md); the access
 * policy (`access-policy.ts`) says, for every route, which roles may call it and within
 * which scope.
 */
export const ROLES = [
  /** A citizen or company: their own case only, by case number and query code. */
  'applicant',
  /** Staff at a window: their window, their department's items. */
  'window-staff',
  /** A department's head: their department's read models, authorizations, replies to notices. */
  'department-head',
  /** The center's administration: catalog, fees, windows, calendar, roster, reports. */
  'center-admin',
  /** 效能办: reads everything, supervises. */
  'efficiency-office',
  /** 纪检监察: complaints and complainants' identities; reads everything. */
  'discipline',
  /** The online portal and sub-center systems: commands for their channel. */
  'integration',
  /** The legacy import. */
  'migration',
  /** The bank's non-tax revenue collection (非税收入收缴): confirms the fees it collected, and refunds. */
  'bank',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The caller, from a verified token. */
export interface Principal {
  /** The token's `sub`: a staff id, a service id, or `applicant:<caseNo>`. */
  readonly subject: string;
  readonly role: Role;
  /** Department-bound roles (window staff, department heads). */
  readonly departmentId?: string;
  /** Window staff: the window they sit at. */
  readonly windowId?: string;
  /** Applicants: the one case the token opens. */
  readonly caseNo?: string;
  /** Integration services: the channel their commands come from (`online`, `sub-center`). */
  readonly channel?: string;
  /** A sub-center's integration service: the sub-center it speaks for. */
  readonly subCenterId?: string;
}
