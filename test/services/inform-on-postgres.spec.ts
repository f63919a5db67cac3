import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { POSTGRES_URL, readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import type { Principal } from '../../apps/engine/src/auth/roles';
import { DOCUMENT_ERASURE_TABLES, DOCUMENT_STORE, DocumentErasurePolicy, DocumentStore } from '../../apps/engine/src/documents';
import { NotificationDispatcher, NotificationPolicy } from '../../apps/engine/src/notifications';
import { RatingLedgerPolicy } from '../../apps/engine/src/ratings';
import { removeDataDir, startEngine, tempDataDir, TestEngine } from '../support/engine';
import { FakeHttpServer } from '../support/fake-http-server';

const describeOnPostgres = readModelStoresUnderTest().some((store) => store.name === 'postgres') ? describe : describe.skip;
const portal: Principal = { subject: 'portal', role: 'integration', channel: 'online' };
const clerk: Principal = { subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' };
const office: Principal = { subject: 'eo-1', role: 'efficiency-office' };
const centerAdmin: Principal = { subject: 'admin', role: 'center-admin' };

/**
 * Issue 29 on the distributed setup's PostgreSQL: documents in DOCUMENTS_URL (read back by a second
 * engine on the same database, as another API instance would), the outbox and the rating ledger in
 * the PostgreSQL read models.
 */
describeOnPostgres('documents, notifications and the rating loop on PostgreSQL', () => {
  let admin: Pool;
  let sms: FakeHttpServer;
  const schema = `inform_${randomBytes(6).toString('hex')}`;
  const dirs = [tempDataDir(), tempDataDir()];
  const engines: TestEngine[] = [];

  beforeAll(async () => {
    admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    sms = await FakeHttpServer.start(() => ({ status: 200, body: { Code: 'OK', BizId: 'b' } }));
  });
  afterAll(async () => {
    for (const engine of engines) await engine.close();
    await sms.close();
    for (const dir of dirs) removeDataDir(dir);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('keeps a filed PDF in PostgreSQL for another instance to read, sends the receipt, opens a bad rating\'s follow-up, and deletes an erased applicant\'s bytes', async () => {
    const documentsUrl = `${POSTGRES_URL}${(POSTGRES_URL as string).includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    for (const dataDir of dirs) {
      engines.push(await startEngine({ dataDir, config: {
        documentsUrl,
        readModels: { kind: 'postgres', connectionString: POSTGRES_URL as string, schema: `${schema}_rm_${engines.length}`, poolSize: 4 },
        notifications: { sms: { url: sms.url }, dispatch: { pollMs: 0, retryBaseMs: 1000, maxAttempts: 2 } },
        ratings: { defaultPollMs: 0 },
      } }));
    }
    const [first, second] = engines;
    const as = async (who: Principal) => ({ authorization: await first.authorization(who) });
    const { caseNo } = (await first.request('POST', '/api/cases', {
      itemCode: 'SCJG-001', channel: 'online', applicant: { kind: 'person', name: '郑十一', phone: '13900004444' }, materials: ['申请书'],
    }, await as(portal))).body;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(600_000)]);
    const uploaded = await first.app.inject({
      method: 'POST', url: `/api/cases/${caseNo}/documents?material=${encodeURIComponent('申请书')}`, payload: pdf,
      headers: { 'content-type': 'application/pdf', authorization: (await as(portal)).authorization },
    });
    expect(uploaded.statusCode).toBe(201);
    const chunks = await admin.query(`SELECT count(*)::int AS n, max(length(bytes))::int AS largest FROM ${schema}.document_chunks`);
    expect(chunks.rows[0]).toEqual({ n: 3, largest: 256 * 1024 });

    const fromFirst = await first.app.inject({ method: 'GET', url: `/api/cases/${caseNo}/documents/${uploaded.json().documentId}`, headers: await as(clerk) });
    expect(fromFirst.rawPayload.equals(pdf)).toBe(true);
    // Another instance finds the stored (encrypted) bytes under the hash the event names: the store is shared.
    const stored = await second.app.get<DocumentStore>(DOCUMENT_STORE).read(uploaded.json().sha256);
    let size = 0;
    for await (const chunk of stored ?? []) size += chunk.length;
    expect(size).toBe(pdf.length);

    await first.app.get(NotificationPolicy).caughtUp();
    await first.app.get(NotificationDispatcher).drain();
    expect(sms.received.map((request) => request.body.TemplateCode)).toEqual(['SMS_GOV_RECEIPT']);

    expect((await first.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予登记' }, await as(clerk))).status).toBe(200);
    const applicant: Principal = { subject: `applicant:${caseNo}`, role: 'applicant', caseNo };
    expect((await first.request('POST', `/api/cases/${caseNo}/rate`, { level: 'very-dissatisfied', comment: '系统卡顿' }, await as(applicant))).status).toBe(200);
    // Twice: the first pass opens the follow-up (a new event), the second reads it.
    await first.app.get(RatingLedgerPolicy).caughtUp();
    await first.app.get(RatingLedgerPolicy).caughtUp();
    expect((await first.request('GET', '/api/follow-ups', undefined, await as(office))).body).toEqual([expect.objectContaining({ followUpNo: `HF-${caseNo}`, overdue: false })]);

    // Erasure deletes the sealed bytes from PostgreSQL too (decision 0088): the erasure reader's tables are on the read models' PostgreSQL.
    const { personId } = (await first.request('GET', `/api/cases/${caseNo}`, undefined, await as(centerAdmin))).body.applicant;
    expect((await first.request('POST', `/api/personal-data/${personId}/erase`, { reason: '本人申请删除' }, await as(centerAdmin))).status).toBe(200);
    await first.app.get(DocumentErasurePolicy).caughtUp();
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.document_chunks`)).rows[0]).toEqual({ n: 0 });
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}_rm_0.${DOCUMENT_ERASURE_TABLES[1]}`)).rows[0]).toEqual({ n: 1 });
  });
});
