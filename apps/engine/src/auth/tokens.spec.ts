import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadAuthConfig } from './auth.config';
import { EmbeddedTokens, InvalidTokenError, tokensFor } from './tokens';
import { VerifiedTokenCache } from './verified-token-cache';

describe('embedded tokens', () => {
  let dir: string;
  let tokens: EmbeddedTokens;
  const config = () => ({ mode: 'embedded' as const, issuer: EMBEDDED_ISSUER, audience: EMBEDDED_AUDIENCE, secretFile: path.join(dir, 'auth', 'token-secret') });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-auth-'));
    tokens = EmbeddedTokens.open(config());
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps its secret in DATA_DIR, readable by the owner only, and reuses it', async () => {
    const token = await tokens.issue({ subject: 'admin-1', role: 'center-admin' }, 60);
    expect(fs.statSync(config().secretFile).mode & 0o777).toBe(0o600);
    await expect(EmbeddedTokens.open(config()).verify(token)).resolves.toEqual(expect.objectContaining({ subject: 'admin-1', role: 'center-admin' }));
  });

  it('gives back the principal with its scope', async () => {
    const token = await tokens.issue({ subject: 'staff-7', role: 'window-staff', departmentId: 'scjg', windowId: 'W03' }, 60);
    await expect(tokens.verify(token)).resolves.toEqual({
      subject: 'staff-7', role: 'window-staff', departmentId: 'scjg', windowId: 'W03', caseNo: undefined, channel: undefined,
    });
  });

  it('refuses a token signed with another secret', async () => {
    const other = await new SignJWT({ role: 'center-admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer(EMBEDDED_ISSUER).setAudience(EMBEDDED_AUDIENCE).setExpirationTime('1h').sign(new Uint8Array(32).fill(7));
    await expect(tokens.verify(other)).rejects.toThrow(new InvalidTokenError('the token signature does not verify'));
  });

  it('refuses an expired token, another audience and garbage', async () => {
    const secret = new Uint8Array(fs.readFileSync(config().secretFile));
    const expired = await new SignJWT({ role: 'center-admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer(EMBEDDED_ISSUER).setAudience(EMBEDDED_AUDIENCE).setExpirationTime(Math.floor(Date.now() / 1000) - 120).sign(secret);
    const elsewhere = await new SignJWT({ role: 'center-admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer(EMBEDDED_ISSUER).setAudience('another-system').setExpirationTime('1h').sign(secret);
    await expect(tokens.verify(expired)).rejects.toThrow('the token has expired');
    await expect(tokens.verify(elsewhere)).rejects.toThrow("the token's aud claim is not accepted");
    await expect(tokens.verify('not.a.token')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token without a known role, or without the scope its role needs', async () => {
    const secret = new Uint8Array(fs.readFileSync(config().secretFile));
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer(EMBEDDED_ISSUER).setAudience(EMBEDDED_AUDIENCE).setExpirationTime('1h').sign(secret);
    await expect(tokens.verify(await sign({ role: 'superuser' }))).rejects.toThrow('the token\'s role "superuser" is not one of the engine\'s roles');
    await expect(tokens.verify(await sign({ role: 'window-staff', department: 'scjg' }))).rejects.toThrow('a window-staff token must name its window');
    await expect(tokens.verify(await sign({ role: 'applicant' }))).rejects.toThrow('an applicant token must name its case');
  });
});

describe('auth configuration', () => {
  it('is the embedded default unless a JWKS URL is given', () => {
    expect(loadAuthConfig({}, '/srv/data/')).toEqual({ mode: 'embedded', issuer: EMBEDDED_ISSUER, audience: EMBEDDED_AUDIENCE, secretFile: '/srv/data/auth/token-secret' });
    expect(loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks', AUTH_ISSUER: 'https://idp.example.gov.cn', AUTH_AUDIENCE: 'case-engine' }, './data'))
      .toEqual({ mode: 'oidc', issuer: 'https://idp.example.gov.cn', audience: 'case-engine', jwksUrl: 'https://idp.example.gov.cn/jwks', secretFile: './data/auth/token-secret' });
    expect(() => loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks' }, './data')).toThrow('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');
  });
});

describe('identity provider tokens', () => {
  it('verifies RS256 tokens against the provider\'s JWKS, fetched over HTTP', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'county-idp-1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { verifier, engine } = tokensFor({
        mode: 'oidc', issuer: 'https://idp.county.gov.cn', audience: 'case-engine', jwksUrl: `http://127.0.0.1:${port}/jwks`, secretFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gov-auth-')), 'auth', 'token-secret'),
      });
      const sign = (issuer: string) => new SignJWT({ role: 'department-head', department: 'zrzy' })
        .setProtectedHeader({ alg: 'RS256', kid: 'county-idp-1' }).setSubject('head-zrzy').setIssuer(issuer).setAudience('case-engine')
        .setExpirationTime('5m').sign(privateKey);
      await expect(verifier.verify(await sign('https://idp.county.gov.cn'))).resolves.toEqual(
        expect.objectContaining({ subject: 'head-zrzy', role: 'department-head', departmentId: 'zrzy' }));
      await expect(verifier.verify(await sign('https://elsewhere.example'))).rejects.toThrow("the token's iss claim is not accepted");
      // Applicants have no account at the provider: the engine's own case tokens pass, for applicants only.
      await expect(verifier.verify(await engine.issue({ subject: 'applicant:SCJG-20260407-00001', role: 'applicant', caseNo: 'SCJG-20260407-00001' }, 60)))
        .resolves.toEqual(expect.objectContaining({ role: 'applicant', caseNo: 'SCJG-20260407-00001' }));
      await expect(verifier.verify(await engine.issue({ subject: 'admin', role: 'center-admin' }, 60))).rejects.toThrow('the engine signs applicant tokens only');
    } finally {
      server.close();
    }
  });
});

describe('the verified-token cache', () => {
  it('verifies a token once, believes it until its expiry and never a forged one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-auth-'));
    const tokens = EmbeddedTokens.open({ mode: 'embedded', issuer: EMBEDDED_ISSUER, audience: EMBEDDED_AUDIENCE, secretFile: path.join(dir, 'auth', 'token-secret') });
    let calls = 0;
    let now = Date.now();
    const cache = new VerifiedTokenCache({ verify: (token) => { calls += 1; return tokens.verify(token); } }, 2, () => now);
    const clerk = await tokens.issue({ subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: 'W01' }, 60);
    await cache.verify(clerk);
    await expect(cache.verify(clerk)).resolves.toEqual(expect.objectContaining({ subject: 'clerk' }));
    expect(calls).toBe(1);
    // A forged signature is verified (and refused) each time it comes.
    const forged = `${clerk.slice(0, clerk.lastIndexOf('.'))}.AAAA`;
    await expect(cache.verify(forged)).rejects.toThrow(InvalidTokenError);
    await expect(cache.verify(forged)).rejects.toThrow(InvalidTokenError);
    expect(calls).toBe(3);
    // Past its expiry (by the cache's clock) the cache no longer answers: it asks the signer again.
    now += 61_000;
    await cache.verify(clerk);
    expect(calls).toBe(4);
  });
});
