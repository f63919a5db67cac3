import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalKeyVault } from './local-key-vault';
import { LocalMasterKey } from './master-key';

const fields = { name: '欧阳明华', idNumber: '330102199001011234', phone: '13812345678', address: '浙江省杭州市上城区解放路100号' };

describe('the embedded personal-data vault', () => {
  let dir: string;
  let vault: LocalKeyVault;
  const open = () => LocalKeyVault.open(path.join(dir, 'person-keys.sqlite'), LocalMasterKey.open(path.join(dir, 'master.key')));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-'));
    vault = open();
  });
  afterEach(() => {
    vault.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seals fields into an envelope that names nothing of them, and opens it again after a restart', async () => {
    const sealed = await vault.seal(fields, fields.idNumber);
    expect(JSON.stringify(sealed)).not.toMatch(/欧阳|330102|13812345678|解放路/);
    vault.close();
    vault = open();
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
    vault.close();
    vault = open();
    expect(await vault.unseal(sealed)).toBeNull();
    expect((await vault.seal(fields, fields.idNumber)).personId).not.toBe(sealed.personId);
    expect(await vault.shred(sealed.personId)).toBe(false);
  });

  it('keeps no personal field, nor the ID number\'s plain hash, in its files', async () => {
    await vault.seal(fields, fields.idNumber);
    vault.close();
    for (const file of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, file));
      for (const value of Object.values(fields)) expect(bytes.includes(Buffer.from(value))).toBe(false);
    }
    vault = open();
  });

  it('refuses a master key file that is not a 32-byte key', () => {
    fs.writeFileSync(path.join(dir, 'bad.key'), 'c2hvcnQ=');
    expect(() => LocalMasterKey.open(path.join(dir, 'bad.key'))).toThrow(/32-byte/);
  });
});
