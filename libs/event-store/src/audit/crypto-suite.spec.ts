import { type CipherGCM, createCipheriv, createDecipheriv, createPublicKey, type DecipherGCM, hash, verify } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { generateSealSigningKey, recordHash, signSeal, sm2PublicKeyPem, SM2_DEFAULT_ID, suiteOfHash, verifySealSignature } from './crypto-suite';

/**
 * The national suite's primitives against the standards' published examples: Node 24's
 * OpenSSL for SM3 and SM4, sm-crypto-v2 for SM2 with its distinguishing identifier.
 */
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe('SM3 (GB/T 32905-2016, Appendix A)', () => {
  it('example 1: "abc"', () => {
    expect(hash('sm3', 'abc', 'hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('example 2: the 64-byte message "abcd" × 16', () => {
    expect(hash('sm3', 'abcd'.repeat(16), 'hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('is what a gm record hash holds, tagged with its suite', () => {
    expect(recordHash('gm', 'abc')).toBe('sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(recordHash('international', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(suiteOfHash(recordHash('gm', 'abc'))).toBe('gm');
    expect(suiteOfHash(recordHash('international', 'abc'))).toBe('international');
  });
});

describe('SM4 (GB/T 32907-2016, Appendix A)', () => {
  const key = hex('0123456789abcdeffedcba9876543210');
  const ecb = () => createCipheriv('sm4-ecb', key, null).setAutoPadding(false);

  it('example 1: one block', () => {
    const cipher = ecb();
    expect(Buffer.concat([cipher.update(key), cipher.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('example 2: the same block encrypted 1,000,000 times', () => {
    const cipher = ecb();
    let block = key;
    for (let i = 0; i < 1_000_000; i++) block = cipher.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
});

describe('SM4-GCM (RFC 8998, Appendix A.1)', () => {
  const key = hex('0123456789ABCDEFFEDCBA9876543210');
  const iv = hex('00001234567800000000ABCD');
  const aad = hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2');
  const plaintext = hex(`AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD
    EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA`);
  const ciphertext = `17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735
    D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D`.replace(/\s/g, '');
  const tag = '83DE3541E4C2B58177E065A9BF7B62EC';

  it('encrypts to the published ciphertext and tag', () => {
    const cipher = (createCipheriv('sm4-gcm', key, iv) as CipherGCM).setAAD(aad);
    const out = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    expect(out.toString('hex').toUpperCase()).toBe(ciphertext);
    expect(cipher.getAuthTag().toString('hex').toUpperCase()).toBe(tag);
  });

  it('decrypts it, and refuses it under another AAD', () => {
    const open = (withAad: Buffer) => {
      const decipher = (createDecipheriv('sm4-gcm', key, iv) as DecipherGCM).setAAD(withAad);
      decipher.setAuthTag(hex(tag));
      return Buffer.concat([decipher.update(hex(ciphertext)), decipher.final()]);
    };
    expect(open(aad)).toEqual(plaintext);
    expect(() => open(Buffer.from('another person'))).toThrow();
  });
});

describe('SM2 signature (GB/T 32918.2-2016 with the parameters and example of GB/T 32918.5-2017, Appendix A)', () => {
  // The recommended curve, the default distinguishing identifier, "message digest".
  const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
  const publicKey = '04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020'
    + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
  const k = '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21';
  const r = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3';
  const s = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';

  it('the published public key is the private key\'s', () => {
    expect(sm2.getPublicKeyFromPrivateKey(privateKey)).toBe(publicKey);
  });

  it('verifies the published signature with the default identifier 1234567812345678, and not with another', () => {
    expect(SM2_DEFAULT_ID).toBe('1234567812345678');
    expect(sm2.doVerifySignature('message digest', r + s, publicKey, { hash: true, userId: SM2_DEFAULT_ID })).toBe(true);
    expect(sm2.doVerifySignature('message digest', r + s, publicKey, { hash: true, userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    expect(sm2.doVerifySignature('message digesT', r + s, publicKey, { hash: true, userId: SM2_DEFAULT_ID })).toBe(false);
  });

  it('signs to the published signature with the published nonce k', () => {
    const kG = sm2.getPublicKeyFromPrivateKey(k);
    const point = { k: BigInt(`0x${k}`), x1: BigInt(`0x${kG.slice(2, 66)}`) };
    expect(sm2.doSignature('message digest', privateKey, { hash: true, userId: SM2_DEFAULT_ID, pointPool: [point] })).toBe(r + s);
  });

  it('computes the same signature equation as Node\'s OpenSSL (which knows only the empty identifier)', () => {
    const key = generateSealSigningKey();
    const openssl = createPublicKey(sm2PublicKeyPem(key.publicKey));
    const withEmptyId = Buffer.from(sm2.doSignature('sm3:00', key.privateKey, { hash: true, der: true, userId: '' }), 'hex');
    expect(verify(null, Buffer.from('sm3:00'), openssl, withEmptyId)).toBe(true);
    // …which is why the seals are not signed with node:crypto: its signature is not the standard's default.
    const seal = signSeal(key, 'sm3:00');
    expect(verify(null, Buffer.from('sm3:00'), openssl, Buffer.from(seal.signature, 'hex'))).toBe(false);
  });

  it('a seal\'s signature verifies under its signer, not after an edit, not under another key', () => {
    const key = generateSealSigningKey();
    const other = generateSealSigningKey();
    const sealHash = recordHash('gm', 'a seal');
    const signed = signSeal(key, sealHash);
    expect(signed.signer).toBe(key.publicKey);
    expect(verifySealSignature(sealHash, signed)).toBe(true);
    expect(verifySealSignature(recordHash('gm', 'another seal'), signed)).toBe(false);
    expect(verifySealSignature(sealHash, { ...signed, signer: other.publicKey })).toBe(false);
    expect(verifySealSignature(sealHash, { ...signed, signature: 'zz' })).toBe(false);
  });
});
