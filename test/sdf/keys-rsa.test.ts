/**
 * GM/T 0018 key management with RSA (src/sdf/keys.ts): SDF_GenerateKeyPair_RSA checked with
 * node:crypto, session keys under internal (index 3, RSA-2048) and external RSA keys as PKCS#1
 * v1.5 blocks that node:crypto opens, envelope exchange, and the documented error codes. RSA
 * key generation is slow, so the file makes one internal pair and one external pair.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, sign, verify, type KeyObject } from 'node:crypto';
import { fromHex } from '../../src/algorithms/internal/bytes.js';
import { SDF_GetPrivateKeyAccessRight } from '../../src/sdf/device-management.js';
import {
  SDF_ExchangeDigitEnvelopeBaseOnRSA, SDF_GenerateKeyPair_RSA, SDF_GenerateKeyWithEPK_RSA, SDF_GenerateKeyWithIPK_RSA,
  SDF_GenerateKeyWithIPK_ECC, SDF_ImportKey, SDF_ImportKeyWithISK_RSA,
} from '../../src/sdf/keys.js';
import type { RSArefPrivateKey, RSArefPublicKey } from '../../src/sdf/structs.js';
import { assertSdr, auditTrail, encPublicKey, keyBytes, openKeysFixture, PW1, type KeysFixture } from './keys-setup.js';

const RSA_INDEX = 3;

let f: KeysFixture;
let ext: { pucPublicKey: RSArefPublicKey; pucPrivateKey: RSArefPrivateKey };
let extKey: KeyObject;

const b64u = (b: Uint8Array): string => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i)).toString('base64url');
};

/** node:crypto key from the struct's fields (independent reading of the RSAref layout). */
function nodePrivateKey(k: RSArefPrivateKey): KeyObject {
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'RSA', n: b64u(k.m), e: b64u(k.e), d: b64u(k.d), p: b64u(k.prime[0]), q: b64u(k.prime[1]),
      dp: b64u(k.pexp[0]), dq: b64u(k.pexp[1]), qi: b64u(k.coef),
    },
  });
}

function nodePublicKey(k: RSArefPublicKey): KeyObject {
  return createPublicKey({ format: 'jwk', key: { kty: 'RSA', n: b64u(k.m), e: b64u(k.e) } });
}

/** PKCS#1 v1.5 type-2 unpadding done here (node refuses PKCS#1 v1.5 private decryption). */
function pkcs1Decrypt(key: KeyObject, ct: Uint8Array): Uint8Array {
  const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ct);
  assert.equal(em[0], 0);
  assert.equal(em[1], 2);
  const sep = em.indexOf(0, 2);
  assert.ok(sep >= 10, 'at least 8 bytes of nonzero padding');
  return new Uint8Array(em.subarray(sep + 1));
}

function internalPublicKey(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

async function sessionWithRight(): Promise<number> {
  const h = f.session();
  await SDF_GetPrivateKeyAccessRight(h, RSA_INDEX, PW1);
  return h;
}

before(async () => {
  f = await openKeysFixture({ rsaIndex: RSA_INDEX });
  ext = await SDF_GenerateKeyPair_RSA(f.session(), 2048);
  extKey = nodePrivateKey(ext.pucPrivateKey);
});
after(async () => {
  await f.close();
});

describe('SDF_GenerateKeyPair_RSA', () => {
  test('the pair works with node:crypto: n = p·q, signatures by the private key verify under the public key', () => {
    const { pucPublicKey: pub, pucPrivateKey: priv } = ext;
    assert.equal(pub.bits, 2048);
    assert.equal(priv.bits, 2048);
    assert.deepEqual(pub.m, priv.m);
    assert.deepEqual(pub.e, priv.e);
    const big = (b: Uint8Array): bigint => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
    assert.equal(big(priv.prime[0]) * big(priv.prime[1]), big(priv.m));
    const msg = fromHex('6d696d61');
    assert.equal(verify('sha256', msg, nodePublicKey(pub), sign('sha256', msg, extKey)), true);
  });

  test('is audited as a key generation', async () => {
    assert.ok((await auditTrail(f)).includes('key.generate.external rsa2048'));
  });

  test('SDR_INARGERR for key sizes outside 2048..RSAref_MAX_BITS', async () => {
    await assertSdr(() => SDF_GenerateKeyPair_RSA(f.session(), 1024), 'SDR_INARGERR');
    await assertSdr(() => SDF_GenerateKeyPair_RSA(f.session(), 8192), 'SDR_INARGERR');
  });
});

describe('SDF_GenerateKeyWithIPK_RSA / SDF_ImportKeyWithISK_RSA', () => {
  test('a key wrapped under the internal RSA key unwraps in another session to the same key', async () => {
    const hA = f.session();
    const { pucKey, phKeyHandle } = await SDF_GenerateKeyWithIPK_RSA(hA, RSA_INDEX, 128);
    assert.equal(pucKey.length, 256);
    const hB = await sessionWithRight();
    const k = keyBytes(hA, phKeyHandle);
    assert.deepEqual(keyBytes(hB, await SDF_ImportKeyWithISK_RSA(hB, RSA_INDEX, pucKey)), k);
    const hC = f.session();
    assert.deepEqual(keyBytes(hC, SDF_ImportKey(hC, k)), k);
  });

  test('ISK unwraps a PKCS#1 v1.5 block made by node:crypto under the stored public key', async () => {
    const key = fromHex('00112233445566778899aabbccddeeff');
    const ct = publicEncrypt({ key: internalPublicKey(await encPublicKey(f.device, RSA_INDEX)), padding: constants.RSA_PKCS1_PADDING }, key);
    const h = await sessionWithRight();
    assert.deepEqual(keyBytes(h, await SDF_ImportKeyWithISK_RSA(h, RSA_INDEX, ct)), key);
    assert.ok((await auditTrail(f)).includes(`key.use.unwrap index ${RSA_INDEX}`));
  });

  test('SDR_PARDENY without the access right', async () => {
    const { pucKey } = await SDF_GenerateKeyWithIPK_RSA(f.session(), RSA_INDEX, 128);
    await assertSdr(() => SDF_ImportKeyWithISK_RSA(f.session(), RSA_INDEX, pucKey), 'SDR_PARDENY');
  });

  test('SDR_SKOPERR for a block that is not a PKCS#1 v1.5 encryption', async () => {
    await assertSdr(async () => SDF_ImportKeyWithISK_RSA(await sessionWithRight(), RSA_INDEX, new Uint8Array(256).fill(1)), 'SDR_SKOPERR');
  });

  test('the same SDR_SKOPERR for well-padded blocks of the wrong key length (no padding oracle)', async () => {
    const ct = publicEncrypt({ key: internalPublicKey(await encPublicKey(f.device, RSA_INDEX)), padding: constants.RSA_PKCS1_PADDING }, new Uint8Array(24));
    await assertSdr(async () => SDF_ImportKeyWithISK_RSA(await sessionWithRight(), RSA_INDEX, ct), 'SDR_SKOPERR');
  });

  test('SDR_KEYTYPEERR for ECC functions on an RSA index', async () => {
    await assertSdr(() => SDF_GenerateKeyWithIPK_ECC(f.session(), RSA_INDEX, 128), 'SDR_KEYTYPEERR');
  });

  test('SDR_KEYTYPEERR for RSA functions on an SM2 index', async () => {
    await assertSdr(() => SDF_GenerateKeyWithIPK_RSA(f.session(), 1, 128), 'SDR_KEYTYPEERR');
    const h = f.session();
    await SDF_GetPrivateKeyAccessRight(h, 1, PW1);
    await assertSdr(() => SDF_ImportKeyWithISK_RSA(h, 1, new Uint8Array(256)), 'SDR_KEYTYPEERR');
  });
});

describe('SDF_GenerateKeyWithEPK_RSA', () => {
  test('the block opens with node:crypto under the external private key to the session key', () => {
    const h = f.session();
    const { pucKey, phKeyHandle } = SDF_GenerateKeyWithEPK_RSA(h, 128, ext.pucPublicKey);
    assert.deepEqual(pkcs1Decrypt(extKey, pucKey), keyBytes(h, phKeyHandle));
  });

  test('SDR_KEYERR for an unusable public key (even exponent)', async () => {
    const e = new Uint8Array(256);
    e[255] = 4;
    await assertSdr(() => SDF_GenerateKeyWithEPK_RSA(f.session(), 128, { ...ext.pucPublicKey, e }), 'SDR_KEYERR');
  });
});

describe('SDF_ExchangeDigitEnvelopeBaseOnRSA', () => {
  test('re-encrypts an envelope for the internal key to the external key; node:crypto recovers the content', async () => {
    const content = fromHex('5a'.repeat(32));
    const inEnv = publicEncrypt({ key: internalPublicKey(await encPublicKey(f.device, RSA_INDEX)), padding: constants.RSA_PKCS1_PADDING }, content);
    const out = await SDF_ExchangeDigitEnvelopeBaseOnRSA(await sessionWithRight(), RSA_INDEX, ext.pucPublicKey, inEnv);
    assert.deepEqual(pkcs1Decrypt(extKey, out), content);
    assert.ok((await auditTrail(f)).includes(`key.use.envelope index ${RSA_INDEX}`));
  });

  test('SDR_PARDENY without the access right', async () => {
    await assertSdr(() => SDF_ExchangeDigitEnvelopeBaseOnRSA(f.session(), RSA_INDEX, ext.pucPublicKey, new Uint8Array(256)), 'SDR_PARDENY');
  });
});
