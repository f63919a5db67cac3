import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER } from '../../apps/engine/src/auth/auth.config';
import { jsonDepthExceeds } from '../../apps/engine/src/http/json-body';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/** The edges a demanding user tried (issue 22, holes 5 and 9): deep bodies, tokens for ever, file modes, wrong methods. */
describe('the edges of the API', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('answers a deeply nested body 400 before anything reads it, with or without a token', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    for (const headers of [{}, { authorization: await engine.authorization({ subject: 'admin', role: 'center-admin' }) }]) {
      const response = await engine.app.inject({ method: 'POST', url: '/api/cases', payload: deep, headers: { 'content-type': 'application/json', ...headers } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'body', reason: 'must not nest deeper than 32 levels' }] });
    }
    // Brackets inside strings are text, not nesting; a plain body still parses.
    expect(jsonDepthExceeds(JSON.stringify({ note: '['.repeat(100) }), 32)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ note: 'say \\"[[[[' }), 2)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":{"c":1}}}', 2)).toBe(true);
    const refused = await engine.request('POST', '/api/cases', { itemCode: 'NOPE-1', channel: 'online', applicant: { kind: 'person', name: '张三' }, materials: [] });
    expect(refused.status).toBe(422);
  });

  it('refuses a token that never expires, even signed with the right key', async () => {
    const secret = new Uint8Array(fs.readFileSync(path.join(engine.dataDir, 'auth', 'token-secret')));
    const forever = await new SignJWT({ role: 'center-admin' }).setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin').setIssuer(EMBEDDED_ISSUER).setAudience(EMBEDDED_AUDIENCE).setIssuedAt().sign(secret);
    const response = await engine.app.inject({ method: 'GET', url: '/api/catalog/items', headers: { authorization: `Bearer ${forever}` } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH.TOKEN_INVALID', message: 'the token has no exp claim' });
  });

  it('keeps the data files to the engine\'s own user', () => {
    for (const file of ['events.sqlite', 'read-models.sqlite', 'auth/token-secret', 'personal-data/person-keys.sqlite']) {
      expect({ file, mode: (fs.statSync(path.join(engine.dataDir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    }
    expect((fs.statSync(path.join(engine.dataDir, 'personal-data')).mode & 0o777).toString(8)).toBe('700');
  });

  it('answers a wrong method 405 with the methods the path has, and an unknown path 404', async () => {
    const wrong = await engine.app.inject({ method: 'DELETE', url: '/api/cases/ZRZY-20260407-00001' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
    expect(wrong.json()).toMatchObject({ code: 'HTTP.METHOD_NOT_ALLOWED' });
    const put = await engine.app.inject({ method: 'PUT', url: '/api/cases' });
    expect([put.statusCode, put.headers.allow]).toEqual([405, 'POST']);
    expect((await engine.app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404);
  });

  it('sends nosniff, no framing and no referrer everywhere, and a CSP with the pages', async () => {
    for (const url of ['/health', '/api/hall/today', '/']) {
      const response = await engine.app.inject({ method: 'GET', url });
      expect({ url, nosniff: response.headers['x-content-type-options'], frame: response.headers['x-frame-options'], referrer: response.headers['referrer-policy'] })
        .toEqual({ url, nosniff: 'nosniff', frame: 'DENY', referrer: 'no-referrer' });
    }
    const page = await engine.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('states every error response, the roles of each route, the enforced enums, and no token on the public routes', async () => {
    const document = (await engine.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const receive = document.paths['/api/cases'].post;
    for (const status of ['400', '401', '403', '404', '409', '422']) {
      expect(receive.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(receive['x-roles']).toEqual(['window-staff', 'integration']);
    expect(receive.description).toContain('Roles: window-staff, integration');
    expect(document.paths['/api/hall/today'].get.security).toEqual([]);
    expect(document.paths['/api/hall/today'].get.responses['401']).toBeUndefined();
    expect(document.paths['/api/applicant/sessions'].post.responses['429']).toBeDefined();
    const status = document.paths['/api/supervision/notices'].get.parameters.find((p: { name: string }) => p.name === 'status');
    expect(status.schema.enum).toEqual(['awaiting-reply', 'replied', 'closed']);
    const head = await engine.authorization({ subject: 'eo', role: 'efficiency-office' });
    expect((await engine.request('GET', '/api/supervision/notices?status=AAA', undefined, { authorization: head })).status).toBe(400);
  });
});
