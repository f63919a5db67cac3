import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KeyVault } from './key-vault';
import { LocalMasterKey } from './master-key';
import { SqliteKeyTable } from './sqlite-key-table';

/** The vault in the national suite: SM4-GCM envelopes, SM4-wrapped keys, beside what was sealed in AES before the switch. */
const fields = { name: '欧阳明华', idNumber: '330102199001011234', phone: '13812345678' };

describe('the personal-data vault with CRYPTO_SUITE=gm', () => {
  let dir: string;
  const vaults: KeyVault[] = [];
  const open = (suite: 'gm' | 'international') => {
    const vault = new KeyVault(new SqliteKeyTable(path.join(dir, 'person-keys.sqlite')), LocalMasterKey.open(path.join(dir, 'master.key'), suite), suite);
    vaults.push(vault);
    return vault;
  };
  const blindIndexes = () => {
    const db = new Database(path.join(dir, 'person-keys.sqlite'), { readonly: true });
    try {
      return db.prepare<[], string>('SELECT blind_index FROM person_keys').pluck().all();
    } finally {
      db.close();
    }
  };
  const wrappedKeys = () => {
    const db = new Database(path.join(dir, 'person-keys.sqlite'), { readonly: true });
    try {
      return db.prepare<[], Buffer>('SELECT wrapped_key FROM person_keys').pluck().all();
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-gm-'));
  });
  afterEach(async () => {
    await Promise.all(vaults.splice(0).map((vault) => vault.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seals with SM4-GCM (the envelope names it), wraps the key with SM4-GCM, and opens it again after a restart', async () => {
    const sealed = await open('gm').seal(fields, fields.idNumber);
    expect(sealed.sealed).toMatch(/^pdsm4\./);
    expect(sealed.sealed).not.toContain('欧阳');
    expect(wrappedKeys().map((key) => key.subarray(0, 4).toString('latin1'))).toEqual(['SM4\u0001']);
    expect(blindIndexes()).toEqual([expect.stringMatching(/^sm3:[A-Za-z0-9_-]{43}$/)]);

    expect(await open('gm').unseal(sealed)).toEqual(fields);
  });

  it('a store that moved to gm still opens what was sealed in AES, and the same ID number keeps its person and key', async () => {
    const before = await open('international').seal(fields, fields.idNumber);
    expect(before.sealed).toMatch(/^pd1\./);

    const gm = open('gm');
    const after = await gm.seal({ ...fields, phone: '13900000000' }, fields.idNumber);
    expect(after.personId).toBe(before.personId);
    expect(await gm.unseal(before)).toEqual(fields);
    expect(await gm.unseal(after)).toEqual({ ...fields, phone: '13900000000' });
    expect(blindIndexes()).toHaveLength(1);
  });

  it('shredding the person\'s key makes both kinds of envelope unreadable', async () => {
    const international = await open('international').seal(fields, fields.idNumber);
    const gm = open('gm');
    const sealed = await gm.seal(fields, fields.idNumber);
    expect(await gm.shred(sealed.personId)).toBe(true);

    expect(await gm.unseal(sealed)).toBeNull();
    expect(await gm.unseal(international)).toBeNull();
  });

  it('an SM4 envelope moved to another person does not open', async () => {
    const gm = open('gm');
    const first = await gm.seal(fields, fields.idNumber);
    const second = await gm.seal({ name: '李四' }, '110101199003071234');
    await expect(gm.unseal({ personId: second.personId, sealed: first.sealed })).rejects.toThrow();
  });

  it('seals a document\'s key with SM4-GCM, bound to its purpose, still opens an AES-sealed one, and shreds both', async () => {
    const international = open('international');
    const { personId } = await international.seal(fields, fields.idNumber);
    const secret = Buffer.from('0123456789abcdef0123456789abcdef');
    const aes = await international.sealSecret(personId, secret, 'document:d-1') as string;
    const gm = open('gm');
    const sm4 = await gm.sealSecret(personId, secret, 'document:d-2') as string;
    expect(aes).toMatch(/^ps1\./);
    expect(sm4).toMatch(/^pssm4\./);
    expect(await gm.openSecret(personId, aes, 'document:d-1')).toEqual(secret);
    expect(await gm.openSecret(personId, sm4, 'document:d-2')).toEqual(secret);
    await expect(gm.openSecret(personId, sm4, 'document:d-1')).rejects.toThrow();
    expect(await gm.shred(personId)).toBe(true);
    expect(await gm.openSecret(personId, sm4, 'document:d-2')).toBeNull();
  });
});
