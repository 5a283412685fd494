/**
 * GM/T 0018 key management with SM2 and KEKs (src/sdf/keys.ts): one test per function with an
 * independent check (sm-crypto-v2 for SM2, node:crypto SM4 for KEK wrapping, a second session
 * unwrapping what the first made), and one per documented error code.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { sm2 as v2 } from 'sm-crypto-v2';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { SDF_CloseSession, SDF_GetPrivateKeyAccessRight, SDF_ReleasePrivateKeyAccessRight } from '../../src/sdf/device-management.js';
import {
  SDF_DestroyKey, SDF_ExchangeDigitEnvelopeBaseOnECC, SDF_GenerateKeyPair_ECC, SDF_GenerateKeyWithEPK_ECC,
  SDF_GenerateKeyWithIPK_ECC, SDF_GenerateKeyWithKEK, SDF_ImportKey, SDF_ImportKeyWithISK_ECC, SDF_ImportKeyWithKEK,
} from '../../src/sdf/keys.js';
import { sessionOf } from '../../src/sdf/handles.js';
import { SDF_Encrypt } from '../../src/sdf/sym.js';
import { SGD_SM1_ECB, SGD_SM2, SGD_SM2_1, SGD_SM2_3, SGD_SM4_CBC, SGD_SM4_ECB, SGD_SM4_OFB } from '../../src/sdf/sgd.js';
import { eccCipherFromC1C3C2, eccCipherToC1C3C2, eccPublicKeyFromPoint, eccPublicKeyToPoint } from '../../src/sdf/structs.js';
import { assertSdr, auditTrail, encPublicKey, KEK1, keyBytes, openKeysFixture, PW1, PW2, type KeysFixture } from './keys-setup.js';

let f: KeysFixture;
before(async () => {
  f = await openKeysFixture();
});
after(async () => {
  await f.close();
});

/** A session holding the access right of `index`. */
async function sessionWithRight(index: 1 | 2): Promise<number> {
  const h = f.session();
  await SDF_GetPrivateKeyAccessRight(h, index, index === 1 ? PW1 : PW2);
  return h;
}

/** An external SM2 pair made by sm-crypto-v2 (hex, public key with the 04 prefix). */
function externalPair(): { priv: string; pub: Uint8Array } {
  const kp = v2.generateKeyPairHex();
  return { priv: kp.privateKey, pub: fromHex(kp.publicKey) };
}

/** sm-crypto-v2 decryption of an ECCCipher (its C1C3C2 strings have no 04 prefix). */
function decryptWithV2(c: Parameters<typeof eccCipherToC1C3C2>[0], priv: string): Uint8Array {
  return Uint8Array.from(v2.doDecrypt(toHex(eccCipherToC1C3C2(c)).slice(2), priv, 1, { output: 'array' }));
}

describe('SDF_GenerateKeyPair_ECC', () => {
  test('returns a pair whose public key is [d]G per sm-crypto-v2, for each SM2 algorithm id', async () => {
    const h = f.session();
    let n = 0;
    for (const alg of [SGD_SM2, SGD_SM2_1, SGD_SM2_3]) {
      const { pucPublicKey, pucPrivateKey } = await SDF_GenerateKeyPair_ECC(h, alg, 256);
      assert.equal(pucPublicKey.bits, 256);
      assert.equal(pucPrivateKey.bits, 256);
      const d = toHex(pucPrivateKey.K.subarray(32));
      assert.equal(toHex(pucPrivateKey.K.subarray(0, 32)), '00'.repeat(32), 'K is right-aligned');
      assert.equal(v2.getPublicKeyFromPrivateKey(d), toHex(eccPublicKeyToPoint(pucPublicKey)));
      n++;
    }
    assert.equal(n, 3);
  });

  test('is audited as a key generation', async () => {
    await SDF_GenerateKeyPair_ECC(f.session(), SGD_SM2_1, 256);
    assert.ok((await auditTrail(f)).includes('key.generate.external sm2'));
  });

  test('SDR_ALGNOTSUPPORT for a non-SM2 algorithm id', async () => {
    await assertSdr(() => SDF_GenerateKeyPair_ECC(f.session(), SGD_SM4_ECB, 256), 'SDR_ALGNOTSUPPORT');
  });

  test('SDR_INARGERR for a key size other than 256 bits', async () => {
    await assertSdr(() => SDF_GenerateKeyPair_ECC(f.session(), SGD_SM2_1, 512), 'SDR_INARGERR');
  });

  test('an inconsistent generated pair fails the pairwise test and puts the device into the error state', async () => {
    const real = createEngine();
    // An engine whose key generation, once `fail` is set, hands out a public key that does not belong to d.
    let fail = false;
    const broken: Engine = {
      ...real,
      sm: {
        ...real.sm,
        sm2: {
          ...real.sm.sm2,
          generateKeyPairs: (n: number) => {
            if (!fail) return real.sm.sm2.generateKeyPairs(n);
            const pairs = real.sm.sm2.generateKeyPairs(n + 1);
            return pairs.slice(0, n).map((p, i) => ({ privateKey: p.privateKey, publicKey: pairs[i + 1]!.publicKey }));
          },
        },
      },
    };
    const g = await openKeysFixture();
    const bad = await openKeysFixture({ engine: broken });
    try {
      fail = true;
      await assertSdr(() => SDF_GenerateKeyPair_ECC(bad.session(), SGD_SM2_1, 256), 'SDR_MIMA_SELFTEST');
      const st = await bad.device.status();
      assert.equal(st.state, 'error');
      assert.match(st.reason ?? '', /SM2 key pair consistency/);
      // The healthy device is unaffected.
      await SDF_GenerateKeyPair_ECC(g.session(), SGD_SM2_1, 256);
    } finally {
      await g.close();
      await bad.close().catch(() => {});
    }
  });
});

/** SDF_Encrypt of one SM4-ECB block under a session key handle (black-box view of the key). */
function encryptBlock(h: number, hKey: number): string {
  return toHex(SDF_Encrypt(h, hKey, SGD_SM4_ECB, null, BLOCK).pucEncData);
}
const BLOCK = fromHex('0123456789abcdeffedcba9876543210');

describe('SDF_GenerateKeyWithIPK_ECC / SDF_ImportKeyWithISK_ECC', () => {
  test('black box: the generated, the ISK-unwrapped and the ImportKey handles encrypt alike, as node:crypto does with the key', async () => {
    const hA = f.session();
    const { pucKey, phKeyHandle } = await SDF_GenerateKeyWithIPK_ECC(hA, 1, 128);
    const hB = await sessionWithRight(1);
    const hKeyB = await SDF_ImportKeyWithISK_ECC(hB, 1, pucKey);
    const k = keyBytes(hA, phKeyHandle);
    const hC = f.session();
    const hKeyC = SDF_ImportKey(hC, k);
    const c = createCipheriv('sm4-ecb', k, null).setAutoPadding(false);
    const want = toHex(Buffer.concat([c.update(BLOCK), c.final()]));
    assert.equal(encryptBlock(hA, phKeyHandle), want);
    assert.equal(encryptBlock(hB, hKeyB), want);
    assert.equal(encryptBlock(hC, hKeyC), want);
  });

  test('a key wrapped under IPK 1 unwraps in another session to the same key, equal to ImportKey of it', async () => {
    const hA = f.session();
    const { pucKey, phKeyHandle } = await SDF_GenerateKeyWithIPK_ECC(hA, 1, 128);
    assert.equal(pucKey.L, 16);
    const hB = await sessionWithRight(1);
    const hKeyB = await SDF_ImportKeyWithISK_ECC(hB, 1, pucKey);
    const k = keyBytes(hA, phKeyHandle);
    assert.deepEqual(keyBytes(hB, hKeyB), k);
    const hC = f.session();
    assert.deepEqual(keyBytes(hC, SDF_ImportKey(hC, k)), k);
  });

  test('the ciphertext is SM2 under the stored encryption public key (sm-crypto-v2 encrypts, ISK unwraps)', async () => {
    const pub = await encPublicKey(f.device, 2);
    const key = fromHex('00112233445566778899aabbccddeeff');
    const theirs = fromHex('04' + v2.doEncrypt(key, toHex(pub), 1));
    const h = await sessionWithRight(2);
    assert.deepEqual(keyBytes(h, await SDF_ImportKeyWithISK_ECC(h, 2, eccCipherFromC1C3C2(theirs))), key);
  });

  test('unwrapping is audited as a private-key use, generation as a key generation', async () => {
    const h = await sessionWithRight(1);
    await SDF_ImportKeyWithISK_ECC(h, 1, (await SDF_GenerateKeyWithIPK_ECC(h, 1, 128)).pucKey);
    const trail = await auditTrail(f);
    assert.ok(trail.includes('key.use.unwrap index 1'));
    assert.ok(trail.includes('session-key.generate ipk index 1'));
  });

  test('SDR_PARDENY without the access right, and after it is released', async () => {
    const { pucKey } = await SDF_GenerateKeyWithIPK_ECC(f.session(), 1, 128);
    await assertSdr(() => SDF_ImportKeyWithISK_ECC(f.session(), 1, pucKey), 'SDR_PARDENY');
    const h = await sessionWithRight(1);
    SDF_ReleasePrivateKeyAccessRight(h, 1);
    await assertSdr(() => SDF_ImportKeyWithISK_ECC(h, 1, pucKey), 'SDR_PARDENY');
  });

  test('SDR_PARDENY when the right was granted for another index', async () => {
    const { pucKey } = await SDF_GenerateKeyWithIPK_ECC(f.session(), 1, 128);
    await assertSdr(async () => SDF_ImportKeyWithISK_ECC(await sessionWithRight(2), 1, pucKey), 'SDR_PARDENY');
  });

  test('SDR_ENCDATAERR for a ciphertext whose C3 was altered', async () => {
    const { pucKey } = await SDF_GenerateKeyWithIPK_ECC(f.session(), 1, 128);
    const M = pucKey.M.slice();
    M[0]! ^= 1;
    await assertSdr(async () => SDF_ImportKeyWithISK_ECC(await sessionWithRight(1), 1, { ...pucKey, M }), 'SDR_ENCDATAERR');
  });

  test('SDR_KEYERR when the unwrapped key is not 16 bytes', async () => {
    const pub = await encPublicKey(f.device, 1);
    const ct = eccCipherFromC1C3C2(fromHex('04' + v2.doEncrypt(new Uint8Array(24), toHex(pub), 1)));
    await assertSdr(async () => SDF_ImportKeyWithISK_ECC(await sessionWithRight(1), 1, ct), 'SDR_KEYERR');
  });

  test('SDR_KEYNOTEXIST for an index without a key pair', async () => {
    await assertSdr(() => SDF_GenerateKeyWithIPK_ECC(f.session(), 7, 128), 'SDR_KEYNOTEXIST');
  });

  test('SDR_INARGERR for an index outside the device range and for uiKeyBits other than 128', async () => {
    await assertSdr(() => SDF_GenerateKeyWithIPK_ECC(f.session(), 0, 128), 'SDR_INARGERR');
    await assertSdr(() => SDF_GenerateKeyWithIPK_ECC(f.session(), 1, 256), 'SDR_INARGERR');
  });
});

describe('SDF_GenerateKeyWithEPK_ECC', () => {
  test('the ECCCipher decrypts with sm-crypto-v2 under the external private key to the session key', async () => {
    const ext = externalPair();
    const h = f.session();
    const { pucKey, phKeyHandle } = SDF_GenerateKeyWithEPK_ECC(h, 128, SGD_SM2_3, eccPublicKeyFromPoint(ext.pub));
    assert.deepEqual(decryptWithV2(pucKey, ext.priv), keyBytes(h, phKeyHandle));
  });

  test('SDR_ALGNOTSUPPORT for an SM2 id other than SGD_SM2_3 / SGD_SM2', async () => {
    await assertSdr(() => SDF_GenerateKeyWithEPK_ECC(f.session(), 128, SGD_SM2_1, eccPublicKeyFromPoint(externalPair().pub)), 'SDR_ALGNOTSUPPORT');
  });

  test('SDR_KEYERR for a public key off the curve, and no key handle is left behind', async () => {
    const bad = externalPair().pub.slice();
    bad[64]! ^= 1;
    const h = f.session();
    await assertSdr(() => SDF_GenerateKeyWithEPK_ECC(h, 128, SGD_SM2_3, eccPublicKeyFromPoint(bad)), 'SDR_KEYERR');
    assert.equal(sessionOf(h).keyCount, 0);
  });
});

describe('SDF_ExchangeDigitEnvelopeBaseOnECC', () => {
  test('re-encrypts an envelope for index 1 to an external key; sm-crypto-v2 recovers the content', async () => {
    const content = fromHex('a5'.repeat(48));
    const inEnv = eccCipherFromC1C3C2(fromHex('04' + v2.doEncrypt(content, toHex(await encPublicKey(f.device, 1)), 1)));
    const ext = externalPair();
    const out = await SDF_ExchangeDigitEnvelopeBaseOnECC(await sessionWithRight(1), 1, SGD_SM2_3, eccPublicKeyFromPoint(ext.pub), inEnv);
    assert.deepEqual(decryptWithV2(out, ext.priv), content);
    assert.ok((await auditTrail(f)).includes('key.use.envelope index 1'));
  });

  test('SDR_PARDENY without the access right', async () => {
    const { pucKey } = await SDF_GenerateKeyWithIPK_ECC(f.session(), 1, 128);
    await assertSdr(() => SDF_ExchangeDigitEnvelopeBaseOnECC(f.session(), 1, SGD_SM2_3, eccPublicKeyFromPoint(externalPair().pub), pucKey), 'SDR_PARDENY');
  });

  test('SDR_ALGNOTSUPPORT for an SM2 id other than SGD_SM2_3 / SGD_SM2', async () => {
    const { pucKey } = await SDF_GenerateKeyWithIPK_ECC(f.session(), 1, 128);
    await assertSdr(async () => SDF_ExchangeDigitEnvelopeBaseOnECC(await sessionWithRight(1), 1, SGD_SM2_1, eccPublicKeyFromPoint(externalPair().pub), pucKey), 'SDR_ALGNOTSUPPORT');
  });
});

describe('SDF_GenerateKeyWithKEK / SDF_ImportKeyWithKEK', () => {
  test('SGD_SM4_ECB output is SM4-ECB(KEK, key) per node:crypto', async () => {
    const h = f.session();
    const { pucKey, phKeyHandle } = await SDF_GenerateKeyWithKEK(h, 128, SGD_SM4_ECB, 1);
    assert.equal(pucKey.length, 16);
    const d = createDecipheriv('sm4-ecb', KEK1, null).setAutoPadding(false);
    assert.deepEqual(new Uint8Array(Buffer.concat([d.update(pucKey), d.final()])), keyBytes(h, phKeyHandle));
  });

  test('SGD_SM4_CBC output is IV ‖ SM4-CBC-PKCS#7(KEK, IV, key) per node:crypto', async () => {
    const h = f.session();
    const { pucKey, phKeyHandle } = await SDF_GenerateKeyWithKEK(h, 128, SGD_SM4_CBC, 1);
    assert.equal(pucKey.length, 48);
    const d = createDecipheriv('sm4-cbc', KEK1, pucKey.subarray(0, 16));
    assert.deepEqual(new Uint8Array(Buffer.concat([d.update(pucKey.subarray(16)), d.final()])), keyBytes(h, phKeyHandle));
  });

  test('ImportKeyWithKEK recovers keys wrapped by node:crypto in both modes, and round-trips GenerateKeyWithKEK', async () => {
    const key = fromHex('fedcba98765432100123456789abcdef');
    const h = f.session();
    const e = createCipheriv('sm4-ecb', KEK1, null).setAutoPadding(false);
    const ecb = Buffer.concat([e.update(key), e.final()]);
    assert.deepEqual(keyBytes(h, await SDF_ImportKeyWithKEK(h, SGD_SM4_ECB, 1, ecb)), key);
    const iv = fromHex('000102030405060708090a0b0c0d0e0f');
    const c = createCipheriv('sm4-cbc', KEK1, iv);
    const cbc = Buffer.concat([iv, c.update(key), c.final()]);
    assert.deepEqual(keyBytes(h, await SDF_ImportKeyWithKEK(h, SGD_SM4_CBC, 1, cbc)), key);
    const g = await SDF_GenerateKeyWithKEK(h, 128, SGD_SM4_CBC, 1);
    const h2 = f.session();
    assert.deepEqual(keyBytes(h2, await SDF_ImportKeyWithKEK(h2, SGD_SM4_CBC, 1, g.pucKey)), keyBytes(h, g.phKeyHandle));
  });

  test('KEK use is audited', async () => {
    await SDF_GenerateKeyWithKEK(f.session(), 128, SGD_SM4_ECB, 1);
    const trail = await auditTrail(f);
    assert.ok(trail.includes('session-key.generate kek 1'));
  });

  test('SDR_KEYNOTEXIST for a KEK index without a KEK', async () => {
    await assertSdr(() => SDF_GenerateKeyWithKEK(f.session(), 128, SGD_SM4_ECB, 9), 'SDR_KEYNOTEXIST');
    await assertSdr(() => SDF_ImportKeyWithKEK(f.session(), SGD_SM4_ECB, 9, new Uint8Array(16)), 'SDR_KEYNOTEXIST');
  });

  test('SDR_ALGMODNOTSUPPORT for other SM4 modes, SDR_ALGNOTSUPPORT for other algorithms', async () => {
    await assertSdr(() => SDF_GenerateKeyWithKEK(f.session(), 128, SGD_SM4_OFB, 1), 'SDR_ALGMODNOTSUPPORT');
    await assertSdr(() => SDF_ImportKeyWithKEK(f.session(), SGD_SM1_ECB, 1, new Uint8Array(16)), 'SDR_ALGNOTSUPPORT');
  });

  test('SDR_INARGERR for a wrapped key of the wrong length', async () => {
    await assertSdr(() => SDF_ImportKeyWithKEK(f.session(), SGD_SM4_ECB, 1, new Uint8Array(32)), 'SDR_INARGERR');
    await assertSdr(() => SDF_ImportKeyWithKEK(f.session(), SGD_SM4_CBC, 1, new Uint8Array(16)), 'SDR_INARGERR');
  });

  test('SDR_SYMOPERR when the CBC padding is wrong (wrong KEK or damaged input)', async () => {
    const iv = new Uint8Array(16);
    const e = createCipheriv('sm4-cbc', KEK1, iv).setAutoPadding(false);
    const ct = Buffer.concat([iv, e.update(new Uint8Array(32)), e.final()]); // last byte 0: invalid padding
    await assertSdr(() => SDF_ImportKeyWithKEK(f.session(), SGD_SM4_CBC, 1, ct), 'SDR_SYMOPERR');
  });
});

describe('SDF_ImportKey / SDF_DestroyKey and handle ownership', () => {
  test('ImportKey copies the caller\'s key: later changes to the buffer do not reach the session key', () => {
    const h = f.session();
    const key = fromHex('0123456789abcdeffedcba9876543210');
    const hKey = SDF_ImportKey(h, key);
    key.fill(0);
    assert.equal(toHex(keyBytes(h, hKey)), '0123456789abcdeffedcba9876543210');
  });

  test('SDR_INARGERR for a plaintext key that is not 16 bytes', async () => {
    await assertSdr(() => SDF_ImportKey(f.session(), new Uint8Array(32)), 'SDR_INARGERR');
  });

  test('DestroyKey wipes the key; the handle is then SDR_KEYNOTEXIST', async () => {
    const h = f.session();
    const hKey = SDF_ImportKey(h, new Uint8Array(16).fill(7));
    const held = sessionOf(h).key(hKey).key;
    SDF_DestroyKey(h, hKey);
    assert.ok(held.every((b) => b === 0));
    await assertSdr(() => SDF_DestroyKey(h, hKey), 'SDR_KEYNOTEXIST');
  });

  test('a handle of another session is SDR_KEYNOTEXIST and that session keeps its key', async () => {
    const hA = f.session(), hB = f.session();
    const hKey = SDF_ImportKey(hA, new Uint8Array(16).fill(9));
    await assertSdr(() => SDF_DestroyKey(hB, hKey), 'SDR_KEYNOTEXIST');
    assert.deepEqual(keyBytes(hA, hKey), new Uint8Array(16).fill(9));
  });

  test('a closed session handle is SDR_INARGERR (GM/T 0018 has no bad-handle code)', async () => {
    const h = f.session();
    SDF_CloseSession(h);
    await assertSdr(() => SDF_ImportKey(h, new Uint8Array(16)), 'SDR_INARGERR');
    await assertSdr(() => SDF_GenerateKeyWithKEK(h, 128, SGD_SM4_ECB, 1), 'SDR_INARGERR');
  });

  test('closing the session wipes its keys; handles are unique across sessions', async () => {
    const hA = f.session(), hB = f.session();
    const kA = SDF_ImportKey(hA, new Uint8Array(16).fill(1));
    const kB = (await SDF_GenerateKeyWithKEK(hB, 128, SGD_SM4_ECB, 1)).phKeyHandle;
    assert.notEqual(kA, kB);
    const held = sessionOf(hA).key(kA).key;
    SDF_CloseSession(hA);
    assert.ok(held.every((b) => b === 0));
    await assertSdr(() => SDF_DestroyKey(hB, kA), 'SDR_KEYNOTEXIST');
  });
});
