/**
 * GM/T 0018 asymmetric functions, public-key export, the 2023 validation functions, device
 * information and the Mima batch extension: one test per function with an independent check
 * (src/algorithms/sm2, node:crypto, sm-crypto-v2), and one per error code they document.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, publicEncrypt, constants } from 'node:crypto';
import { sm2 as v2 } from 'sm-crypto-v2';
import { concatBytes, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { SDF_GetPrivateKeyAccessRight } from '../../src/sdf/device-management.js';
import {
  SDF_ExportEncPublicKey_ECC, SDF_ExportEncPublicKey_RSA, SDF_ExportSignPublicKey_ECC, SDF_ExportSignPublicKey_RSA, SDF_ExternalEncrypt_ECC,
  SDF_ExternalPublicKeyOperation_RSA, SDF_ExternalVerify_ECC, SDF_InternalDecrypt_ECC, SDF_InternalEncrypt_ECC,
  SDF_InternalPrivateKeyOperation_RSA, SDF_InternalPublicKeyOperation_RSA, SDF_InternalSign_ECC, SDF_InternalVerify_ECC,
} from '../../src/sdf/asym.js';
import { SDF_GetDeviceInfo, FILE_STORAGE_BYTES } from '../../src/sdf/device-info.js';
import { SDF_GenerateKeyPair_ECC, SDF_GenerateKeyPair_RSA } from '../../src/sdf/keys.js';
import { MIMA_InternalSign_ECC_Batch, MIMA_InternalVerify_ECC_Batch } from '../../src/sdf/mima-batch.js';
import { SGD_SM2_1, SGD_SM2_3, SGD_SM4_ECB } from '../../src/sdf/sgd.js';
import {
  eccCipherFromC1C3C2, eccCipherToC1C3C2, eccPublicKeyFromPoint, eccPublicKeyToPoint, eccSignatureFromRaw, eccSignatureToRaw,
  encodeDEVICEINFO, rsaPublicKeyToComponents,
} from '../../src/sdf/structs.js';
import { SDF_ExternalDecrypt_ECC, SDF_ExternalPrivateKeyOperation_RSA, SDF_ExternalSign_ECC } from '../../src/sdf/validation.js';
import { assertSdr, auditTrail, openKeysFixture, PW1, type KeysFixture } from './keys-setup.js';

const RSA_INDEX = 3;
let f: KeysFixture;
let h: number;
let signPub: Uint8Array;
let encPub: Uint8Array;

/** e = SM3(Z_A ‖ M) with the default ID, computed by the algorithm module (not the device). */
function digestFor(pub: Uint8Array, msg: Uint8Array): Uint8Array {
  return sm2.computeE(pub, msg);
}

before(async () => {
  f = await openKeysFixture({ rsaIndex: RSA_INDEX });
  h = f.session();
  await SDF_GetPrivateKeyAccessRight(h, 1, PW1);
  await SDF_GetPrivateKeyAccessRight(h, RSA_INDEX, PW1);
  signPub = (await f.device.keys.keyPair(1, 'sign')).publicKey;
  encPub = (await f.device.keys.keyPair(1, 'enc')).publicKey;
});
after(() => f.close());

describe('public-key export', () => {
  test('SDF_ExportSignPublicKey_ECC and _Enc return the stored SM2 public keys', async () => {
    assert.deepEqual(eccPublicKeyToPoint(await SDF_ExportSignPublicKey_ECC(h, 1)), signPub);
    assert.deepEqual(eccPublicKeyToPoint(await SDF_ExportEncPublicKey_ECC(h, 1)), encPub);
  });

  test('SDF_ExportSignPublicKey_RSA and _Enc return the stored RSA keys (node:crypto reads the same modulus)', async () => {
    for (const [fn, usage] of [[SDF_ExportSignPublicKey_RSA, 'sign'], [SDF_ExportEncPublicKey_RSA, 'enc']] as const) {
      const k = await fn(h, RSA_INDEX);
      assert.equal(k.bits, 2048);
      const stored = createPublicKey({ key: Buffer.from((await f.device.keys.keyPair(RSA_INDEX, usage)).publicKey), format: 'der', type: 'spki' });
      const jwk = stored.export({ format: 'jwk' });
      assert.equal(Buffer.from(rsaPublicKeyToComponents(k).n).toString('base64url'), jwk.n);
    }
  });

  test('exporting an SM2 index as RSA is SDR_KEYTYPEERR; an empty index is SDR_KEYNOTEXIST', async () => {
    await assertSdr(() => SDF_ExportSignPublicKey_RSA(h, 1), 'SDR_KEYTYPEERR');
    await assertSdr(() => SDF_ExportSignPublicKey_ECC(h, 9), 'SDR_KEYNOTEXIST');
  });
});

describe('SM2 sign and verify', () => {
  const msg = utf8('message digest');

  test('SDF_InternalSign_ECC signs e; src/algorithms/sm2 verifies the message with the exported key', async () => {
    const sig = await SDF_InternalSign_ECC(h, 1, digestFor(signPub, msg));
    assert.ok(sm2.verify(signPub, msg, eccSignatureToRaw(sig)));
  });

  test("SDF_InternalVerify_ECC accepts the index key's signature and refuses an altered one", async () => {
    const e = digestFor(signPub, msg);
    const sig = await SDF_InternalSign_ECC(h, 1, e);
    await SDF_InternalVerify_ECC(h, 1, e, sig);
    const bad = eccSignatureToRaw(sig);
    bad[63]! ^= 1;
    await assertSdr(() => SDF_InternalVerify_ECC(h, 1, e, eccSignatureFromRaw(bad)), 'SDR_VERIFYERR');
  });

  test('SDF_ExternalVerify_ECC verifies an sm-crypto-v2 signature and refuses an altered one', () => {
    const kp = v2.generateKeyPairHex();
    const pub = Uint8Array.from(Buffer.from(kp.publicKey, 'hex'));
    const sigHex = v2.doSignature(msg, kp.privateKey, { hash: true, der: false, publicKey: kp.publicKey });
    const e = digestFor(pub, msg);
    const sig = eccSignatureFromRaw(Uint8Array.from(Buffer.from(sigHex, 'hex')));
    SDF_ExternalVerify_ECC(h, SGD_SM2_1, eccPublicKeyFromPoint(pub), e, sig);
    sig.s[63]! ^= 1;
    assert.throws(() => SDF_ExternalVerify_ECC(h, SGD_SM2_1, eccPublicKeyFromPoint(pub), e, sig), (err: Error & { code?: string }) => err.code === 'SDR_VERIFYERR');
  });

  test('a digest that is not 32 bytes is SDR_INARGERR; a non-SM2 algorithm id is SDR_ALGNOTSUPPORT', async () => {
    await assertSdr(() => SDF_InternalSign_ECC(h, 1, new Uint8Array(31)), 'SDR_INARGERR');
    const sig = await SDF_InternalSign_ECC(h, 1, new Uint8Array(32));
    await assertSdr(() => SDF_ExternalVerify_ECC(h, SGD_SM4_ECB, eccPublicKeyFromPoint(signPub), new Uint8Array(32), sig), 'SDR_ALGNOTSUPPORT');
  });

  test('signing without the access right is SDR_PARDENY', async () => {
    const other = f.session();
    await assertSdr(() => SDF_InternalSign_ECC(other, 1, new Uint8Array(32)), 'SDR_PARDENY');
  });

  test('every internal signature is audited as a use of the key (no key material in the record)', async () => {
    await SDF_InternalSign_ECC(h, 1, new Uint8Array(32));
    const trail = await auditTrail(f);
    assert.ok(trail.some((t) => t.startsWith('key.use.sign index 1')), trail.join('\n'));
  });
});

describe('SM2 encryption', () => {
  const pt = utf8('encryption standard');

  test('SDF_InternalEncrypt_ECC to the index enc key round-trips through SDF_InternalDecrypt_ECC', async () => {
    const ct = await SDF_InternalEncrypt_ECC(h, 1, SGD_SM2_3, pt);
    assert.equal(ct.L, pt.length);
    assert.deepEqual(await SDF_InternalDecrypt_ECC(h, 1, SGD_SM2_3, ct), pt);
  });

  test('SDF_InternalDecrypt_ECC opens a ciphertext src/algorithms/sm2 made for the exported enc key', async () => {
    const ct = eccCipherFromC1C3C2(sm2.encrypt(encPub, pt));
    assert.deepEqual(await SDF_InternalDecrypt_ECC(h, 1, SGD_SM2_3, ct), pt);
  });

  test('SDF_ExternalEncrypt_ECC output decrypts with the algorithm module and the private key', () => {
    const pair = sm2.generateKeyPair();
    const ct = SDF_ExternalEncrypt_ECC(h, SGD_SM2_3, eccPublicKeyFromPoint(pair.publicKey), pt);
    assert.deepEqual(sm2.decrypt(pair.privateKey, eccCipherToC1C3C2(ct)), pt);
  });

  test('a tampered ciphertext is SDR_ENCDATAERR', async () => {
    const ct = await SDF_InternalEncrypt_ECC(h, 1, SGD_SM2_3, pt);
    ct.C[0]! ^= 1;
    await assertSdr(() => SDF_InternalDecrypt_ECC(h, 1, SGD_SM2_3, ct), 'SDR_ENCDATAERR');
  });
});

describe('raw RSA', () => {
  const input = (): Uint8Array => {
    const x = new Uint8Array(256);
    x[1] = 0x42;
    x[255] = 7;
    return x;
  };

  test('SDF_InternalPrivateKeyOperation_RSA inverts SDF_InternalPublicKeyOperation_RSA', async () => {
    const c = await SDF_InternalPublicKeyOperation_RSA(h, RSA_INDEX, input());
    assert.deepEqual(await SDF_InternalPrivateKeyOperation_RSA(h, RSA_INDEX, c), input());
  });

  test('SDF_ExternalPublicKeyOperation_RSA equals node:crypto with no padding', async () => {
    const pub = await SDF_ExportSignPublicKey_RSA(h, RSA_INDEX);
    const ours = SDF_ExternalPublicKeyOperation_RSA(h, pub, input());
    const stored = createPublicKey({ key: Buffer.from((await f.device.keys.keyPair(RSA_INDEX, 'sign')).publicKey), format: 'der', type: 'spki' });
    assert.equal(toHex(ours), toHex(publicEncrypt({ key: stored, padding: constants.RSA_NO_PADDING }, input())));
  });

  test('raw RSA input that is not one modulus long is SDR_INARGERR', async () => {
    await assertSdr(() => SDF_InternalPublicKeyOperation_RSA(h, RSA_INDEX, new Uint8Array(100)), 'SDR_INARGERR');
  });
});

describe('2023 validation functions (session handle first)', () => {
  test('SDF_ExternalSign_ECC signs with an external key; the algorithm module verifies', async () => {
    const { pucPublicKey, pucPrivateKey } = await SDF_GenerateKeyPair_ECC(h, SGD_SM2_1, 256);
    const pub = eccPublicKeyToPoint(pucPublicKey);
    const msg = utf8('abc');
    const sig = SDF_ExternalSign_ECC(h, SGD_SM2_1, pucPrivateKey, digestFor(pub, msg));
    assert.ok(sm2.verify(pub, msg, eccSignatureToRaw(sig)));
  });

  test('SDF_ExternalDecrypt_ECC opens what the algorithm module encrypted to the external key', async () => {
    const { pucPublicKey, pucPrivateKey } = await SDF_GenerateKeyPair_ECC(h, SGD_SM2_1, 256);
    const ct = sm2.encrypt(eccPublicKeyToPoint(pucPublicKey), utf8('hello'));
    assert.deepEqual(SDF_ExternalDecrypt_ECC(h, SGD_SM2_3, pucPrivateKey, eccCipherFromC1C3C2(ct)), utf8('hello'));
  });

  test('SDF_ExternalPrivateKeyOperation_RSA inverts the public operation of the same external key', async () => {
    const { pucPublicKey, pucPrivateKey } = await SDF_GenerateKeyPair_RSA(h, 2048);
    const x = concatBytes(new Uint8Array(1), new Uint8Array(255).fill(3));
    const c = SDF_ExternalPublicKeyOperation_RSA(h, pucPublicKey, x);
    assert.deepEqual(SDF_ExternalPrivateKeyOperation_RSA(h, pucPrivateKey, c), x);
  });
});

describe('device information and the batch extension', () => {
  test('SDF_GetDeviceInfo packs into the 100-byte DEVICEINFO with a 16-character serial and the file capacity', () => {
    const info = SDF_GetDeviceInfo(h);
    assert.equal(info.IssuerName, 'Mima');
    assert.match(info.DeviceSerial, /^\d{8}MMA[0-9A-Z]{5}$/);
    assert.equal(info.BufferSize, FILE_STORAGE_BYTES);
    assert.equal(encodeDEVICEINFO(info).length, 100);
  });

  test('MIMA_InternalSign_ECC_Batch signs each digest; MIMA_InternalVerify_ECC_Batch flags exactly the altered one', async () => {
    const digests = Array.from({ length: 5 }, (_, i) => new Uint8Array(32).fill(i + 1));
    const sigs = await MIMA_InternalSign_ECC_Batch(h, 1, digests);
    for (let i = 0; i < 5; i++) assert.ok(sm2.verifyDigest(signPub, digests[i]!, eccSignatureToRaw(sigs[i]!)));
    sigs[3]!.r[63]! ^= 1;
    assert.deepEqual(await MIMA_InternalVerify_ECC_Batch(h, 1, digests, sigs), [true, true, true, false, true]);
  });
});
