import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { readModelStoresUnderTest } from '@gov/projections/store/testing/read-model-stores';
import type { KeyTable } from './key-table';
import { KeyVault } from './key-vault';
import { PostgresKeyTable } from './postgres-key-table';
import { SqliteKeyTable } from './sqlite-key-table';
import { LocalMasterKey } from './master-key';

const fields = { name: '欧阳明华', idNumber: '330102199001011234', phone: '13812345678', address: '浙江省杭州市上城区解放路100号' };

interface TableUnderTest {
  readonly name: string;
  /** The table of one test: the same one each call (a restart opens it again). */
  open(dir: string, id: string): Promise<KeyTable>;
  /** Drops what `open` created. */
  cleanUp(id: string): Promise<void>;
}

const POSTGRES_URL = process.env.POSTGRES_URL;
const tables: TableUnderTest[] = [
  { name: 'a SQLite file', open: async (dir) => new SqliteKeyTable(path.join(dir, 'person-keys.sqlite')), cleanUp: async () => undefined },
];
// The read-model stores under test say whether PostgreSQL runs here (and fail when CI requires it).
if (readModelStoresUnderTest().some((store) => store.name === 'postgres')) {
  tables.push({
    name: 'PostgreSQL',
    open: (_dir, id) => PostgresKeyTable.open(POSTGRES_URL as string, id),
    cleanUp: async (id) => {
      const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${id} CASCADE`).finally(() => admin.end());
    },
  });
}

describe.each(tables)('the personal-data vault on $name', (table) => {
  let dir: string;
  let id: string;
  let vault: KeyVault;
  const open = async () => new KeyVault(await table.open(dir, id), LocalMasterKey.open(path.join(dir, 'master.key')));

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-'));
    id = `k_${randomBytes(6).toString('hex')}`;
    vault = await open();
  });
  afterEach(async () => {
    await vault.close();
    await table.cleanUp(id);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seals fields into an envelope that names nothing of them, and opens it again after a restart', async () => {
    const sealed = await vault.seal(fields, fields.idNumber);
    expect(JSON.stringify(sealed)).not.toMatch(/欧阳|330102|13812345678|解放路/);
    await vault.close();
    vault = await open();
    expect(await vault.unseal(sealed)).toEqual(fields);
  });

  it('gives one ID number one person, even for receipts sealed at the same moment, and everyone without one a person of their own', async () => {
    const [a, b] = await Promise.all([vault.seal(fields, fields.idNumber), vault.seal({ name: '欧阳明华' }, ' 330102199001011234 ')]);
    expect(b.personId).toBe(a.personId);
    expect((await vault.seal(fields, fields.idNumber)).personId).toBe(a.personId);
    const [x, y] = [await vault.seal({ name: '张三' }, null), await vault.seal({ name: '张三' }, null)];
    expect(x.personId).not.toBe(y.personId);
  });

  it('binds an envelope to its person: moved to another, it does not open', async () => {
    const mine = await vault.seal(fields, fields.idNumber);
    const theirs = await vault.seal({ name: '张三' }, null);
    await expect(vault.unseal({ personId: theirs.personId, sealed: mine.sealed })).rejects.toThrow();
  });

  it('shreds a person: their envelopes no longer open, from the file either, and their ID number is a stranger afterwards', async () => {
    const sealed = await vault.seal(fields, fields.idNumber);
    expect(await vault.shred(sealed.personId)).toBe(true);
    expect(await vault.unseal(sealed)).toBeNull();
    expect(await vault.holdsKeyOf(sealed.personId)).toBe(false);
    await vault.close();
    vault = await open();
    expect(await vault.unseal(sealed)).toBeNull();
    expect((await vault.seal(fields, fields.idNumber)).personId).not.toBe(sealed.personId);
    expect(await vault.shred(sealed.personId)).toBe(false);
  });

  it('seals a secret (a document\'s key) under a known person for a purpose: another purpose or person does not open it, erasure does not either', async () => {
    const { personId } = await vault.seal(fields, fields.idNumber);
    const secret = randomBytes(32);
    const sealed = (await vault.sealSecret(personId, secret, 'document:d-1')) as string;
    expect(sealed.includes(secret.toString('base64url'))).toBe(false);
    expect(await vault.openSecret(personId, sealed, 'document:d-1')).toEqual(secret);
    await expect(vault.openSecret(personId, sealed, 'document:d-2')).rejects.toThrow();
    await vault.shred(personId);
    expect(await vault.openSecret(personId, sealed, 'document:d-1')).toBeNull();
    expect(await vault.sealSecret(personId, secret, 'document:d-1')).toBeNull();
  });

  it('keeps no personal field, nor the ID number\'s plain hash, in its files', async () => {
    await vault.seal(fields, fields.idNumber);
    await vault.close();
    for (const file of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, file));
      for (const value of Object.values(fields)) expect(bytes.includes(Buffer.from(value))).toBe(false);
    }
    vault = await open();
  });

  it('gives one ID number one person across instances sharing the table, even sealing at the same moment', async () => {
    const other = await open();
    try {
      const [a, b] = await Promise.all([vault.seal(fields, fields.idNumber), other.seal({ name: '欧阳明华' }, fields.idNumber)]);
      expect(b.personId).toBe(a.personId);
      expect(await other.unseal(a)).toEqual(fields);
      expect(await vault.unseal(b)).toEqual({ name: '欧阳明华' });
    } finally {
      await other.close();
    }
  });

  it('refuses a master key file that is not a 32-byte key', () => {
    fs.writeFileSync(path.join(dir, 'bad.key'), 'c2hvcnQ=');
    expect(() => LocalMasterKey.open(path.join(dir, 'bad.key'))).toThrow(/32-byte/);
  });
});
