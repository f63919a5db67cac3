import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const landTransfer = {
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', staffId: 'staff-1',
  applicant: { kind: 'person', name: '李四', idNumber: '330102199001011234' }, materials: ['申请书', '不动产权证书'],
};

/** The applicant's side: a receipt's query code opens that case and no other. */
describe('applicants sign in with the case number and query code', () => {
  let engine: TestEngine;

  beforeEach(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' });
  });
  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  const signIn = (caseNo: string, queryCode: string, from = '203.0.113.7') =>
    engine.app.inject({ method: 'POST', url: '/api/applicant/sessions', payload: { caseNo, queryCode }, remoteAddress: from });
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('gives a token for the receipt\'s case alone, with which the applicant reads and rates it', async () => {
    const receipt = await engine.request('POST', '/api/cases', landTransfer);
    const other = await engine.request('POST', '/api/cases', landTransfer);
    expect(receipt.status).toBe(201);
    expect(receipt.body.queryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(other.body.queryCode).not.toBe(receipt.body.queryCode);

    // Case and dashes are forgiven, as people type codes from paper.
    const typed = `${receipt.body.queryCode.slice(0, 4).toLowerCase()}-${receipt.body.queryCode.slice(4)}`;
    const session = await signIn(receipt.body.caseNo, typed);
    expect(session.statusCode).toBe(201);
    const { token, caseNo, expiresAt } = session.json();
    expect(caseNo).toBe(receipt.body.caseNo);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());

    const mine = await engine.request('GET', `/api/cases/${caseNo}`, undefined, as(token));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(expect.objectContaining({ caseNo, status: 'open' }));
    const theirs = await engine.request('GET', `/api/cases/${other.body.caseNo}`, undefined, as(token));
    expect(theirs.status).toBe(403);
    expect(theirs.body.code).toBe('AUTH.OUT_OF_SCOPE');
    // Staff work is not the applicant's.
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予' }, as(token))).body.code).toBe('AUTH.ROLE_FORBIDDEN');

    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予' })).status).toBe(200);
    const rated = await engine.request('POST', `/api/cases/${caseNo}/rate`, { level: 'satisfied' }, as(token));
    expect(rated.status).toBe(200);
    const history = (await engine.request('GET', `/api/cases/${caseNo}`, undefined, as(token))).body.history as { type: string; actor?: unknown }[];
    expect(history.map((entry) => entry.type)).toContain('CaseRated');
  });

  it('answers a wrong code and an unknown case alike, and stops the guessing address after five tries, not the applicant', async () => {
    const { caseNo, queryCode } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    const wrong = queryCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    const refused = await signIn(caseNo, wrong);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual(expect.objectContaining({ code: 'AUTH.QUERY_CODE_MISMATCH' }));
    expect((await signIn('ZRZY-20260407-09999', queryCode)).json().code).toBe('AUTH.QUERY_CODE_MISMATCH');
    for (let i = 0; i < 4; i++) expect((await signIn(caseNo, wrong)).statusCode).toBe(401);
    // Five failures from this address: even the right code waits now, and says how long.
    const locked = await signIn(caseNo, queryCode);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect((await signIn(caseNo, 'short')).json()).toEqual(expect.objectContaining({ statusCode: 400, code: 'VALIDATION.FAILED' }));
    // The applicant, from their own phone, is not locked out by someone else's guessing.
    expect((await signIn(caseNo, queryCode, '198.51.100.23')).statusCode).toBe(201);

    // The throttle outlives a restart (it is kept in the read models, which every API process shares).
    const { dataDir } = engine;
    await engine.close();
    engine = await startEngine({ dataDir, now: '2026-04-07T01:00:00.000Z' });
    expect((await signIn(caseNo, queryCode)).statusCode).toBe(429);
  });

  it('slows an address that walks many cases, twenty wrong codes in a quarter hour', async () => {
    const { queryCode } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    for (let n = 1; n <= 20; n++) expect((await signIn(`ZRZY-20260407-${String(n + 100).padStart(5, '0')}`, queryCode, '192.0.2.99')).statusCode).toBe(401);
    expect((await signIn('ZRZY-20260407-00500', queryCode, '192.0.2.99')).statusCode).toBe(429);
  });

  it('prints the same code on a retried receipt, and none is stored in the log', async () => {
    const key = { 'idempotency-key': 'receipt-retry-1' };
    const first = await engine.request('POST', '/api/cases', landTransfer, { ...key, authorization: await clerk() });
    const retry = await engine.request('POST', '/api/cases', landTransfer, { ...key, authorization: await clerk() });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const log = JSON.stringify(await engine.store.readAll({ after: 0, limit: 10_000 }));
    expect(log).not.toContain(first.body.queryCode);
  });

  const clerk = () => engine.authorization({ subject: 'staff-1', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' });
});

/** Behind a reverse proxy (TRUST_PROXY), the throttle counts the caller X-Forwarded-For names, and only when the proxy says so. */
describe('the query-code throttle behind a trusted proxy', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z', config: { trustProxy: ['10.0.0.2'] } });
  });
  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  const signIn = (caseNo: string, queryCode: string, peer: string, forwardedFor?: string) => engine.app.inject({
    method: 'POST', url: '/api/applicant/sessions', payload: { caseNo, queryCode }, remoteAddress: peer,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  const guessFiveTimes = async (caseNo: string, wrong: string, peer: string, forwardedFor: (i: number) => string | undefined) => {
    for (let i = 0; i < 5; i++) expect((await signIn(caseNo, wrong, peer, forwardedFor(i))).statusCode).toBe(401);
  };

  it('slows the guessing caller behind the proxy, not everyone the proxy forwards', async () => {
    const { caseNo, queryCode } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    const wrong = queryCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    await guessFiveTimes(caseNo, wrong, '10.0.0.2', () => '203.0.113.7');
    expect((await signIn(caseNo, queryCode, '10.0.0.2', '203.0.113.7')).statusCode).toBe(429);
    // The applicant comes through the same proxy from their own address.
    expect((await signIn(caseNo, queryCode, '10.0.0.2', '198.51.100.23')).statusCode).toBe(201);
  });

  it('ignores X-Forwarded-For from a peer that is not the proxy: a guesser cannot pick a new address each try', async () => {
    const { caseNo, queryCode } = (await engine.request('POST', '/api/cases', landTransfer)).body;
    const wrong = queryCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    await guessFiveTimes(caseNo, wrong, '203.0.113.9', (i) => `192.0.2.${i + 1}`);
    expect((await signIn(caseNo, queryCode, '203.0.113.9', '192.0.2.200')).statusCode).toBe(429);
  });
});
