import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Principal } from '../../apps/engine/src/auth/roles';
import { DecisionDocumentPolicy, DOCUMENT_STORE, DocumentErasurePolicy, type DocumentStore } from '../../apps/engine/src/documents';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const portal: Principal = { subject: 'portal', role: 'integration', channel: 'online' };
const clerk: Principal = { subject: 'clerk-scjg', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' };
const otherClerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
const head: Principal = { subject: 'head-scjg', role: 'department-head', departmentId: 'scjg' };
const admin: Principal = { subject: 'admin', role: 'center-admin' };
const applicant = { kind: 'person', name: '王小明', idNumber: '330102199001017777', phone: '13900002222' };

const pdf = (words: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${words}\n`), randomBytes(3000), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(500)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(800)]);
const MAX_BYTES = 64 * 1024;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('a case\'s documents', () => {
  let engine: TestEngine;
  let caseNo: string;
  const documentsDir = () => path.join(engine.dataDir, 'documents');
  const upload = async (who: Principal, bytes: Buffer, contentType: string, material = '申请书', number = caseNo) => {
    const response = await engine.app.inject({
      method: 'POST', url: `/api/cases/${number}/documents?material=${encodeURIComponent(material)}`, payload: bytes,
      headers: { 'content-type': contentType, authorization: await engine.authorization(who) },
    });
    return { status: response.statusCode, body: response.json() };
  };
  const download = async (who: Principal, documentId: string) => engine.app.inject({
    method: 'GET', url: `/api/cases/${caseNo}/documents/${documentId}`, headers: { authorization: await engine.authorization(who) },
  });
  const as = async (who: Principal) => ({ authorization: await engine.authorization(who) });

  beforeAll(async () => {
    engine = await startEngine({ config: { documentMaxBytes: MAX_BYTES, decisionDocuments: true } });
    const received = await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'online', applicant, materials: ['申请书', '营业执照'] }, await as(portal));
    expect(received.status).toBe(201);
    caseNo = received.body.caseNo;
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('takes two PDFs filed online and a scan at the window, and the case\'s window staff list and read them', async () => {
    const application = pdf('申请书 王小明');
    const licence = pdf('营业执照');
    const first = await upload(portal, application, 'application/pdf');
    expect(first).toEqual({ status: 201, body: expect.objectContaining({ material: '申请书', mediaType: 'application/pdf', source: 'online', size: application.length }) });
    expect((await upload(portal, licence, 'application/pdf', '营业执照')).status).toBe(201);
    expect((await upload(clerk, JPEG, 'image/jpeg', '身份证复印件')).body).toEqual(expect.objectContaining({ source: 'window-scan', mediaType: 'image/jpeg' }));

    const listed = await engine.request('GET', `/api/cases/${caseNo}/documents`, undefined, await as(head));
    expect(listed.body.map((d: { material: string }) => d.material)).toEqual(['申请书', '营业执照', '身份证复印件']);
    expect(JSON.stringify(listed.body)).not.toMatch(/sealedKey|personId/);
    const read = await download(clerk, first.body.documentId);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(read.rawPayload.equals(application)).toBe(true);

    const history = (await engine.store.readStream(`case-${caseNo}`)).filter((event) => event.type === 'DocumentAttached');
    expect(history).toHaveLength(3);
    expect(history[0].data).toEqual(expect.objectContaining({ sha256: first.body.sha256, sealedKey: expect.stringMatching(/^ps1\./) }));
    // Under DATA_DIR the bytes are sealed: nothing of the document in clear, and each file is named by the hash the event records.
    const files = filesUnder(documentsDir());
    expect(files.map((file) => path.basename(file)).sort()).toEqual(history.map((event) => (event.data as { sha256: string }).sha256).sort());
    for (const file of files) expect(fs.readFileSync(file).includes(application.subarray(0, 40))).toBe(false);
  });

  it('refuses another type (415) and a document too large (413) with a clear code, keeping nothing', async () => {
    const before = await engine.store.headPosition();
    const filesBefore = filesUnder(documentsDir()).length;
    expect(await upload(portal, PNG, 'application/pdf')).toEqual({ status: 415, body: expect.objectContaining({ code: 'DOCUMENT.UNSUPPORTED_TYPE' }) });
    expect((await upload(portal, Buffer.from('hello'), 'text/plain')).status).toBe(415);
    expect((await upload(portal, Buffer.from('MZ\x90\x00 not a picture'), 'image/png')).body.code).toBe('DOCUMENT.UNSUPPORTED_TYPE');
    expect(await upload(portal, Buffer.concat([pdf('big'), randomBytes(MAX_BYTES)]), 'application/pdf'))
      .toEqual({ status: 413, body: expect.objectContaining({ code: 'DOCUMENT.TOO_LARGE' }) });
    expect(await engine.store.headPosition()).toBe(before);
    expect(filesUnder(documentsDir())).toHaveLength(filesBefore);
  });

  it('answers an upload retried with its Idempotency-Key with the first answer, one copy and one event, and refuses the key with another file (422)', async () => {
    const other = await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'online', applicant, materials: ['申请书'] }, await as(portal));
    const send = async (bytes: Buffer, key: string, material = '申请书') => {
      const response = await engine.app.inject({
        method: 'POST', url: `/api/cases/${other.body.caseNo}/documents?material=${encodeURIComponent(material)}`, payload: bytes,
        headers: { 'content-type': 'application/pdf', 'idempotency-key': key, authorization: await engine.authorization(portal) },
      });
      return { status: response.statusCode, body: response.json() };
    };
    const attached = async () => (await engine.store.readStream(`case-${other.body.caseNo}`)).filter((event) => event.type === 'DocumentAttached');
    const filesBefore = filesUnder(documentsDir()).length;
    const file = pdf('申请书 重试');
    const first = await send(file, 'upload-0001');
    expect(first).toEqual({ status: 201, body: expect.objectContaining({ material: '申请书', size: file.length }) });
    expect(await send(file, 'upload-0001')).toEqual(first);
    expect(await send(pdf('另一份'), 'upload-0001')).toEqual({ status: 422, body: expect.objectContaining({ code: 'IDEMPOTENCY.KEY_REUSED' }) });
    expect((await send(file, 'upload-0001', '营业执照')).body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    // Two attempts at once: both stream, one is recorded, the other answers its document and deletes its own bytes.
    const twice = pdf('同时');
    const [a, b] = await Promise.all([send(twice, 'upload-0002'), send(twice, 'upload-0002')]);
    expect(b).toEqual(a);
    expect((await attached()).map((event) => (event.data as { documentId: string }).documentId)).toEqual([first.body.documentId, a.body.documentId]);
    expect(filesUnder(documentsDir()).filter((file) => !file.includes('incoming'))).toHaveLength(filesBefore + 2);
  });

  it('keeps the content to the applicant and the case\'s window staff, and every caller inside their scope', async () => {
    const [{ documentId }] = (await engine.request('GET', `/api/cases/${caseNo}/documents`, undefined, await as(clerk))).body;
    expect((await download(head, documentId)).json()).toEqual(expect.objectContaining({ statusCode: 403, code: 'AUTH.ROLE_FORBIDDEN' }));
    expect((await download(otherClerk, documentId)).json()).toEqual(expect.objectContaining({ statusCode: 403, code: 'AUTH.OUT_OF_SCOPE' }));
    expect((await engine.request('GET', `/api/cases/${caseNo}/documents`, undefined, await as(otherClerk))).status).toBe(403);
    expect((await upload(otherClerk, pdf('x'), 'application/pdf')).body.code).toBe('AUTH.OUT_OF_SCOPE');
    const stranger: Principal = { subject: 'applicant:SCJG-20260101-00001', role: 'applicant', caseNo: 'SCJG-20260101-00001' };
    expect((await download(stranger, documentId)).statusCode).toBe(403);
    const own: Principal = { subject: `applicant:${caseNo}`, role: 'applicant', caseNo };
    expect((await download(own, documentId)).statusCode).toBe(200);
    expect((await download(clerk, '00000000-0000-7000-8000-000000000000')).json().code).toBe('DOCUMENT.NOT_FOUND');
    expect((await download(clerk, 'not-a-uuid')).json()).toEqual(expect.objectContaining({ statusCode: 400 }));
  });

  it('documents the routes with their refusals and roles', async () => {
    const document = (await engine.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const attach = document.paths['/api/cases/{caseNo}/documents'].post;
    expect(Object.keys(attach.requestBody.content)).toEqual(['application/pdf', 'image/jpeg', 'image/png', 'application/ofd']);
    expect(attach.responses['413'].description).toContain('DOCUMENT.TOO_LARGE');
    expect(attach.responses['415'].description).toContain('DOCUMENT.UNSUPPORTED_TYPE');
    expect(attach['x-roles']).toEqual(['applicant', 'window-staff', 'integration']);
    expect(attach.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: false }));
    expect(attach.responses['422'].description).toContain('IDEMPOTENCY.KEY_REUSED');
    expect(document.paths['/api/cases/{caseNo}/documents/{documentId}'].get['x-roles']).toEqual(['applicant', 'window-staff']);
  });

  it('takes no material once the case is completed, and nothing of an erased applicant is readable again', async () => {
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, await as(clerk))).status).toBe(200);
    await engine.app.get(DecisionDocumentPolicy).caughtUp();
    const filesBefore = filesUnder(documentsDir()).length;
    expect(await upload(portal, pdf('late'), 'application/pdf')).toEqual({ status: 409, body: expect.objectContaining({ code: 'CASE.DOCUMENT_AFTER_CLOSE' }) });
    expect(filesUnder(documentsDir())).toHaveLength(filesBefore);

    const [{ documentId }] = (await engine.request('GET', `/api/cases/${caseNo}/documents`, undefined, await as(clerk))).body;
    const { personId } = (await engine.request('GET', `/api/cases/${caseNo}`, undefined, await as(admin))).body.applicant;
    const sealed = (await engine.store.readStream(`case-${caseNo}`)).filter((event) => event.type === 'DocumentAttached')
      .map((event) => path.join(documentsDir(), (event.data as { sha256: string }).sha256.slice(0, 2), (event.data as { sha256: string }).sha256));
    expect(sealed.filter((file) => fs.existsSync(file))).toHaveLength(4);
    // The document store fails while the erasure is recorded, and the engine stops before its bytes are deleted.
    const failing = jest.spyOn(engine.app.get<DocumentStore>(DOCUMENT_STORE), 'delete').mockRejectedValue(new Error('EIO: disk gone'));
    expect((await engine.request('POST', `/api/personal-data/${personId}/erase`, { reason: '本人申请删除' }, await as(admin))).status).toBe(200);
    const gone = await download(clerk, documentId);
    expect([gone.statusCode, gone.json().code]).toEqual([410, 'DOCUMENT.ERASED']);
    for (let waited = 0; failing.mock.calls.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failing).toHaveBeenCalled();
    await engine.close();
    expect(sealed.filter((file) => fs.existsSync(file))).toHaveLength(4);

    // At the next start the erasure reader goes on from its checkpoint: the sealed bytes are deleted too, reads still answer 410.
    engine = await startEngine({ dataDir: engine.dataDir, config: { documentMaxBytes: MAX_BYTES } });
    await engine.app.get(DocumentErasurePolicy).caughtUp();
    expect(sealed.filter((file) => fs.existsSync(file))).toEqual([]);
    const stillGone = await download(clerk, documentId);
    expect([stillGone.statusCode, stillGone.json().code]).toEqual([410, 'DOCUMENT.ERASED']);
    expect((await engine.request('GET', `/api/cases/${caseNo}/documents`, undefined, await as(clerk))).body.map((d: { source: string }) => d.source))
      .toEqual(['online', 'online', 'window-scan', 'decision']);
  });
});

describe('the decision document and its delivery', () => {
  let engine: TestEngine;
  const as = async (who: Principal) => ({ authorization: await engine.authorization(who) });
  const zrzyClerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
  const receive = async (name: string) => {
    const received = await engine.request('POST', '/api/cases', {
      itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name, idNumber: `3301021990010${String(Math.floor(Math.random() * 90000) + 10000)}` }, materials: ['申请书'],
    }, await as(zrzyClerk));
    expect(received.status).toBe(201);
    return received.body as { caseNo: string; queryCode: string };
  };
  const issued = () => engine.app.get(DecisionDocumentPolicy).caughtUp();

  beforeAll(async () => {
    engine = await startEngine({ config: { decisionDocuments: true } });
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('is made as a PDF once the case is completed, again when the store fails once, and the applicant downloads it with the query code\'s token', async () => {
    const { caseNo, queryCode } = await receive('孙八');
    const put = jest.spyOn(engine.app.get<DocumentStore>(DOCUMENT_STORE), 'put').mockRejectedValueOnce(new Error('ECONNRESET: the store went away'));
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予建设用地规划许可' }, await as(zrzyClerk))).status).toBe(200);
    await issued();
    await issued();
    expect(put).toHaveBeenCalledTimes(2);
    put.mockRestore();
    const session = await engine.app.inject({ method: 'POST', url: '/api/applicant/sessions', payload: { caseNo, queryCode } });
    const token = { authorization: `Bearer ${session.json().token}` };
    const listed = (await engine.request('GET', `/api/cases/${caseNo}/documents`, undefined, token)).body;
    expect(listed).toEqual([expect.objectContaining({ material: '准予行政许可决定书', source: 'decision', mediaType: 'application/pdf' })]);
    const pdf = await engine.app.inject({ method: 'GET', url: `/api/cases/${caseNo}/documents/${listed[0].documentId}`, headers: token });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('准予行政许可决定书'));
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toMatch(/NotoSansCJKsc-Regular/);
  });

  it('records the delivery once: a posted decision with its tracking number', async () => {
    const { caseNo } = await receive('周九');
    const deliver = async (body: unknown) => engine.request('POST', `/api/cases/${caseNo}/delivery`, body, await as(zrzyClerk));
    expect((await deliver({ method: 'window' })).body.code).toBe('CASE.NOT_COMPLETED');
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'refused', decision: '不符合规划条件' }, await as(zrzyClerk))).status).toBe(200);
    expect((await deliver({ method: 'post' })).body.code).toBe('CASE.TRACKING_NO_REQUIRED');
    expect((await deliver({ method: 'carrier-pigeon' })).status).toBe(400);
    expect((await deliver({ method: 'post', trackingNo: 'SF1234567890', deliveredAt: '2026-04-07T00:30:00.000Z' })).status).toBe(200);
    expect((await deliver({ method: 'window' })).body.code).toBe('CASE.ALREADY_DELIVERED');
    const history = (await engine.request('GET', `/api/cases/${caseNo}`, undefined, await as(zrzyClerk))).body.history;
    // Found, not last: the decision document of this refusal is attached in the background meanwhile.
    expect(history.find((event: { type: string }) => event.type === 'DecisionDelivered')).toEqual(expect.objectContaining({ type: 'DecisionDelivered', data: expect.objectContaining({ method: 'post', trackingNo: 'SF1234567890', deliveredAt: '2026-04-07T00:30:00.000Z' }) }));
  });
});
