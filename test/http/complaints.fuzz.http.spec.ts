import fc from 'fast-check';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/** Bad bodies against the discipline window's and the roster's command endpoints: never a 5xx, never a write when refused. */
type Body = Record<string, unknown>;

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
  { name: 'authorize', url: () => '/api/staff/s-1/authorizations', body: { itemCodes: ['ZRZY-001'], grantedBy: '局长' } },
];

const badValue = fc.oneof(
  fc.anything(),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.constantFrom('2026-02-30', 'yesterday', '', ' ', 'named', 'return-staff', 'bribery', -1, 1e308, NaN, null, [], {}, true),
);

const mutation = (body: Body) => fc.tuple(fc.constantFrom(...paths(body)), fc.constantFrom('replace', 'delete', 'add'), badValue, fc.string({ minLength: 1, maxLength: 12 }))
  .map(([path, kind, value, extraKey]) => mutate(body, path, kind, value, extraKey));

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const own = Object.entries(value as Body).flatMap(([key, child]) => paths(child, [...prefix, key]));
  return prefix.length === 0 ? own : [prefix, ...own];
}

function mutate(body: Body, path: string[], kind: string, value: unknown, extraKey: string): unknown {
  const copy = structuredClone(body) as Body;
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (kind === 'delete') delete parent[last];
  else if (kind === 'add') parent[`${extraKey}_x`] = value;
  else parent[last] = value;
  return copy;
}

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
