/**
 * GM/T 0018 structures: the standard's sizes (sdf-api.md §2), the packed C layout (ULONG
 * little-endian, integers right-aligned big-endian), and conversions to the engine's raw forms.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromHex } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sgd from '../../src/sdf/sgd.js';
import {
  decodeDEVICEINFO, decodeECCCipher, decodeECCrefPublicKey, decodeRSArefPrivateKey, eccCipherFromC1C3C2, eccCipherToC1C3C2,
  eccPrivateKeyFromBytes, eccPrivateKeyToBytes, eccPublicKeyFromPoint, eccPublicKeyToPoint, eccSignatureFromRaw, eccSignatureToRaw,
  encodeDEVICEINFO, encodeECCCipher, encodeECCrefPublicKey, encodeECCSignature, encodeRSArefPrivateKey, rsaPrivateKeyFromComponents,
  rsaPrivateKeyToComponents, STRUCT_SIZES, type DEVICEINFO,
} from '../../src/sdf/structs.js';

const sdr = (name: string) => (e: unknown) => e instanceof CryptoError && e.code === name;
const point = fromHex('04' + '11'.repeat(32) + '22'.repeat(32));

describe('GM/T 0018 structures', () => {
  test('sizes are the standard\'s: DEVICEINFO 100, RSAref 516/1412, ECCref 132/68, ECCSignature 128, ECCCipher 164 + L', () => {
    assert.equal(STRUCT_SIZES.DEVICEINFO, 100);
    assert.equal(STRUCT_SIZES.RSArefPublicKey, 516);
    assert.equal(STRUCT_SIZES.RSArefPrivateKey, 1412);
    assert.equal(STRUCT_SIZES.ECCrefPublicKey, 132);
    assert.equal(STRUCT_SIZES.ECCrefPrivateKey, 68);
    assert.equal(STRUCT_SIZES.ECCSignature, 128);
    assert.equal(STRUCT_SIZES.ECCCipherHeader, 164);
  });

  test('ECCrefPublicKey: bits little-endian, coordinates right-aligned in 64-byte fields', () => {
    const packed = encodeECCrefPublicKey(eccPublicKeyFromPoint(point));
    assert.deepEqual([...packed.subarray(0, 4)], [0, 1, 0, 0]);
    assert.deepEqual(packed.subarray(4, 36), new Uint8Array(32));
    assert.deepEqual(packed.subarray(36, 68), new Uint8Array(32).fill(0x11));
    assert.deepEqual(packed.subarray(100, 132), new Uint8Array(32).fill(0x22));
    assert.deepEqual(eccPublicKeyToPoint(decodeECCrefPublicKey(packed)), point);
  });

  test('a public key with bytes above its 32 low bytes is SDR_KEYERR', () => {
    const k = eccPublicKeyFromPoint(point);
    k.x[0] = 1;
    assert.throws(() => eccPublicKeyToPoint(k), sdr('SDR_KEYERR'));
  });

  test('ECCCipher round-trips C1 ‖ C3 ‖ C2 through the packed layout of 164 + L bytes', () => {
    const ct = fromHex('04' + 'aa'.repeat(64) + 'cc'.repeat(32) + '0102030405');
    const c = eccCipherFromC1C3C2(ct);
    assert.equal(c.L, 5);
    const packed = encodeECCCipher(c);
    assert.equal(packed.length, 169);
    assert.deepEqual([...packed.subarray(160, 164)], [5, 0, 0, 0]);
    assert.deepEqual(eccCipherToC1C3C2(decodeECCCipher(packed)), ct);
  });

  test('a packed ECCCipher whose L disagrees with its length is SDR_INARGERR', () => {
    const packed = encodeECCCipher(eccCipherFromC1C3C2(fromHex('04' + 'aa'.repeat(64) + 'cc'.repeat(32) + '01')));
    assert.throws(() => decodeECCCipher(packed.subarray(0, packed.length - 1)), sdr('SDR_INARGERR'));
  });

  test('ECCSignature: r and s right-aligned; an r wider than 32 bytes is SDR_VERIFYERR', () => {
    const rs = fromHex('01'.repeat(32) + '02'.repeat(32));
    const sig = eccSignatureFromRaw(rs);
    assert.equal(encodeECCSignature(sig).length, 128);
    assert.deepEqual(eccSignatureToRaw(sig), rs);
    sig.r[0] = 9;
    assert.throws(() => eccSignatureToRaw(sig), sdr('SDR_VERIFYERR'));
  });

  test('ECCrefPrivateKey keeps d in the low 32 bytes of K', () => {
    const d = new Uint8Array(32).fill(7);
    const k = eccPrivateKeyFromBytes(d);
    assert.deepEqual(k.K.subarray(0, 32), new Uint8Array(32));
    assert.deepEqual(eccPrivateKeyToBytes(k), d);
  });

  test('RSArefPrivateKey: components survive the packed layout', () => {
    const comps = {
      n: fromHex('c0' + '01'.repeat(255)), e: fromHex('010001'), d: fromHex('05'.repeat(256)),
      p: fromHex('e1'.repeat(128)), q: fromHex('e3'.repeat(128)), dp: fromHex('07'.repeat(127)), dq: fromHex('09'.repeat(128)), qinv: fromHex('0b'.repeat(100)),
    };
    const k = rsaPrivateKeyFromComponents(comps);
    assert.equal(k.bits, 2048);
    assert.deepEqual(rsaPrivateKeyToComponents(decodeRSArefPrivateKey(encodeRSArefPrivateKey(k))), comps);
  });

  test('DEVICEINFO: strings NUL-padded in fixed fields, ULONGs little-endian', () => {
    const info: DEVICEINFO = {
      IssuerName: 'Mima', DeviceName: 'SoftCard', DeviceSerial: '2026112400100001', DeviceVersion: 0x00010002, StandardVersion: 2023,
      AsymAlgAbility: [0x00020e00, 256], SymAlgAbility: 0x427, HashAlgAbility: 7, BufferSize: 1 << 20,
    };
    const packed = encodeDEVICEINFO(info);
    assert.equal(packed.length, 100);
    assert.equal(packed[4], 0);
    assert.deepEqual([...packed.subarray(96, 100)], [0, 0, 16, 0]);
    assert.deepEqual(decodeDEVICEINFO(packed), info);
  });

  test('a structure of the wrong size is SDR_INARGERR', () => {
    assert.throws(() => decodeECCrefPublicKey(new Uint8Array(131)), sdr('SDR_INARGERR'));
  });
});

describe('algorithm ids and the C header', () => {
  test('every SGD_* in include/sdf.h has the value src/sdf/sgd.ts exports', () => {
    const header = readFileSync(new URL('../../../include/sdf.h', import.meta.url), 'utf8');
    const defs = [...header.matchAll(/^#define (SGD_\w+) (0x[0-9a-fA-F]+)$/gm)];
    assert.ok(defs.length >= 25, `found ${defs.length} SGD definitions`);
    const table = sgd as unknown as Record<string, number>;
    for (const [, name, value] of defs) assert.equal(table[name!], Number(value), name);
  });

  test('SM1, SSF33 and unknown ids are SDR_ALGNOTSUPPORT; a mode outside the allowed list is SDR_ALGMODNOTSUPPORT', () => {
    assert.throws(() => sgd.sm4Mode(sgd.SGD_SM1_ECB, 't'), sdr('SDR_ALGNOTSUPPORT'));
    assert.throws(() => sgd.sm4Mode(0x12345678, 't'), sdr('SDR_ALGNOTSUPPORT'));
    assert.throws(() => sgd.sm4Mode(sgd.SGD_SM4_GCM, 't', ['ecb', 'cbc']), sdr('SDR_ALGMODNOTSUPPORT'));
    assert.equal(sgd.sm4Mode(sgd.SGD_SM4_CBC, 't'), 'cbc');
  });
});
