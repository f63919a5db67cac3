import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSealSigningKey, suiteOfHash } from '../../audit/crypto-suite';
import type { NewEvent } from '../../event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../sqlite-event-store';
import { sealStoreOnward, StoreSuiteMismatchError } from './suite-migration';
import { verifyEventLog } from './verify-event-log';

/** A store in the national suite (SM3 hashes, SM2-signed seals), and one holding both suites. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gm-store-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

const event = (n: number): NewEvent => ({
  id: randomUUID(),
  type: 'CaseNoted',
  schemaVersion: 1,
  data: { n },
  metadata: { occurredAt: '2026-03-02T01:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'staff-1', role: 'window-staff' } },
});

const key = generateSealSigningKey();
const gm = { cryptoSuite: 'gm' as const, sealSigningKey: key };

async function withStore(options: Partial<SqliteEventStoreOptions> & { file: string }, work: (store: SqliteEventStore) => Promise<void>): Promise<void> {
  const store = SqliteEventStore.open(options);
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

async function appendCases(store: SqliteEventStore, cases: number, from = 0): Promise<void> {
  for (let i = from; i < from + cases; i++) {
    await store.append(`case-${i}`, [event(i), event(i)], { expectedRevision: 'any' });
  }
}

function rows<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

function edit(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('the gm crypto suite in SqliteEventStore', () => {
  it('a new gm store hashes with SM3, signs its seals with SM2, and verifies', async () => {
    const file = tempFile();
    await withStore({ file, ...gm, sealPolicy: { everyEvents: 4, everyMs: 3_600_000 } }, async (store) => {
      expect(store.cryptoSuite).toBe('gm');
      await appendCases(store, 5);
    });

    const hashes = rows<{ hash: string }>(file, 'SELECT hash FROM events');
    expect(hashes.every(({ hash }) => /^sm3:[0-9a-f]{64}$/.test(hash))).toBe(true);
    const seals = rows<{ seq: number; reason: string; hash: string; signer: string | null }>(file, 'SELECT seq, reason, hash, signer FROM seals ORDER BY seq');
    expect(seals.map(({ reason, hash }) => [reason, suiteOfHash(hash)])).toEqual([
      ['genesis', 'international'], ['suite', 'gm'], ['count', 'gm'], ['count', 'gm'],
    ]);
    expect(seals.slice(1).every(({ signer }) => signer === key.publicKey)).toBe(true);

    const report = verifyEventLog(file, { sealSigners: [key.publicKey] });
    expect(report).toMatchObject({ intact: true, eventsChecked: 10, storeSuite: 'gm', suites: { gm: { events: 10, seals: 3 }, international: { events: 0, seals: 1 } } });
  });

  it('a tampered gm store fails, naming the position', async () => {
    const file = tempFile();
    await withStore({ file, ...gm }, (store) => appendCases(store, 3));
    edit(file, `UPDATE events SET data = '{"n":99}' WHERE position = 4`);

    const report = verifyEventLog(file);
    expect(report.intact).toBe(false);
    expect(report.findings[0]).toMatchObject({ kind: 'altered', position: 4, streamId: 'case-1', revision: 1 });
    expect(report.findings[0].message).toMatch(/^position 4, case-1@1/);
  });

  it('an edited gm seal fails its signature; a seal re-signed with another key fails against the engine\'s', async () => {
    const file = tempFile();
    await withStore({ file, ...gm }, async (store) => {
      await appendCases(store, 2);
      await store.sealNow();
    });
    const [last] = rows<{ seq: number; signature: string }>(file, 'SELECT seq, signature FROM seals ORDER BY seq DESC LIMIT 1');
    const flipped = last.signature.slice(0, -2) + (last.signature.endsWith('00') ? '01' : '00');
    edit(file, `UPDATE seals SET signature = '${flipped}' WHERE seq = ${last.seq}`);
    expect(verifyEventLog(file).findings).toEqual([expect.objectContaining({ kind: 'seal-signature', sealSeq: last.seq })]);

    const intruder = generateSealSigningKey();
    const other = tempFile();
    await withStore({ file: other, cryptoSuite: 'gm', sealSigningKey: intruder }, (store) => appendCases(store, 1));
    expect(verifyEventLog(other).intact).toBe(true);
    expect(verifyEventLog(other, { sealSigners: [key.publicKey] }).findings[0]).toMatchObject({ kind: 'seal-signature', message: expect.stringMatching(/not by the engine's key/) });
  });

  it('an international store is refused under CRYPTO_SUITE=gm until sealed onward; then it holds both suites and verifies', async () => {
    const file = tempFile();
    await withStore({ file }, async (store) => {
      await appendCases(store, 3);
      await store.sealNow();
    });
    const before = rows<{ position: number; hash: string }>(file, 'SELECT position, hash FROM events ORDER BY position');
    expect(() => SqliteEventStore.open({ file, ...gm })).toThrow(StoreSuiteMismatchError);

    const db = new Database(file);
    const seal = sealStoreOnward(db, { suite: 'gm', signingKey: key }, new Date());
    db.close();
    expect(seal).toMatchObject({ reason: 'suite', position: 6, signer: key.publicKey });

    await withStore({ file, ...gm }, (store) => appendCases(store, 2, 3));
    const after = rows<{ position: number; hash: string }>(file, 'SELECT position, hash FROM events ORDER BY position');
    expect(after.slice(0, 6)).toEqual(before);
    expect(after.slice(6).every(({ hash }) => suiteOfHash(hash) === 'gm')).toBe(true);

    const report = verifyEventLog(file, { sealSigners: [key.publicKey] });
    expect(report).toMatchObject({ intact: true, storeSuite: 'gm', suites: { international: { events: 6 }, gm: { events: 4 } } });
    // An international store stays refused the other way round, and an unset suite follows the store.
    expect(() => SqliteEventStore.open({ file, cryptoSuite: 'international' })).toThrow(/does not go back/);
    await withStore({ file }, async (store) => expect(store.cryptoSuite).toBe('gm'));
  });

  it('an event rehashed in the international suite after the store went gm is a downgrade', async () => {
    const file = tempFile();
    await withStore({ file, ...gm }, (store) => appendCases(store, 1));
    const [row] = rows<{ hash: string }>(file, 'SELECT hash FROM events WHERE position = 2');
    edit(file, `UPDATE events SET hash = '${row.hash.slice(4)}' WHERE position = 2`);

    const kinds = verifyEventLog(file).findings.map((finding) => finding.kind);
    expect(kinds).toContain('suite-downgrade');
  });

  it('the writer thread writes in the store\'s suite too', async () => {
    const file = tempFile();
    await withStore({ file, ...gm, writer: 'thread' }, async (store) => {
      await appendCases(store, 3);
      await store.sealNow();
    });
    expect(verifyEventLog(file, { sealSigners: [key.publicKey] })).toMatchObject({ intact: true, suites: { gm: { events: 6 } } });
  });
});
