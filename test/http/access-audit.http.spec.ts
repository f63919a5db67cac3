import Database from 'better-sqlite3';
import * as path from 'node:path';
import { readAccessAnchors } from '../../apps/engine/src/audit/access-log';
import type { Principal } from '../../apps/engine/src/auth/roles';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/**
 * The access log (等保 2.0): reads of a case and of its applicant, by whom and in which role,
 * answered to the discipline window; and the log's own chain.
 */
describe('who read this person\'s data', () => {
  let engine: TestEngine;
  let caseNo: string;
  let personId: string;
  const clerk: Principal = { subject: 's-scjg-7', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' };
  const admin: Principal = { subject: 'admin-1', role: 'center-admin' };
  const discipline: Principal = { subject: 'jw-1', role: 'discipline' };
  const as = async (principal: Principal) => ({ authorization: await engine.authorization(principal) });

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-06-01T01:00:00.000Z' });
    const received = await engine.request('POST', '/api/cases', {
      itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg',
      applicant: { kind: 'person', name: '赵六', idNumber: '330102199001011234' }, materials: ['申请书'],
    }, await as(clerk));
    expect(received.status).toBe(201);
    caseNo = received.body.caseNo;
    const byClerk = await engine.request('GET', `/api/cases/${caseNo}`, undefined, await as(clerk));
    expect(byClerk.body.applicant.shown).toBe('clear');
    personId = byClerk.body.applicant.personId;
    const byAdmin = await engine.request('GET', `/api/cases/${caseNo}`, undefined, await as(admin));
    expect(byAdmin.body.applicant.shown).toBe('masked');
  });
  afterAll(async () => {
    const dataDir = engine.dataDir;
    await engine.close();
    // On stopping, the engine published the log's head beside the seals.
    expect(readAccessAnchors(path.join(dataDir, 'audit', 'seal-anchor.jsonl')).length).toBeGreaterThan(0);
    removeDataDir(dataDir);
  });

  it('names each reader, role, time and how the data was shown, for the discipline window', async () => {
    const answer = await engine.request('GET', `/api/access-audit?personId=${personId}`, undefined, await as(discipline));

    expect(answer.status).toBe(200);
    expect(answer.body.entries.map((e: Record<string, unknown>) => [e.subject, e.role, e.route, e.caseNo, e.shown])).toEqual([
      ['s-scjg-7', 'window-staff', 'GET /api/cases/:caseNo', caseNo, 'clear'],
      ['admin-1', 'center-admin', 'GET /api/cases/:caseNo', caseNo, 'masked'],
    ]);
    expect(answer.body.entries[0].at).toBe('2026-06-01T01:00:00.000Z');
    expect(answer.body.chain).toEqual({ intact: true, entriesChecked: expect.any(Number) });
  });

  it('records the export itself, and answers by case as well', async () => {
    const byCase = await engine.request('GET', `/api/access-audit?caseNo=${caseNo}`, undefined, await as(discipline));
    expect(byCase.body.entries).toHaveLength(2);
    const bySubject = await engine.request('GET', '/api/access-audit?subject=jw-1', undefined, await as(discipline));
    expect(bySubject.body.entries.map((e: Record<string, unknown>) => e.route)).toEqual(['GET /api/access-audit', 'GET /api/access-audit']);
  });

  it('is refused to anyone else, and refuses a malformed query with its field', async () => {
    expect((await engine.request('GET', '/api/access-audit', undefined, await as(admin))).status).toBe(403);
    const bad = await engine.request('GET', '/api/access-audit?personId=x', undefined, await as(discipline));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('personId');
  });

  it('is documented in /docs-json with its filters, roles and error responses', async () => {
    const operation = (await engine.request('GET', '/docs-json')).body.paths['/api/access-audit'].get;
    expect(operation['x-roles']).toEqual(['discipline']);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['personId', 'caseNo', 'subject', 'from', 'to', 'limit']));
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });

  it('says when an entry was edited behind the engine', async () => {
    const db = new Database(path.join(engine.dataDir, 'audit', 'access-log.sqlite'));
    db.prepare("UPDATE access_log SET subject = 'someone-else' WHERE subject = 'admin-1'").run();
    db.close();

    const answer = await engine.request('GET', `/api/access-audit?personId=${personId}`, undefined, await as(discipline));
    expect(answer.body.chain).toMatchObject({ intact: false, firstBroken: { message: expect.stringMatching(/does not match its hash/) } });
  });
});
