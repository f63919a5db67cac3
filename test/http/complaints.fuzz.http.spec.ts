import fc from 'fast-check';
import { Body, bodyMutation } from '../support/body-mutation';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/** Bad bodies against the discipline window's and the roster's command endpoints: never a 5xx, never a write when refused. */

const validComplaint: Body = {
  category: 'service-attitude', channel: 'online', complainant: { kind: 'anonymous', contact: 'wx:abc' }, target: { windowId: 'w-zrzy' },
  summary: '态度生硬', evidence: ['照片-1'],
};

const endpoints: { name: string; url: (no: string) => string; body: Body }[] = [
  { name: 'file', url: () => '/api/complaints', body: validComplaint },
  { name: 'decline', url: (no) => `/api/complaints/${no}/decline`, body: { reason: '不属于受理范围' } },
  { name: 'investigate', url: (no) => `/api/complaints/${no}/investigate`, body: { investigator: '纪检组' } },
  {
    name: 'conclude', url: (no) => `/api/complaints/${no}/conclude`,
    body: { substantiated: true, findings: '属实', actions: [{ kind: 'hold-accountable', role: 'department-head', person: '局长' }] },
  },
  { name: 'feedback', url: (no) => `/api/complaints/${no}/feedback`, body: { message: '已处理' } },
  { name: 'post-staff', url: () => '/api/staff', body: { staffId: 's-f', name: '周', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-01-01' } },
  { name: 'authorize', url: () => '/api/staff/s-1/authorizations', body: { itemCodes: ['ZRZY-001'] } },
];

/** This family's near-misses, beside arbitrary values and huge strings. */
const SPECIAL_VALUES: readonly unknown[] = ['2026-02-30', 'yesterday', '', ' ', 'named', 'return-staff', 'bribery', -1, 1e308, NaN, null, [], {}, true];
const mutation = (body: Body) => bodyMutation(body, SPECIAL_VALUES);

describe('fuzzed bad bodies: complaints and staff', () => {
  let engine: TestEngine;
  let complaintNo: string;

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' });
    await engine.request('POST', '/api/staff', { staffId: 's-1', name: '周', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-01-01' });
    complaintNo = (await engine.request('POST', '/api/complaints', validComplaint)).body.complaintNo;
    await engine.request('POST', `/api/complaints/${complaintNo}/accept`, {});
  });

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it.each(endpoints.map((e) => [e.name, e] as const))('%s never answers 5xx and never writes when it refuses', async (_name, endpoint) => {
    await fc.assert(fc.asyncProperty(mutation(endpoint.body), async (body) => {
      const head = await engine.store.headPosition();
      const response = await engine.app.inject({
        method: 'POST', url: endpoint.url(complaintNo), payload: JSON.stringify(body), headers: { 'content-type': 'application/json' },
      });
      if (response.statusCode >= 500) console.log(JSON.stringify(body).slice(0, 400));
      expect(response.statusCode).toBeLessThan(500);
      if (response.statusCode >= 400) {
        expect(await engine.store.headPosition()).toBe(head);
        expect(JSON.parse(response.body).code).toEqual(expect.any(String));
      }
    }), { numRuns: 60, seed: 20261127 });
  });

  it('refuses bad query strings with a 400', async () => {
    for (const url of ['/api/complaints?minAgeDays=x', '/api/complaints?category=bribery', '/api/complaints?status=lost', '/api/complaints/figures?from=2026-02-30&to=2026-03-01',
      '/api/staff?status=fired', '/api/complaints/rectifications?limit=0']) {
      const response = await engine.request('GET', url);
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
    }
  });
});
