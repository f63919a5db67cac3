import { CHANNELS } from '@gov/domain';
import type { Principal, Role } from './roles';

/**
 * Who may do what, in one place: for every route of the API, the roles that may call it and,
 * for roles bound to a department, a window, a case or a channel, the check that keeps them
 * inside it. A route with no entry is refused to everyone (fail closed), and a test checks
 * that every route the engine serves has an entry.
 *
 * Checks here see only the request (route parameters, body); a rule that needs the record
 * (a window clerk acting on a case of another department) belongs to the domain.
 */
export interface RequestFacts {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly query?: Readonly<Record<string, unknown>>;
  /** The center's organization as the engine knows it: which department a window belongs to. */
  readonly directory?: Directory;
}

export interface Directory {
  departmentOfWindow(windowId: string): string | undefined;
}

/** Why the principal is out of scope, or null when it is in. */
export type ScopeCheck = (request: RequestFacts, principal: Principal) => string | null;

export type AccessRule =
  | { readonly public: true }
  | {
    readonly roles: readonly Role[];
    readonly scope?: Partial<Record<Role, ScopeCheck>>;
    /** A list a department-bound caller (window staff, department head) sees for their own department only: `?departmentId=` is theirs. */
    readonly listsOwnDepartment?: true;
  };

const OVERSIGHT: readonly Role[] = ['center-admin', 'efficiency-office', 'discipline'];
const EVERY_ROLE: readonly Role[] = [
  'applicant', 'window-staff', 'department-head', 'center-admin', 'efficiency-office', 'discipline', 'integration', 'migration',
];
const CASE_WORKERS: readonly Role[] = ['window-staff', 'integration'];

const ownCase: ScopeCheck = ({ params }, principal) =>
  params.caseNo === principal.caseNo ? null : `an applicant's token opens case ${principal.caseNo} only`;
const ownFollowUp: ScopeCheck = ({ params }, principal) =>
  params.followUpNo === `HF-${principal.caseNo}` ? null : `an applicant's token opens the follow-up of case ${principal.caseNo} only`;
const ownDepartment: ScopeCheck = ({ params }, principal) =>
  params.id === principal.departmentId ? null : `this token is for department ${principal.departmentId} only`;
const ownWindow: ScopeCheck = ({ params }, principal) =>
  params.id === principal.windowId ? null : `this token is for window ${principal.windowId} only`;
const windowOfOwnDepartment: ScopeCheck = ({ params, directory }, principal) => {
  const departmentId = params.id === undefined ? undefined : directory?.departmentOfWindow(params.id);
  return departmentId !== undefined && departmentId === principal.departmentId ? null : `this token is for the windows of department ${principal.departmentId} only`;
};
// A body field that is missing or not a valid value is left to validation (400 naming the
// field): the scope check refuses only a well-formed request for someone else's window or channel.
const knownChannel = (value: unknown): value is string => typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
const receiptAtOwnWindow: ScopeCheck = (request, principal) => {
  const { channel, windowId } = (request.body ?? {}) as { channel?: unknown; windowId?: unknown };
  const elsewhere = (knownChannel(channel) && channel !== 'window') || (typeof windowId === 'string' && windowId !== principal.windowId);
  return elsewhere ? `window staff receive cases at their own window (${principal.windowId}) only` : underOwnName(request, principal);
};
/** A window clerk acts under their own name: a body naming another staff member is refused. */
const underOwnName: ScopeCheck = ({ body }, principal) => {
  const staffId = (body as { staffId?: unknown } | null)?.staffId;
  return typeof staffId === 'string' && staffId !== principal.subject ? `a window clerk acts as ${principal.subject}, not as ${staffId}` : null;
};
const receiptOnOwnChannel: ScopeCheck = ({ body }, principal) => {
  const { channel, subCenterId } = (body ?? {}) as { channel?: unknown; subCenterId?: unknown };
  if (knownChannel(channel) && channel !== principal.channel) return `this service receives cases on the ${principal.channel} channel only`;
  return principal.channel === 'sub-center' && typeof subCenterId === 'string' && subCenterId !== principal.subCenterId
    ? `this service receives cases for sub-center ${principal.subCenterId} only` : null;
};

/** A queue action names the window the ticket stands at: the caller's own. */
const atOwnWindow: ScopeCheck = ({ body }, principal) => {
  const windowId = (body as { windowId?: unknown } | null)?.windowId;
  return typeof windowId === 'string' && windowId !== principal.windowId ? `this token is for window ${principal.windowId} only` : null;
};
const onlineChannel: ScopeCheck = (_request, principal) =>
  principal.channel === 'online' ? null : `appointments are booked through the online channel, not ${principal.channel}`;

const caseAction = (roles: readonly Role[]): AccessRule => ({ roles, scope: { applicant: ownCase } });
/** A step is handed to a pool of the caller's own department only (the case's department is checked on the record). */
const poolOfOwnDepartment: ScopeCheck = ({ body }, principal) => {
  const departmentId = ((body as { to?: { departmentId?: unknown } } | null)?.to ?? {}).departmentId;
  return typeof departmentId === 'string' && departmentId !== principal.departmentId ? `a step is handed on within department ${principal.departmentId} only` : null;
};
/** The steps' performers (issue 24): window staff (acceptance, review, delivery) and the department head (approval), on their department's cases. */
const STEP_PERFORMERS: readonly Role[] = ['window-staff', 'department-head'];

export const ACCESS_POLICY: Readonly<Record<string, AccessRule>> = {
  // Operations: probes and scrapers carry no user token. /metrics is guarded by METRICS_TOKEN when set (health.controller.ts).
  'GET /health': { public: true },
  // The applicant signs in with the receipt's case number and query code; the answer is a token for that case.
  'POST /api/applicant/sessions': { public: true },
  'GET /ready': { public: true },
  'GET /metrics': { public: true },
  // The hall's display screen hangs in the hall: public, counts and masked names only.
  'GET /api/hall/today': { public: true },
  'GET /api/hall/stream': { public: true },

  // Cases
  'POST /api/cases': { roles: CASE_WORKERS, scope: { 'window-staff': receiptAtOwnWindow, integration: receiptOnOwnChannel } },
  'GET /api/cases/:caseNo': caseAction(['applicant', 'window-staff', 'department-head', ...OVERSIGHT, 'integration']),
  'POST /api/cases/:caseNo/not-accept': caseAction(CASE_WORKERS),
  'POST /api/cases/:caseNo/request-materials': caseAction(CASE_WORKERS),
  'POST /api/cases/:caseNo/supply-materials': caseAction(['applicant', ...CASE_WORKERS]),
  'POST /api/cases/:caseNo/suspend': caseAction(CASE_WORKERS),
  'POST /api/cases/:caseNo/resume': caseAction(CASE_WORKERS),
  // 特事特办 is the department's or the center's decision, not the clerk's.
  'POST /api/cases/:caseNo/escalate': caseAction(['department-head', 'center-admin']),
  // 行政许可法 §42: the extension is approved by the department head (本行政机关负责人), not the clerk or the center.
  'POST /api/cases/:caseNo/extend': caseAction(['department-head']),
  // 容缺受理: the window records the commitment; the materials arrive as other supplies do.
  'POST /api/cases/:caseNo/accept-with-gaps': caseAction(CASE_WORKERS),
  'POST /api/cases/:caseNo/supply-committed-materials': caseAction(['applicant', ...CASE_WORKERS]),
  'POST /api/cases/:caseNo/assess-fee': caseAction(CASE_WORKERS),
  // The paying side confirms a payment: the bank's collection system, never the applicant or the clerk who asked for it.
  'POST /api/cases/:caseNo/pay-fee': { roles: ['bank'] },
  // The payment notice (缴款通知书): what to pay, to whom, under which reference.
  'GET /api/cases/:caseNo/payment-notice': caseAction(['applicant', 'window-staff', 'department-head', ...OVERSIGHT, 'integration', 'bank']),
  'POST /api/cases/:caseNo/complete': { roles: CASE_WORKERS, scope: { 'window-staff': underOwnName } },
  'POST /api/cases/:caseNo/withdraw': caseAction(['applicant', ...CASE_WORKERS]),
  'POST /api/cases/:caseNo/rate': caseAction(['applicant', 'integration']),
  'POST /api/import/cases': { roles: ['migration'] },
  // 减免: the department's head approves a fee below the standard on a legal basis (their department's cases only); 退费: the bank refunds what it collected.
  'POST /api/cases/:caseNo/assess-reduced-fee': { roles: ['department-head'] },
  'POST /api/cases/:caseNo/refund-fee': { roles: ['bank'] },
  // Documents (issue 29): filed online (the portal, the applicant) or scanned at the window; their content is the applicant's
  // personal data, for the applicant and the case's window staff only (decision 0032); the list names materials only.
  'POST /api/cases/:caseNo/documents': caseAction(['applicant', ...CASE_WORKERS]),
  'GET /api/cases/:caseNo/documents': caseAction(['applicant', 'window-staff', 'department-head', ...OVERSIGHT, 'integration']),
  'GET /api/cases/:caseNo/documents/:documentId': caseAction(['applicant', 'window-staff']),
  // 送达: the window hands it over or posts it; the portal records an online delivery.
  'POST /api/cases/:caseNo/delivery': caseAction(CASE_WORKERS),
  // Notifications (issue 29): the applicant's own choice (or the portal's on their behalf); what was sent, as the case is seen; dead letters for the center.
  'PUT /api/cases/:caseNo/notifications': caseAction(['applicant', 'integration']),
  'GET /api/cases/:caseNo/notifications': caseAction(['applicant', 'window-staff', 'department-head', ...OVERSIGHT, 'integration']),
  'GET /api/notifications/dead-letters': { roles: ['center-admin', 'efficiency-office'] },
  // The rating loop (issue 29): figures for oversight; the closed months' figures are public (nothing personal); the center visits, the applicant confirms.
  'GET /api/ratings/figures': { roles: OVERSIGHT },
  'GET /api/ratings/published/:month': { public: true },
  'GET /api/follow-ups': { roles: OVERSIGHT },
  'POST /api/follow-ups/:followUpNo/visit': { roles: ['center-admin', 'efficiency-office'] },
  'POST /api/follow-ups/:followUpNo/confirm': { roles: ['applicant'], scope: { applicant: ownFollowUp } },

  // Catalog, organization and calendar: the center administers them; everyone may read them.
  'POST /api/catalog/items': { roles: ['center-admin'] },
  'PUT /api/catalog/items/:code': { roles: ['center-admin'] },
  'POST /api/catalog/items/:code/withdraw': { roles: ['center-admin'] },
  'GET /api/catalog/items': { roles: EVERY_ROLE },
  'GET /api/catalog/items/:code': { roles: EVERY_ROLE },
  'GET /api/catalog/items/:code/bpmn': { roles: EVERY_ROLE },
  'PUT /api/catalog/items/:code/procedure': { roles: ['center-admin'] },
  // The workflow inside a case (issue 24): the caller's worklist, and the steps of their department's cases (record-scope.ts on the case).
  'GET /api/tasks': { roles: STEP_PERFORMERS },
  'POST /api/cases/:caseNo/steps/:stepId/claim': { roles: STEP_PERFORMERS },
  'POST /api/cases/:caseNo/steps/:stepId/complete': { roles: STEP_PERFORMERS },
  'POST /api/cases/:caseNo/steps/:stepId/return': { roles: STEP_PERFORMERS },
  'POST /api/cases/:caseNo/steps/:stepId/transfer': { roles: STEP_PERFORMERS, scope: { 'window-staff': poolOfOwnDepartment, 'department-head': poolOfOwnDepartment } },
  'POST /api/cases/:caseNo/steps/:stepId/delegate': { roles: ['department-head'] },
  'GET /api/departments/:id/steps': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownDepartment, 'department-head': ownDepartment },
  },
  'GET /api/windows/:id/received-for': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownWindow, 'department-head': windowOfOwnDepartment },
  },
  'POST /api/catalog/fees': { roles: ['center-admin'] },
  'PUT /api/catalog/fees/:code': { roles: ['center-admin'] },
  'POST /api/catalog/fees/:code/withdraw': { roles: ['center-admin'] },
  'GET /api/catalog/fees': { roles: EVERY_ROLE },
  'POST /api/departments': { roles: ['center-admin'] },
  'POST /api/windows': { roles: ['center-admin'] },
  'POST /api/sub-centers': { roles: ['center-admin'] },
  'GET /api/departments': { roles: EVERY_ROLE },
  'PUT /api/calendar/:year': { roles: ['center-admin'] },
  'GET /api/calendar/:year': { roles: EVERY_ROLE },
  // The dashboard's notice of calendar years to publish.
  'GET /api/calendar/notices': { roles: ['department-head', ...OVERSIGHT] },

  // Figures
  'GET /api/windows/:id/stats': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownWindow, 'department-head': windowOfOwnDepartment },
  },
  'GET /api/windows/:id/open-cases': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownWindow, 'department-head': windowOfOwnDepartment },
  },
  'GET /api/departments/:id/stats': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownDepartment, 'department-head': ownDepartment },
  },
  'GET /api/departments/:id/open-cases': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownDepartment, 'department-head': ownDepartment },
  },
  'GET /api/reports/center': { roles: OVERSIGHT },

  // Supervision (效能办)
  'GET /api/supervision/events': { roles: OVERSIGHT },
  'GET /api/supervision/overdue': { roles: ['department-head', ...OVERSIGHT], listsOwnDepartment: true },
  'GET /api/supervision/warned': { roles: ['department-head', ...OVERSIGHT], listsOwnDepartment: true },
  'GET /api/supervision/cards': { roles: ['department-head', ...OVERSIGHT] },
  'GET /api/supervision/notices': { roles: ['department-head', ...OVERSIGHT], listsOwnDepartment: true },
  'GET /api/supervision/notices/:noticeNo': { roles: ['department-head', ...OVERSIGHT] },
  'POST /api/supervision/notices/:noticeNo/reply': { roles: ['department-head'] },
  'POST /api/supervision/notices/:noticeNo/close': { roles: ['efficiency-office'] },
  'POST /api/supervision/notices/:noticeNo/return': { roles: ['efficiency-office'] },
  'POST /api/supervision/visits': { roles: ['efficiency-office'] },
  'GET /api/supervision/visits': { roles: OVERSIGHT },
  'GET /api/assessment/:year': { roles: OVERSIGHT },
  'GET /api/assessment/:year/departments/:id': { roles: ['department-head', ...OVERSIGHT], scope: { 'department-head': ownDepartment } },

  // Complaints (纪检监察): anyone may complain; only the discipline window handles them and sees who complained.
  'POST /api/complaints': { roles: ['applicant', 'window-staff', 'integration', 'discipline'] },
  'POST /api/complaints/:complaintNo/accept': { roles: ['discipline'] },
  'POST /api/complaints/:complaintNo/decline': { roles: ['discipline'] },
  'POST /api/complaints/:complaintNo/investigate': { roles: ['discipline'] },
  'POST /api/complaints/:complaintNo/conclude': { roles: ['discipline'] },
  'POST /api/complaints/:complaintNo/feedback': { roles: ['discipline'] },
  'GET /api/complaints': { roles: OVERSIGHT },
  'GET /api/complaints/summary': { roles: OVERSIGHT },
  'GET /api/complaints/figures': { roles: OVERSIGHT },
  'GET /api/complaints/actions': { roles: OVERSIGHT },
  'GET /api/complaints/:complaintNo': { roles: OVERSIGHT },
  'GET /api/complaints/:complaintNo/complainant': { roles: ['discipline'] },
  // A bad rating's rectification (整改): the department answers it.
  'GET /api/complaints/rectifications': { roles: ['department-head', ...OVERSIGHT], listsOwnDepartment: true },
  'GET /api/complaints/rectifications/:rectificationNo': { roles: ['department-head', ...OVERSIGHT] },
  'POST /api/complaints/rectifications/:rectificationNo/answer': { roles: ['department-head'] },

  // Personal data (README "Personal data"): erasing a person destroys their key; the center or the discipline window does it.
  'POST /api/personal-data/:personId/erase': { roles: ['center-admin', 'discipline'] },
  // The access log (等保 2.0): who read whose data; exported for the discipline window only.
  'GET /api/access-audit': { roles: ['discipline'] },

  // Window staff roster and authorizations (the electronic approval seal)
  'POST /api/staff': { roles: ['center-admin'] },
  'POST /api/staff/:staffId/authorizations': { roles: ['department-head'] },
  'POST /api/staff/:staffId/authorizations/revoke': { roles: ['department-head'] },
  'GET /api/staff': { roles: ['department-head', ...OVERSIGHT], listsOwnDepartment: true },
  'GET /api/staff/:staffId': { roles: ['department-head', ...OVERSIGHT] },

  // Tickets and calling (排队叫号): the kiosk and the hall screen are devices in the hall (public, numbers only); appointments
  // come from the online channel; a window calls, recalls, marks no-shows and transfers at its own window only.
  'GET /api/queue/queues': { public: true },
  'GET /api/queue/board': { public: true },
  'POST /api/queue/tickets': { public: true },
  'POST /api/queue/queues': { roles: ['center-admin'] },
  'PUT /api/queue/windows/:id/queues': { roles: ['center-admin'] },
  'POST /api/queue/appointments': { roles: ['integration'], scope: { integration: onlineChannel } },
  'POST /api/queue/windows/:id/call-next': { roles: ['window-staff'], scope: { 'window-staff': ownWindow } },
  'GET /api/queue/windows/:id': {
    roles: ['window-staff', 'department-head', ...OVERSIGHT], scope: { 'window-staff': ownWindow, 'department-head': windowOfOwnDepartment },
  },
  'POST /api/queue/tickets/:ticketId/recall': { roles: ['window-staff'], scope: { 'window-staff': atOwnWindow } },
  'POST /api/queue/tickets/:ticketId/no-show': { roles: ['window-staff'], scope: { 'window-staff': atOwnWindow } },
  'POST /api/queue/tickets/:ticketId/transfer': { roles: ['window-staff'], scope: { 'window-staff': atOwnWindow } },
  'GET /api/queue/figures': { roles: OVERSIGHT },

  // The public service guide (办事指南): the published catalog, for anyone, without a token.
  'GET /api/guide/items': { public: true },
  'GET /api/guide/items/:code': { public: true },
  'GET /api/guide/departments': { public: true },
};

export type AccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: 'AUTH.ROLE_FORBIDDEN' | 'AUTH.OUT_OF_SCOPE' | 'AUTH.NO_RULE'; readonly reason: string };

/** Whether `principal` may call `route` (`METHOD /path/:param`) with this request. */
export function decideAccess(route: string, principal: Principal, request: RequestFacts): AccessDecision {
  const rule = ACCESS_POLICY[route];
  if (!rule) return { allowed: false, code: 'AUTH.NO_RULE', reason: `${route} has no access rule, so no one may call it` };
  if ('public' in rule) return { allowed: true };
  if (!rule.roles.includes(principal.role)) {
    return { allowed: false, code: 'AUTH.ROLE_FORBIDDEN', reason: `the ${principal.role} role may not call ${route} (allowed: ${rule.roles.join(', ')})` };
  }
  const outOfScope = windowOutsideDepartment(request, principal) ?? rule.scope?.[principal.role]?.(request, principal) ?? listOfAnotherDepartment(rule, request, principal);
  return outOfScope === null ? { allowed: true } : { allowed: false, code: 'AUTH.OUT_OF_SCOPE', reason: outOfScope };
}

/** Window staff sit at a window of their own department: a token that says otherwise opens nothing. */
function windowOutsideDepartment({ directory }: RequestFacts, principal: Principal): string | null {
  if (principal.role !== 'window-staff' || !directory || principal.windowId === undefined) return null;
  const departmentId = directory.departmentOfWindow(principal.windowId);
  return departmentId === principal.departmentId ? null : `window ${principal.windowId} is not a window of department ${principal.departmentId}`;
}

/** A department-bound caller asking a list for another department's rows. */
function listOfAnotherDepartment(rule: AccessRule, { query }: RequestFacts, principal: Principal): string | null {
  if ('public' in rule || !rule.listsOwnDepartment || principal.departmentId === undefined) return null;
  const asked = query?.departmentId;
  return asked === undefined || asked === principal.departmentId ? null : `this token lists department ${principal.departmentId}'s rows only`;
}

/** The query a list route runs for this caller: a department-bound caller's list is their own department's. */
export function narrowedQuery(route: string, principal: Principal, query: Record<string, unknown>): Record<string, unknown> {
  const rule = ACCESS_POLICY[route];
  if (!rule || 'public' in rule || !rule.listsOwnDepartment || principal.departmentId === undefined) return query;
  return { ...query, departmentId: principal.departmentId };
}
