import Database from 'better-sqlite3';
import type { SqliteEventStore } from '@gov/event-store';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditMigrateSuite, auditVerify } from '../../apps/engine/src/cli/audit-record';
import { loadConfig } from '../../apps/engine/src/config/engine.config';
import { eventStoreFile, openEventStore } from '../../apps/engine/src/infrastructure/infrastructure.module';
import { removeDataDir, startEngine, tempDataDir } from '../support/engine';

/**
 * A county's store moving to the national suite: written in international, sealed onward in gm
 * by `audit:migrate-suite`, written on by the engine with CRYPTO_SUITE=gm, and verified whole;
 * then tampered with after the move.
 */
describe('CRYPTO_SUITE=gm and audit:migrate-suite on the engine’s data directory', () => {
  const dataDir = tempDataDir();
  const env = { DATA_DIR: dataDir };
  const receive = { itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'] };
  let internationalHead = 0;
  let head = 0;

  beforeAll(async () => {
    const engine = await startEngine({ dataDir });
    expect((await engine.request('POST', '/api/cases', receive)).status).toBe(201);
    internationalHead = await engine.store.headPosition();
    await engine.close();
  });
  afterAll(() => removeDataDir(dataDir));

  it('the engine refuses CRYPTO_SUITE=gm on an international store, naming the command', async () => {
    await expect(openEventStore(loadConfig({ DATA_DIR: dataDir, CRYPTO_SUITE: 'gm' }))).rejects.toThrow(/is in the international crypto suite, CRYPTO_SUITE is gm: .*npm run audit:migrate-suite/);
    expect(() => loadConfig({ CRYPTO_SUITE: 'sm' })).toThrow('CRYPTO_SUITE must be gm or international, not sm');
    // A CLI that only reads the log (report, rebuild) follows the store's suite.
    const reader = await openEventStore(loadConfig({ DATA_DIR: dataDir, CRYPTO_SUITE: 'gm' }), { purpose: 'read' });
    expect((reader as SqliteEventStore).cryptoSuite).toBe('international');
    await reader.close();
  });

  it('seals the store onward in gm, then the engine writes SM3 hashes and SM2-signed seals', async () => {
    const migrated = auditMigrateSuite([], env);
    expect(migrated.exitCode).toBe(0);
    expect(migrated.lines[0]).toMatch(new RegExp(`^Sealed .* onward in the gm suite: seal #\\d+ up to position ${internationalHead}, sm3:[0-9a-f]{64}, signed with SM2\\.$`));
    expect(fs.readFileSync(path.join(dataDir, 'audit', 'seal-signing.pub.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(auditMigrateSuite([], env).lines[0]).toMatch(/in the gm suite already/);

    const engine = await startEngine({ dataDir, config: { cryptoSuite: 'gm' } });
    expect((await engine.request('POST', '/api/cases', receive)).status).toBe(201);
    head = await engine.store.headPosition();
    await engine.close();
    expect(head).toBeGreaterThan(internationalHead);

    const db = new Database(eventStoreFile(dataDir), { readonly: true });
    const hashes = db.prepare<[number], string>('SELECT hash FROM events WHERE position > ? ORDER BY position').pluck().all(internationalHead);
    db.close();
    expect(hashes.every((hash) => hash.startsWith('sm3:'))).toBe(true);
  });

  it('audit:verify checks both suites, the signatures under the engine\'s key, and reports its progress', async () => {
    const updates: number[] = [];
    const verified = await auditVerify([], env, (_label, total) => ({ update: (done) => updates.push(done), stop: () => updates.push(-total) }));

    expect(verified.exitCode).toBe(0);
    expect(verified.lines[0]).toContain(`intact. Checked ${head} events`);
    expect(verified.lines.join('\n')).toMatch(new RegExp(`Crypto suite of the store: gm; international: ${internationalHead} events, \\d+ seals; gm: ${head - internationalHead} events, \\d+ seals \\(SM2-signed, by 04`));
    expect(verified.lines).toContain(`Access log ${path.join(dataDir, 'audit', 'access-log.sqlite')}: intact, 0 entries.`);
    expect(updates.at(-2)).toBe(head);
    expect(updates.at(-1)).toBe(-head);
  });

  it('a gm event altered after the move fails, with its position named', async () => {
    const file = eventStoreFile(dataDir);
    const db = new Database(file);
    db.prepare("UPDATE events SET data = json_set(data, '$.windowId', 'w-elsewhere') WHERE position = ?").run(head);
    db.close();

    const verified = await auditVerify([], env);
    expect(verified.exitCode).toBe(1);
    expect(verified.lines[1]).toMatch(new RegExp(`^First: position ${head}, .*: does not match its hash`));
  });
});

describe('a new engine with CRYPTO_SUITE=gm', () => {
  const dataDir = tempDataDir();
  afterAll(() => removeDataDir(dataDir));

  it('is gm from its first event: SM3 hashes, SM2-signed seals, the applicant sealed with SM4-GCM, the access log in SM3', async () => {
    const engine = await startEngine({ dataDir, config: { cryptoSuite: 'gm' } });
    const received = await engine.request('POST', '/api/cases', {
      itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六', idNumber: '330102199001011234' }, materials: ['申请书'],
    });
    expect(received.status).toBe(201);
    expect((await engine.request('GET', `/api/cases/${received.body.caseNo}`)).status).toBe(200);
    await engine.close();

    const db = new Database(eventStoreFile(dataDir), { readonly: true });
    const hashes = db.prepare<[], string>('SELECT hash FROM events').pluck().all();
    const receipt = db.prepare<[], string>("SELECT data FROM events WHERE type = 'CaseReceived' ORDER BY position DESC LIMIT 1").pluck().get() as string;
    db.close();
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes.every((hash) => hash.startsWith('sm3:'))).toBe(true);
    expect(JSON.parse(receipt).applicant.sealed).toMatch(/^pdsm4\./);

    const verified = await auditVerify([], { DATA_DIR: dataDir });
    expect(verified.exitCode).toBe(0);
    expect(verified.lines.join('\n')).toMatch(/Crypto suite of the store: gm; international: 0 events, 1 seals; gm: \d+ events, \d+ seals \(SM2-signed, by 04/);
    expect(verified.lines.join('\n')).toMatch(/Access log .*: intact, 1 entries\./);
    const log = new Database(path.join(dataDir, 'audit', 'access-log.sqlite'), { readonly: true });
    expect(log.prepare('SELECT hash FROM access_log').pluck().get()).toMatch(/^sm3:/);
    log.close();
  });
});
