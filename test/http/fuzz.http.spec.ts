import fc from 'fast-check';
import { Body, bodyMutation } from '../support/body-mutation';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { defaultPrincipals } from '../support/auth';

/**
 * Bad bodies of every kind against every command endpoint: wrong types, missing and unknown
 * fields, huge strings, impossible dates, wrong enum values. None may produce a 5xx, and
 * none that is refused may write anything.
 */

const validReceive: Body = {
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '王五' }, materials: ['申请书'],
};

const endpoints: { name: string; method: 'POST' | 'PUT'; url: (caseNo: string) => string; body: Body }[] = [
  { name: 'receive', method: 'POST', url: () => '/api/cases', body: validReceive },
  { name: 'assess-fee', method: 'POST', url: (c) => `/api/cases/${c}/assess-fee`, body: { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] } },
  { name: 'pay-fee', method: 'POST', url: (c) => `/api/cases/${c}/pay-fee`, body: { amountFen: 8000, method: 'bank-counter', bankReceiptNo: 'R-1' } },
  { name: 'complete', method: 'POST', url: (c) => `/api/cases/${c}/complete`, body: { outcome: 'refused', decision: '不予许可' } },
  { name: 'escalate', method: 'POST', url: (c) => `/api/cases/${c}/escalate`, body: { limitDays: 1, approver: '县长', reason: '重点项目' } },
  { name: 'suspend', method: 'POST', url: (c) => `/api/cases/${c}/suspend`, body: { reason: 'hearing', note: '听证' } },
  { name: 'request-materials', method: 'POST', url: (c) => `/api/cases/${c}/request-materials`, body: { materials: ['a'] } },
  { name: 'rate', method: 'POST', url: (c) => `/api/cases/${c}/rate`, body: { level: 'satisfied' } },
  {
    name: 'publish-item', method: 'POST', url: () => '/api/catalog/items',
    body: { code: 'FUZZ-1', name: 'x', departmentId: 'scjg', category: 'promised', legalBasis: 'x', materials: [], procedure: [],
      legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [] },
  },
  { name: 'fee-entry', method: 'POST', url: () => '/api/catalog/fees', body: { code: 'F-FUZZ', name: 'x', basis: 'x', level: 'national', standardAmountFen: 1 } },
  { name: 'department', method: 'POST', url: () => '/api/departments', body: { id: 'fuzz', name: 'x', caseNoPrefix: 'FUZZ' } },
  { name: 'calendar', method: 'PUT', url: () => '/api/calendar/2031', body: { holidays: ['2031-01-01'], workdays: [], source: 'x' } },
  {
    name: 'import', method: 'POST', url: () => '/api/import/cases',
    body: { cases: [{ ...validReceive, receivedAt: '2012-04-05T01:00:00Z', steps: [{ action: 'complete', at: '2012-04-05T02:00:00Z', outcome: 'approved', decision: 'ok' }] }] },
  },
];

/** This family's near-misses, beside arbitrary values and huge strings. */
const SPECIAL_VALUES: readonly unknown[] = ['2026-02-30', '2026-13-01', 'yesterday', '', ' ', '9999-99-99T99:99:99Z', 'cash', 'WINDOW', -1, 1e308, NaN, null, [], {}];
const mutation = (body: Body) => bodyMutation(body, SPECIAL_VALUES);

describe('fuzzed bad bodies', () => {
  let engine: TestEngine;
  let caseNo: string;

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' });
    caseNo = (await engine.request('POST', '/api/cases', validReceive)).body.caseNo;
  });

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it.each(endpoints.map((e) => [e.name, e] as const))('%s never answers 5xx and never writes when it refuses', async (_name, endpoint) => {
    await fc.assert(fc.asyncProperty(mutation(endpoint.body), async (body) => {
      const head = await engine.store.headPosition();
      const [caller] = defaultPrincipals(endpoint.method, endpoint.url(caseNo), body);
      const authorization = caller ? await engine.authorization(caller) : '';
      const response = await engine.app.inject({
        method: endpoint.method, url: endpoint.url(caseNo), payload: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization },
      });
      if (response.statusCode >= 500) console.log(JSON.stringify(body).slice(0, 400));
      expect(response.statusCode).toBeLessThan(500);
      if (response.statusCode >= 400) {
        // The one refusal that is itself a fact: an illegal fee (乱收费 attempted) is recorded, then refused.
        const written = await engine.store.readAll({ after: head, limit: 10 });
        expect(written.map((event) => event.type)).toEqual(written.length === 0 ? [] : ['FeeAssessmentRefused']);
        expect(JSON.parse(response.body).code).toEqual(expect.any(String));
      }
    }), { numRuns: 100, seed: 20261126 });
  });

  it('refuses malformed JSON, wrong content types and oversized bodies with a 4xx', async () => {
    const head = await engine.store.headPosition();
    const authorization = await engine.authorization({ subject: 'clerk', role: 'window-staff', departmentId: 'zrzy', windowId: String(validReceive.windowId) });
    const send = (payload: string, contentType: string) =>
      engine.app.inject({ method: 'POST', url: '/api/cases', payload, headers: { 'content-type': contentType, authorization } });
    expect((await send('{"itemCode": ', 'application/json')).statusCode).toBe(400);
    expect([400, 415]).toContain((await send('itemCode=1', 'application/x-www-form-urlencoded')).statusCode);
    expect((await send(JSON.stringify({ ...validReceive, materials: ['x'.repeat(2_000_000)] }), 'application/json')).statusCode).toBe(413);
    expect((await send('[]', 'application/json')).statusCode).toBe(400);
    expect((await send('null', 'application/json')).statusCode).toBe(400);
    expect(await engine.store.headPosition()).toBe(head);
  });

  it('refuses bad report periods with the field named', async () => {
    for (const query of ['from=2026-02-30&to=2026-03-01', 'from=2026-04-10&to=2026-04-01', 'to=2026-04-01', 'from=x&to=y']) {
      const response = await engine.request('GET', `/api/reports/center?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
  });
});
