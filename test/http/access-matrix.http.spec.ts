import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_POLICY, decideAccess } from '../../apps/engine/src/auth/access-policy';
import { ROLES, Role } from '../../apps/engine/src/auth/roles';
import { apiControllers } from '../../apps/engine/src/engine.module';
import { bearer, principalFor, routeOf } from '../support/auth';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/**
 * Every endpoint × every role. The grid is written here a second time, apart from the
 * policy: a change to who may do what must be made in both places, on purpose.
 * Columns: A applicant, W window staff, H department head, C center administrator,
 * E efficiency office, D discipline, I integration service, M migration, B the bank's collection system.
 */
/** Open to anyone without a token: probes, the hall's display screen, and the applicant's sign-in by query code. */
const PUBLIC = ['GET /health', 'GET /ready', 'GET /metrics', 'GET /api/hall/today', 'GET /api/hall/stream', 'POST /api/applicant/sessions'];
// The hall's ticket kiosk and queue screen.
PUBLIC.push('GET /api/queue/queues', 'GET /api/queue/board', 'POST /api/queue/tickets');
// The public service guide.
PUBLIC.push('GET /api/guide/items', 'GET /api/guide/items/:code', 'GET /api/guide/departments');
PUBLIC.push('GET /api/ratings/published/:month'); // issue 29

const GRID: Record<string, string> = {
  'POST /api/cases': '.W....I..',
  'GET /api/cases/:caseNo': 'AWHCEDI..',
  'POST /api/cases/:caseNo/not-accept': '.W....I..',
  'POST /api/cases/:caseNo/request-materials': '.W....I..',
  'POST /api/cases/:caseNo/supply-materials': 'AW....I..',
  'POST /api/cases/:caseNo/suspend': '.W....I..',
  'POST /api/cases/:caseNo/resume': '.W....I..',
  'POST /api/cases/:caseNo/escalate': '..HC.....',
  'POST /api/cases/:caseNo/extend': '..H......',
  'POST /api/cases/:caseNo/accept-with-gaps': '.W....I..',
  'POST /api/cases/:caseNo/supply-committed-materials': 'AW....I..',
  'POST /api/cases/:caseNo/assess-fee': '.W....I..',
  'POST /api/cases/:caseNo/pay-fee': '........B',
  'POST /api/cases/:caseNo/assess-reduced-fee': '..H......',
  'POST /api/cases/:caseNo/refund-fee': '........B',
  'GET /api/cases/:caseNo/payment-notice': 'AWHCEDI.B',
  'POST /api/cases/:caseNo/complete': '.W....I..',
  'POST /api/cases/:caseNo/withdraw': 'AW....I..',
  'POST /api/cases/:caseNo/rate': 'A.....I..',
  'POST /api/import/cases': '.......M.',
  'POST /api/cases/:caseNo/documents': 'AW....I..',
  'GET /api/cases/:caseNo/documents': 'AWHCEDI..',
  'GET /api/cases/:caseNo/documents/:documentId': 'AW.......',
  'POST /api/cases/:caseNo/delivery': '.W....I..',
  'PUT /api/cases/:caseNo/notifications': 'A.....I..',
  'GET /api/cases/:caseNo/notifications': 'AWHCEDI..',
  'GET /api/notifications/dead-letters': '...CE....',
  'GET /api/ratings/figures': '...CED...',
  'GET /api/follow-ups': '...CED...',
  'POST /api/follow-ups/:followUpNo/visit': '...CE....',
  'POST /api/follow-ups/:followUpNo/confirm': 'A........',
  'POST /api/catalog/items': '...C.....',
  'PUT /api/catalog/items/:code': '...C.....',
  'POST /api/catalog/items/:code/withdraw': '...C.....',
  'GET /api/catalog/items': 'AWHCEDIM.',
  'GET /api/catalog/items/:code': 'AWHCEDIM.',
  'GET /api/catalog/items/:code/bpmn': 'AWHCEDIM.',
  'PUT /api/catalog/items/:code/procedure': '...C.....',
  'GET /api/tasks': '.WH......',
  'POST /api/cases/:caseNo/steps/:stepId/claim': '.WH......',
  'POST /api/cases/:caseNo/steps/:stepId/complete': '.WH......',
  'POST /api/cases/:caseNo/steps/:stepId/return': '.WH......',
  'POST /api/cases/:caseNo/steps/:stepId/transfer': '.WH......',
  'POST /api/cases/:caseNo/steps/:stepId/delegate': '..H......',
  'GET /api/windows/:id/received-for': '.WHCED...',
  'GET /api/departments/:id/steps': '.WHCED...',
  'POST /api/catalog/fees': '...C.....',
  'PUT /api/catalog/fees/:code': '...C.....',
  'POST /api/catalog/fees/:code/withdraw': '...C.....',
  'GET /api/catalog/fees': 'AWHCEDIM.',
  'POST /api/departments': '...C.....',
  'POST /api/windows': '...C.....',
  'POST /api/sub-centers': '...C.....',
  'GET /api/departments': 'AWHCEDIM.',
  'PUT /api/calendar/:year': '...C.....',
  'GET /api/calendar/:year': 'AWHCEDIM.',
  'GET /api/calendar/notices': '..HCED...',
  'GET /api/windows/:id/stats': '.WHCED...',
  'GET /api/windows/:id/open-cases': '.WHCED...',
  'GET /api/departments/:id/stats': '.WHCED...',
  'GET /api/departments/:id/open-cases': '.WHCED...',
  'GET /api/reports/center': '...CED...',
  'GET /api/supervision/events': '...CED...',
  'GET /api/supervision/overdue': '..HCED...',
  'GET /api/supervision/warned': '..HCED...',
  'GET /api/supervision/cards': '..HCED...',
  'GET /api/supervision/notices': '..HCED...',
  'GET /api/supervision/notices/:noticeNo': '..HCED...',
  'POST /api/supervision/notices/:noticeNo/reply': '..H......',
  'POST /api/supervision/notices/:noticeNo/close': '....E....',
  'POST /api/supervision/notices/:noticeNo/return': '....E....',
  'POST /api/supervision/visits': '....E....',
  'GET /api/supervision/visits': '...CED...',
  'GET /api/assessment/:year': '...CED...',
  'GET /api/assessment/:year/departments/:id': '..HCED...',
  'POST /api/complaints': 'AW...DI..',
  'POST /api/complaints/:complaintNo/accept': '.....D...',
  'POST /api/complaints/:complaintNo/decline': '.....D...',
  'POST /api/complaints/:complaintNo/investigate': '.....D...',
  'POST /api/complaints/:complaintNo/conclude': '.....D...',
  'POST /api/complaints/:complaintNo/feedback': '.....D...',
  'GET /api/complaints': '...CED...',
  'GET /api/complaints/summary': '...CED...',
  'GET /api/complaints/figures': '...CED...',
  'GET /api/complaints/actions': '...CED...',
  'GET /api/complaints/:complaintNo': '...CED...',
  'GET /api/complaints/:complaintNo/complainant': '.....D...',
  'GET /api/complaints/rectifications': '..HCED...',
  'GET /api/complaints/rectifications/:rectificationNo': '..HCED...',
  'POST /api/complaints/rectifications/:rectificationNo/answer': '..H......',
  'POST /api/staff': '...C.....',
  'POST /api/staff/:staffId/authorizations': '..H......',
  'POST /api/staff/:staffId/authorizations/revoke': '..H......',
  'GET /api/staff': '..HCED...',
  'GET /api/staff/:staffId': '..HCED...',
  'POST /api/personal-data/:personId/erase': '...C.D...',
  'GET /api/access-audit': '.....D...',
  'POST /api/queue/queues': '...C.....',
  'PUT /api/queue/windows/:id/queues': '...C.....',
  'POST /api/queue/appointments': '......I..',
  'POST /api/queue/windows/:id/call-next': '.W.......',
  'GET /api/queue/windows/:id': '.WHCED...',
  'POST /api/queue/tickets/:ticketId/recall': '.W.......',
  'POST /api/queue/tickets/:ticketId/no-show': '.W.......',
  'POST /api/queue/tickets/:ticketId/transfer': '.W.......',
  'GET /api/queue/figures': '...CED...',
};
const COLUMN: Record<Role, number> = {
  applicant: 0, 'window-staff': 1, 'department-head': 2, 'center-admin': 3, 'efficiency-office': 4, discipline: 5, integration: 6, migration: 7, bank: 8,
};
const SAMPLE_PARAMS: Record<string, string> = {
  caseNo: 'SCJG-20260407-00001', code: 'SCJG-001', year: '2026', id: 'scjg', noticeNo: 'DB-SCJG-20260407-00001-2026-04-14',
  complaintNo: 'TS-20260407-00001', staffId: 'S-0001', rectificationNo: 'ZG-SCJG-20260407-00001',
  personId: '00000000-0000-4000-8000-000000000000', ticketId: '20260407-A001',
  documentId: '00000000-0000-7000-8000-000000000000',
  followUpNo: 'HF-SCJG-20260407-00001', month: '2026-03',
};
/** The live feed never ends by itself: its allowed cells are checked on the policy, not over HTTP. */
const ENDLESS = new Set(['GET /api/supervision/events']);

function concrete(route: string): { method: 'GET' | 'POST' | 'PUT'; url: string; body?: unknown } {
  const [method, pattern] = route.split(' ') as ['GET' | 'POST' | 'PUT', string];
  // Windows are the demo's (w-scjg); departments and the rest take the sample values.
  const url = pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'id' && /^\/api\/(queue\/)?windows\//.test(pattern) ? 'w-scjg' : SAMPLE_PARAMS[name]));
  if (method === 'GET') return { method, url };
  if (route === 'POST /api/queue/appointments') return { method, url, body: { channel: 'online' } };
  return { method, url, body: route === 'POST /api/cases' ? { channel: 'window', windowId: 'w-scjg', itemCode: 'SCJG-001' } : {} };
}

/** Every route the engine's controllers declare, as `METHOD /path/:param`. */
function servedRoutes(): string[] {
  // The all-in-one engine's controllers: the `api` role serves the same, the other roles none of /api.
  const controllers = apiControllers() as (new (...args: never[]) => object)[];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const path = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
      return [`${method} ${path}`];
    });
  });
}

describe('who may do what (the access matrix)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('has a rule for every route the engine serves, and the grid states every rule', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((route) => !ACCESS_POLICY[route])).toEqual([]);
    const isPublic = (route: string) => 'public' in ACCESS_POLICY[route];
    expect(Object.keys(ACCESS_POLICY).filter(isPublic).sort()).toEqual([...PUBLIC].sort());
    expect(Object.keys(ACCESS_POLICY).filter((route) => !isPublic(route)).sort()).toEqual(Object.keys(GRID).sort());
  });

  it('lets each role through where the grid allows it and answers 403 everywhere else', async () => {
    const mismatches: string[] = [];
    for (const [route, row] of Object.entries(GRID)) {
      const { method, url, body } = concrete(route);
      const params = routeOf(method, url)?.params ?? {};
      for (const role of ROLES) {
        const allowed = row[COLUMN[role]] !== '.';
        const principal = principalFor(role, params, body);
        if (ENDLESS.has(route) && allowed) {
          if (!decideAccess(route, principal, { params, body }).allowed) mismatches.push(`${route} × ${role}: refused by the policy`);
          continue;
        }
        const response = await engine.request(method, url, body, { authorization: await bearer(engine.dataDir, principal) });
        const refused = response.status === 403 || response.status === 401;
        if (allowed && refused) mismatches.push(`${route} × ${role}: ${response.status} ${response.body?.message}`);
        if (!allowed && (response.status !== 403 || response.body.code !== 'AUTH.ROLE_FORBIDDEN')) mismatches.push(`${route} × ${role}: ${response.status}, want 403`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers 401 with the reason when there is no token or it does not verify', async () => {
    const none = await engine.app.inject({ method: 'GET', url: '/api/reports/center?from=2026-04-01&to=2026-04-30' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual(expect.objectContaining({ code: 'AUTH.TOKEN_MISSING' }));
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const forged = await engine.app.inject({ method: 'GET', url: '/api/reports/center?from=2026-04-01&to=2026-04-30', headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual(expect.objectContaining({ code: 'AUTH.TOKEN_INVALID' }));
    expect((await engine.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('keeps department, window and case tokens inside their scope', async () => {
    const as = async (principal: Parameters<typeof bearer>[1]) => ({ authorization: await bearer(engine.dataDir, principal) });
    const clerk = await as({ subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' });
    expect((await engine.request('GET', '/api/windows/w-zjj/stats?from=2026-04-01&to=2026-04-30', undefined, clerk)).body)
      .toEqual(expect.objectContaining({ statusCode: 403, code: 'AUTH.OUT_OF_SCOPE', message: 'this token is for window w-scjg only' }));
    expect((await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'window', windowId: 'w-zjj' }, clerk)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    const head = await as({ subject: 'head', role: 'department-head', departmentId: 'scjg' });
    expect((await engine.request('GET', '/api/departments/zrzy/stats?from=2026-04-01&to=2026-04-30', undefined, head)).status).toBe(403);
    expect((await engine.request('GET', '/api/departments/scjg/stats?from=2026-04-01&to=2026-04-30', undefined, head)).status).toBe(200);
    const portal = await as({ subject: 'portal', role: 'integration', channel: 'online' });
    expect((await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'window', windowId: 'w-scjg' }, portal)).body.code).toBe('AUTH.OUT_OF_SCOPE');

    // Knowing another department's case number opens nothing: the rule needs the case, so the handler applies it.
    const zrzyClerk = await as({ subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
    const zrzyCase = await engine.request('POST', '/api/cases', {
      itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'],
    }, zrzyClerk);
    expect(zrzyCase.status).toBe(201);
    const before = await engine.store.headPosition();
    const crossed = await engine.request('POST', `/api/cases/${zrzyCase.body.caseNo}/suspend`, { reason: 'expert-review' }, clerk);
    expect(crossed.body).toEqual(expect.objectContaining({ statusCode: 403, code: 'AUTH.OUT_OF_SCOPE' }));
    expect((await engine.request('GET', `/api/cases/${zrzyCase.body.caseNo}`, undefined, clerk)).status).toBe(403);
    expect((await engine.request('GET', `/api/cases/${zrzyCase.body.caseNo}`, undefined, head)).status).toBe(403);
    expect(await engine.store.headPosition()).toBe(before);
    expect((await engine.request('POST', `/api/cases/${zrzyCase.body.caseNo}/suspend`, { reason: 'expert-review' }, zrzyClerk)).status).toBe(200);
  });

  it('does not let an applicant read another case, even knowing its number', async () => {
    const portal = { authorization: await bearer(engine.dataDir, { subject: 'portal', role: 'integration', channel: 'online' }) };
    const items = (await engine.request('GET', '/api/catalog/items')).body as { code: string }[];
    const receive = () => engine.request('POST', '/api/cases', {
      itemCode: items[0].code, channel: 'online', applicant: { kind: 'person', name: '李四' }, materials: [],
    }, portal);
    const [mine, theirs] = [await receive(), await receive()];
    expect(mine.status).toBe(201);
    const applicant = { authorization: await bearer(engine.dataDir, { subject: 'applicant', role: 'applicant', caseNo: mine.body.caseNo }) };
    expect((await engine.request('GET', `/api/cases/${mine.body.caseNo}`, undefined, applicant)).status).toBe(200);
    const other = await engine.request('GET', `/api/cases/${theirs.body.caseNo}`, undefined, applicant);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(`an applicant's token opens case ${mine.body.caseNo} only`);
  });
});
