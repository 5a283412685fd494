/**
 * GM/T 0018 symmetric, hash, HMAC and file functions: known answers (GM/T 0002 A.1, GM/T 0004
 * A.1), node:crypto as the independent SM4/HMAC-SM3 peer, chaining through the returned IV,
 * multi-part = single call, and the error codes (SDR_STEPERR, SDR_KEYNOTEXIST, SDR_MACERR,
 * SDR_INARGERR, SDR_ALGNOTSUPPORT, SDR_ALGMODNOTSUPPORT, SDR_FILE*).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { concatBytes, fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { sm4Gcm } from '../../src/algorithms/sm4/index.js';
import {
  SDF_AuthDec, SDF_AuthDecFinal, SDF_AuthDecInit, SDF_AuthDecUpdate, SDF_AuthEnc, SDF_AuthEncFinal, SDF_AuthEncInit, SDF_AuthEncUpdate,
  SDF_CalculateMAC, SDF_CalculateMACFinal, SDF_CalculateMACInit, SDF_CalculateMACUpdate, SDF_CreateFile, SDF_Decrypt, SDF_DecryptFinal,
  SDF_DecryptInit, SDF_DecryptUpdate, SDF_DeleteFile, SDF_DestroyKey, SDF_Encrypt, SDF_EncryptFinal, SDF_EncryptInit, SDF_EncryptUpdate,
  SDF_ExternalKeyDecrypt, SDF_ExternalKeyDecryptInit, SDF_ExternalKeyEncrypt, SDF_ExternalKeyEncryptInit, SDF_ExternalKeyHMACInit,
  SDF_HashFinal, SDF_HashInit, SDF_HashUpdate, SDF_HMACFinal, SDF_HMACInit, SDF_HMACUpdate, SDF_ImportKey, SDF_ReadFile, SDF_WriteFile,
  SGD_SHA256, SGD_SM1_CBC, SGD_SM3, SGD_SM4_CBC, SGD_SM4_CCM, SGD_SM4_CFB, SGD_SM4_CTR, SGD_SM4_ECB, SGD_SM4_GCM, SGD_SM4_MAC, SGD_SM4_OFB,
  SGD_SM4_XTS, eccPublicKeyFromPoint,
} from '../../src/sdf/index.js';
import { assertSdr, openKeysFixture, type KeysFixture } from './keys-setup.js';

const KEY = fromHex('0123456789abcdeffedcba9876543210');
let f: KeysFixture;
let h: number;
let hk: number;

before(async () => {
  f = await openKeysFixture();
  h = f.session();
  hk = SDF_ImportKey(h, KEY.slice());
});
after(() => f.close());

const nodeSm4 = (mode: string, iv: Uint8Array | null, data: Uint8Array): Uint8Array => {
  const c = createCipheriv(`sm4-${mode}`, KEY, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
};

describe('SDF_Encrypt / SDF_Decrypt', () => {
  test('SM4-ECB gives the GM/T 0002-2012 A.1 ciphertext', () => {
    const { pucEncData } = SDF_Encrypt(h, hk, SGD_SM4_ECB, null, KEY);
    assert.equal(toHex(pucEncData), '681edf34d206965e86b3e94f536e4246');
    assert.deepEqual(SDF_Decrypt(h, hk, SGD_SM4_ECB, null, pucEncData).pucData, KEY);
  });

  for (const [name, id] of [['cbc', SGD_SM4_CBC], ['cfb', SGD_SM4_CFB], ['ofb', SGD_SM4_OFB], ['ctr', SGD_SM4_CTR]] as const) {
    test(`SM4-${name.toUpperCase()} in two chained calls (returned IV) equals node:crypto in one`, () => {
      const iv = randomBytes(16);
      const data = randomBytes(80);
      const a = SDF_Encrypt(h, hk, id, iv, data.subarray(0, 48));
      const b = SDF_Encrypt(h, hk, id, a.pucIV, data.subarray(48));
      assert.equal(toHex(concatBytes(a.pucEncData, b.pucEncData)), toHex(nodeSm4(name, iv, data)));
      const d1 = SDF_Decrypt(h, hk, id, iv, concatBytes(a.pucEncData, b.pucEncData).subarray(0, 32));
      const d2 = SDF_Decrypt(h, hk, id, d1.pucIV, concatBytes(a.pucEncData, b.pucEncData).subarray(32));
      assert.deepEqual(concatBytes(d1.pucData, d2.pucData), new Uint8Array(data));
    });
  }

  test('data that is not whole blocks is SDR_INARGERR (no padding)', async () => {
    await assertSdr(() => SDF_Encrypt(h, hk, SGD_SM4_CBC, new Uint8Array(16), new Uint8Array(17)), 'SDR_INARGERR');
  });

  test('SM1 is SDR_ALGNOTSUPPORT; GCM through SDF_Encrypt is SDR_ALGMODNOTSUPPORT', async () => {
    await assertSdr(() => SDF_Encrypt(h, hk, SGD_SM1_CBC, new Uint8Array(16), new Uint8Array(16)), 'SDR_ALGNOTSUPPORT');
    await assertSdr(() => SDF_Encrypt(h, hk, SGD_SM4_GCM, new Uint8Array(16), new Uint8Array(16)), 'SDR_ALGMODNOTSUPPORT');
  });

  test('SM4-XTS needs a 32-byte key: the 16-byte session key is refused', async () => {
    await assertSdr(() => SDF_Encrypt(h, hk, SGD_SM4_XTS, new Uint8Array(16), new Uint8Array(32)), 'SDR_KEYERR');
  });

  test('a destroyed key handle, and another session\'s handle, are SDR_KEYNOTEXIST', async () => {
    const k = SDF_ImportKey(h, KEY.slice());
    SDF_DestroyKey(h, k);
    await assertSdr(() => SDF_Encrypt(h, k, SGD_SM4_ECB, null, KEY), 'SDR_KEYNOTEXIST');
    const other = f.session();
    await assertSdr(() => SDF_Encrypt(other, hk, SGD_SM4_ECB, null, KEY), 'SDR_KEYNOTEXIST');
  });
});

describe('MAC and multi-part', () => {
  test('SDF_CalculateMAC is the last SM4-CBC block, and the returned IV is the MAC', () => {
    const iv = randomBytes(16);
    const data = randomBytes(64);
    const { pucMAC, pucIV } = SDF_CalculateMAC(h, hk, SGD_SM4_MAC, iv, data);
    assert.equal(toHex(pucMAC), toHex(nodeSm4('cbc', iv, data).subarray(48)));
    assert.deepEqual(pucIV, pucMAC);
  });

  test('multi-part encrypt over uneven pieces equals SDF_Encrypt; decrypt returns the data', () => {
    const iv = randomBytes(16);
    const data = randomBytes(96);
    SDF_EncryptInit(h, hk, SGD_SM4_CBC, iv);
    const parts = [SDF_EncryptUpdate(h, data.subarray(0, 7)), SDF_EncryptUpdate(h, data.subarray(7, 50)), SDF_EncryptUpdate(h, data.subarray(50)), SDF_EncryptFinal(h)];
    const ct = concatBytes(...parts);
    assert.deepEqual(ct, SDF_Encrypt(h, hk, SGD_SM4_CBC, iv, data).pucEncData);
    SDF_DecryptInit(h, hk, SGD_SM4_CBC, iv);
    const pt = concatBytes(SDF_DecryptUpdate(h, ct.subarray(0, 33)), SDF_DecryptUpdate(h, ct.subarray(33)), SDF_DecryptFinal(h));
    assert.deepEqual(pt, new Uint8Array(data));
  });

  test('multi-part MAC equals SDF_CalculateMAC', () => {
    const iv = randomBytes(16);
    const data = randomBytes(48);
    SDF_CalculateMACInit(h, hk, SGD_SM4_MAC, iv);
    SDF_CalculateMACUpdate(h, data.subarray(0, 20));
    SDF_CalculateMACUpdate(h, data.subarray(20));
    assert.deepEqual(SDF_CalculateMACFinal(h), SDF_CalculateMAC(h, hk, SGD_SM4_MAC, iv, data).pucMAC);
  });

  test('Update or Final without Init is SDR_STEPERR', async () => {
    const s = f.session();
    await assertSdr(() => SDF_EncryptUpdate(s, new Uint8Array(16)), 'SDR_STEPERR');
    await assertSdr(() => SDF_DecryptFinal(s), 'SDR_STEPERR');
    await assertSdr(() => SDF_HashFinal(s), 'SDR_STEPERR');
  });

  test('a partial block left at Final is SDR_INARGERR', async () => {
    SDF_EncryptInit(h, hk, SGD_SM4_ECB, null);
    SDF_EncryptUpdate(h, new Uint8Array(20));
    await assertSdr(() => SDF_EncryptFinal(h), 'SDR_INARGERR');
  });
});

describe('AuthEnc / AuthDec (SM4-GCM, SM4-CCM)', () => {
  const nonce = fromHex('00001234567800000000abcd');
  const aad = utf8('header');

  test('SDF_AuthEnc with SM4-GCM equals the algorithm module (OpenSSL 3.0 has no SM4-GCM); SDF_AuthDec opens it', () => {
    const data = randomBytes(50);
    const { pucEncData, pucAuthData } = SDF_AuthEnc(h, hk, SGD_SM4_GCM, nonce, aad, data);
    const sealed = sm4Gcm(KEY).sealWithNonce(nonce, data, aad);
    assert.equal(toHex(concatBytes(pucEncData, pucAuthData)), toHex(sealed));
    assert.deepEqual(SDF_AuthDec(h, hk, SGD_SM4_GCM, nonce, aad, pucAuthData, pucEncData), new Uint8Array(data));
  });

  test('a wrong tag is SDR_MACERR', async () => {
    const { pucEncData, pucAuthData } = SDF_AuthEnc(h, hk, SGD_SM4_CCM, nonce, aad, utf8('hello'));
    pucAuthData[0]! ^= 1;
    await assertSdr(() => SDF_AuthDec(h, hk, SGD_SM4_CCM, nonce, aad, pucAuthData, pucEncData), 'SDR_MACERR');
  });

  test('multi-part AuthEnc/AuthDec equal the single calls (CCM, length declared at Init)', () => {
    const data = randomBytes(40);
    const one = SDF_AuthEnc(h, hk, SGD_SM4_CCM, nonce, aad, data);
    SDF_AuthEncInit(h, hk, SGD_SM4_CCM, nonce, aad, data.length);
    const out = [SDF_AuthEncUpdate(h, data.subarray(0, 13)), SDF_AuthEncUpdate(h, data.subarray(13))];
    const fin = SDF_AuthEncFinal(h);
    assert.deepEqual(concatBytes(...out, fin.pucLastEncData), one.pucEncData);
    assert.deepEqual(fin.pucAuthData, one.pucAuthData);
    SDF_AuthDecInit(h, hk, SGD_SM4_CCM, nonce, aad, one.pucAuthData, data.length);
    const dec = concatBytes(SDF_AuthDecUpdate(h, one.pucEncData), SDF_AuthDecFinal(h));
    assert.deepEqual(dec, new Uint8Array(data));
  });

  test('more data than declared at Init is SDR_INARGERR', async () => {
    SDF_AuthEncInit(h, hk, SGD_SM4_GCM, nonce, null, 4);
    await assertSdr(() => SDF_AuthEncUpdate(h, new Uint8Array(5)), 'SDR_INARGERR');
  });
});

describe('hash and HMAC', () => {
  test('SDF_HashInit/Update/Final with SM3 gives the GM/T 0004 A.1 digest of "abc"', () => {
    SDF_HashInit(h, SGD_SM3, null, null);
    SDF_HashUpdate(h, utf8('a'));
    SDF_HashUpdate(h, utf8('bc'));
    assert.equal(toHex(SDF_HashFinal(h)), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  test('SDF_HashInit with the signer\'s key and ID returns e = SM3(Z_A ‖ M), as the algorithm module computes it', () => {
    const { publicKey } = sm2.generateKeyPair();
    const id = utf8('ALICE123@YAHOO.COM');
    SDF_HashInit(h, SGD_SM3, eccPublicKeyFromPoint(publicKey), id);
    SDF_HashUpdate(h, utf8('message digest'));
    assert.deepEqual(SDF_HashFinal(h), sm2.computeE(publicKey, utf8('message digest'), id));
  });

  test('an ID without a public key is SDR_INARGERR', async () => {
    await assertSdr(() => SDF_HashInit(h, SGD_SM3, null, utf8('id')), 'SDR_INARGERR');
  });

  test('SDF_HMACInit with the session key equals node:crypto HMAC-SM3; SHA-256 too', () => {
    const data = randomBytes(100);
    for (const [id, name] of [[SGD_SM3, 'sm3'], [SGD_SHA256, 'sha256']] as const) {
      SDF_HMACInit(h, hk, id);
      SDF_HMACUpdate(h, data.subarray(0, 30));
      SDF_HMACUpdate(h, data.subarray(30));
      assert.equal(toHex(SDF_HMACFinal(h)), createHmac(name, KEY).update(data).digest('hex'));
    }
  });
});

describe('2023 external-key functions', () => {
  test('SDF_ExternalKeyEncrypt/Decrypt equal the session-key functions with the same key', () => {
    const iv = randomBytes(16);
    const data = randomBytes(32);
    const ct = SDF_ExternalKeyEncrypt(h, SGD_SM4_CBC, KEY, iv, data);
    assert.deepEqual(ct, SDF_Encrypt(h, hk, SGD_SM4_CBC, iv, data).pucEncData);
    assert.deepEqual(SDF_ExternalKeyDecrypt(h, SGD_SM4_CBC, KEY, iv, ct), new Uint8Array(data));
  });

  test('SDF_ExternalKeyEncryptInit/DecryptInit continue with the Update/Final functions', () => {
    const data = randomBytes(32);
    SDF_ExternalKeyEncryptInit(h, SGD_SM4_ECB, KEY, null);
    const ct = concatBytes(SDF_EncryptUpdate(h, data), SDF_EncryptFinal(h));
    assert.deepEqual(ct, SDF_Encrypt(h, hk, SGD_SM4_ECB, null, data).pucEncData);
    SDF_ExternalKeyDecryptInit(h, SGD_SM4_ECB, KEY, null);
    assert.deepEqual(concatBytes(SDF_DecryptUpdate(h, ct), SDF_DecryptFinal(h)), new Uint8Array(data));
  });

  test('SDF_ExternalKeyHMACInit equals node:crypto HMAC-SM3 with that key', () => {
    const key = randomBytes(40);
    SDF_ExternalKeyHMACInit(h, SGD_SM3, key);
    SDF_HMACUpdate(h, utf8('abc'));
    assert.equal(toHex(SDF_HMACFinal(h)), createHmac('sm3', key).update('abc').digest('hex'));
  });
});

describe('user files', () => {
  const name = utf8('app/config');

  test('create, write at an offset, read back, delete', async () => {
    await SDF_CreateFile(h, name, 32);
    await SDF_WriteFile(h, name, 10, utf8('hello'));
    assert.deepEqual(await SDF_ReadFile(h, name, 10, 5), utf8('hello'));
    assert.deepEqual(await SDF_ReadFile(h, name, 0, 4), new Uint8Array(4), 'created zero-filled');
    assert.equal((await SDF_ReadFile(h, name, 30, 100)).length, 2, 'a read stops at the end');
    await SDF_DeleteFile(h, name);
    await assertSdr(() => SDF_ReadFile(h, name, 0, 1), 'SDR_FILENOEXIST');
  });

  test('the file error codes: SDR_FILEEXISTS, SDR_FILEOFSERR, SDR_FILESIZEERR, SDR_INARGERR, SDR_NOBUFFER', async () => {
    const n = utf8('errors');
    await SDF_CreateFile(h, n, 8);
    await assertSdr(() => SDF_CreateFile(h, n, 8), 'SDR_FILEEXISTS');
    await assertSdr(() => SDF_ReadFile(h, n, 9, 1), 'SDR_FILEOFSERR');
    await assertSdr(() => SDF_WriteFile(h, n, 4, new Uint8Array(5)), 'SDR_FILESIZEERR');
    await assertSdr(() => SDF_CreateFile(h, new Uint8Array(129).fill(65), 8), 'SDR_INARGERR');
    await assertSdr(() => SDF_CreateFile(h, utf8('big'), 16 * 1024 * 1024), 'SDR_NOBUFFER');
    await SDF_DeleteFile(h, n);
  });
});
