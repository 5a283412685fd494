/**
 * SM9 key encapsulation and encryption (GM/T 0044.4) beyond the Annex C/D vectors: round
 * trips in every mode, the block-cipher modes rebuilt from the decapsulated K1 ‖ K2 with
 * node:crypto's SM4 and SM3 (an independent check of C2 and C3 = SM3(C2 ‖ K2)), the retry on
 * K = 0 / K1 = 0, every tampered byte rejected, and the refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { concatBytes, fromHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm9 from '../../src/algorithms/sm9/index.js';
import { encodeG2 } from '../../src/algorithms/sm9/groups.js';
import { flipBit, offCurveG1, replay, stream, throwsCode, twistPointOutsideG2 } from './helpers.js';

// The GM/T 0044.5 Annex C/D master key (so the K1 = 0 case below is a known r).
const KE = fromHex('0001edee3778f441f8dea3d9fa0acc4e07ee36c93f9a08618af4ad85cede1c22');
const MPK = sm9.getEncryptMasterPublicKey(KE);
const ID = 'Bob';
const DE = sm9.extractEncryptUserKey(KE, ID);
const MODES = ['kdf', 'sm4-cbc', 'sm4-ecb'] as const;

const sm3ref = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

describe('SM9 key encapsulation', () => {
  test('encapsulate / decapsulate agree for klen 1, 16, 32, 100; C is 04‖x‖y and the bare x‖y is accepted', () => {
    for (const klen of [1, 16, 32, 100]) {
      const { key, encapsulation } = sm9.encapsulate(MPK, ID, klen);
      assert.equal(key.length, klen);
      assert.equal(encapsulation.length, 65);
      assert.equal(encapsulation[0], 4);
      assert.deepEqual(sm9.decapsulate(DE, ID, encapsulation, klen), key);
      assert.deepEqual(sm9.decapsulate(DE, ID, encapsulation.subarray(1), klen), key);
    }
  });

  test('another identity or another user key derives another key (the KEM itself does not authenticate)', () => {
    const { key, encapsulation } = sm9.encapsulate(MPK, ID, 32);
    const deAlice = sm9.extractEncryptUserKey(KE, 'Alice');
    assert.notDeepEqual(sm9.decapsulate(deAlice, 'Alice', encapsulation, 32), key);
    assert.notDeepEqual(sm9.decapsulate(DE, 'Bobby', encapsulation, 32), key);
  });

  test('an r whose K is all zero is discarded (GM/T 0044.4 encapsulation step A6): r = 63 gives K = 00 for klen = 1', () => {
    const r63 = '3f'.padStart(64, '0'), r64 = '40'.padStart(64, '0');
    // Precondition, through a longer key: the KDF output for r = 63 starts with a zero byte.
    assert.equal(sm9.encapsulate(MPK, ID, 33, { rand: replay(r63) }).key[0], 0);
    const retried = sm9.encapsulate(MPK, ID, 1, { rand: replay(r63, r64) });
    assert.deepEqual(retried, sm9.encapsulate(MPK, ID, 1, { rand: replay(r64) }));
  });

  test('an encapsulation that is not a G1 point, or of the wrong length, is SDR_ENCDATAERR', () => {
    const { encapsulation } = sm9.encapsulate(MPK, ID, 16);
    throwsCode(() => sm9.decapsulate(DE, ID, offCurveG1(encapsulation), 16), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decapsulate(DE, ID, encapsulation.subarray(0, 63), 16), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decapsulate(DE, ID, concatBytes(Uint8Array.of(2), encapsulation.subarray(1)), 16), 'SDR_ENCDATAERR');
  });

  test('invalid keys are SDR_KEYERR: a master public key off the curve, a user key outside G2', () => {
    const bad = MPK.slice();
    bad[64] ^= 1;
    throwsCode(() => sm9.encapsulate(bad, ID, 16), 'SDR_KEYERR');
    throwsCode(() => sm9.encapsulate(DE, ID, 16), 'SDR_KEYERR');
    const { encapsulation } = sm9.encapsulate(MPK, ID, 16);
    throwsCode(() => sm9.decapsulate(encodeG2(twistPointOutsideG2('kem-de')), ID, encapsulation, 16), 'SDR_KEYERR');
    throwsCode(() => sm9.decapsulate(MPK, ID, encapsulation, 16), 'SDR_KEYERR');
  });

  test('klen must be a positive integer (RangeError)', () => {
    for (const klen of [0, -1, 1.5, Number.NaN]) assert.throws(() => sm9.encapsulate(MPK, ID, klen), RangeError);
  });
});

describe('SM9 encryption', () => {
  test('round trip in every mode for plaintexts of 1, 15, 16, 17 and 100 bytes', () => {
    let n = 0;
    for (const mode of MODES) {
      for (const len of [1, 15, 16, 17, 100]) {
        const m = stream(`pt-${len}`)(len);
        const ct = sm9.encrypt(MPK, ID, m, { mode });
        assert.deepEqual(sm9.decrypt(DE, ID, ct, { mode }), m, `${mode} ${len}`);
        n++;
      }
    }
    assert.equal(n, 15);
  });

  test('kdf mode: |C| = 64 + 32 + |M|; C2 = M ⊕ K1 and C3 = SM3(C2 ‖ K2) with K1 ‖ K2 from decapsulating C1', () => {
    const m = utf8('the plaintext');
    const ct = sm9.encrypt(MPK, ID, m);
    assert.equal(ct.length, 96 + m.length);
    const k = sm9.decapsulate(DE, ID, ct.subarray(0, 64), m.length + 32);
    const c2 = ct.subarray(96);
    assert.deepEqual(c2, m.map((b, i) => b ^ k[i]!));
    assert.deepEqual(ct.subarray(64, 96), sm3ref(c2, k.subarray(m.length)));
  });

  test('sm4-ecb: C2 = SM4-ECB(K1, PKCS#7(M)) and C3 = SM3(C2 ‖ K2), checked with node:crypto', () => {
    const m = utf8('SM9 with an SM4 block cipher, ECB');
    const ct = sm9.encrypt(MPK, ID, m, { mode: 'sm4-ecb' });
    const k = sm9.decapsulate(DE, ID, ct.subarray(0, 64), 48);
    const ref = createCipheriv('sm4-ecb', k.subarray(0, 16), null);
    const c2 = concatBytes(ref.update(m), ref.final());
    assert.deepEqual(ct.subarray(96), c2);
    assert.deepEqual(ct.subarray(64, 96), sm3ref(c2, k.subarray(16)));
  });

  test('sm4-cbc: C2 = IV ‖ SM4-CBC(K1, IV, PKCS#7(M)) with a fresh IV, C3 over all of C2, checked with node:crypto', () => {
    const m = utf8('SM9 with an SM4 block cipher, CBC mode');
    const iv = '000102030405060708090a0b0c0d0e0f';
    const ct = sm9.encrypt(MPK, ID, m, { mode: 'sm4-cbc', rand: replay('05'.padStart(64, '0'), iv) });
    const k = sm9.decapsulate(DE, ID, ct.subarray(0, 64), 48);
    const ref = createCipheriv('sm4-cbc', k.subarray(0, 16), fromHex(iv));
    const c2 = concatBytes(fromHex(iv), ref.update(m), ref.final());
    assert.deepEqual(ct.subarray(96), c2);
    assert.deepEqual(ct.subarray(64, 96), sm3ref(c2, k.subarray(16)));
  });

  test('an r whose K1 is zero is discarded in kdf mode (GM/T 0044.4 encryption steps): r = 63 with a 1-byte plaintext', () => {
    const r63 = '3f'.padStart(64, '0'), r64 = '40'.padStart(64, '0');
    const m = Uint8Array.of(0x5a);
    assert.deepEqual(sm9.encrypt(MPK, ID, m, { rand: replay(r63, r64) }), sm9.encrypt(MPK, ID, m, { rand: replay(r64) }));
  });

  test('a flipped bit in any byte of C1 ‖ C3 ‖ C2 is SDR_ENCDATAERR (kdf mode: all 116 bytes)', () => {
    const ct = sm9.encrypt(MPK, ID, utf8('Chinese IBE standard'));
    const rnd = stream('enc-flip');
    let ran = 0;
    for (let byte = 0; byte < ct.length; byte++) {
      throwsCode(() => sm9.decrypt(DE, ID, flipBit(ct, byte * 8 + (rnd(1)[0]! & 7))), 'SDR_ENCDATAERR');
      ran++;
    }
    assert.equal(ran, 116);
  });

  test('block modes: a flipped bit in C3, the IV or the last block is SDR_ENCDATAERR', () => {
    for (const mode of ['sm4-cbc', 'sm4-ecb'] as const) {
      const ct = sm9.encrypt(MPK, ID, utf8('0123456789abcdef0123'), { mode });
      for (const byte of [0, 70, 96, 97, ct.length - 1]) {
        throwsCode(() => sm9.decrypt(DE, ID, flipBit(ct, byte * 8 + 3), { mode }), 'SDR_ENCDATAERR', undefined);
      }
    }
  });

  test('decrypting with the wrong mode, identity or user key is SDR_ENCDATAERR', () => {
    const ct = sm9.encrypt(MPK, ID, new Uint8Array(32).fill(7), { mode: 'sm4-ecb' });
    throwsCode(() => sm9.decrypt(DE, ID, ct, { mode: 'kdf' }), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decrypt(DE, ID, ct, { mode: 'sm4-cbc' }), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decrypt(DE, 'Bobby', ct, { mode: 'sm4-ecb' }), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decrypt(sm9.extractEncryptUserKey(KE, 'Alice'), ID, ct, { mode: 'sm4-ecb' }), 'SDR_ENCDATAERR');
  });

  test('truncated ciphertexts and lengths that do not fit the mode are SDR_ENCDATAERR', () => {
    const ct = sm9.encrypt(MPK, ID, utf8('x'));
    throwsCode(() => sm9.decrypt(DE, ID, ct.subarray(0, 96)), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decrypt(DE, ID, new Uint8Array(0)), 'SDR_ENCDATAERR');
    const cbc = sm9.encrypt(MPK, ID, utf8('x'), { mode: 'sm4-cbc' });
    throwsCode(() => sm9.decrypt(DE, ID, cbc.subarray(0, 96 + 16), { mode: 'sm4-cbc' }), 'SDR_ENCDATAERR');
    throwsCode(() => sm9.decrypt(DE, ID, cbc.subarray(0, cbc.length - 1), { mode: 'sm4-cbc' }), 'SDR_ENCDATAERR');
  });

  test('C1 off the curve is SDR_ENCDATAERR', () => {
    const ct = sm9.encrypt(MPK, ID, utf8('hello'));
    const bad = ct.slice();
    bad[63] ^= 1;
    throwsCode(() => sm9.decrypt(DE, ID, bad), 'SDR_ENCDATAERR', /C1/);
  });

  test('an empty plaintext is SDR_INARGERR; an unknown mode is TypeError', () => {
    throwsCode(() => sm9.encrypt(MPK, ID, new Uint8Array(0)), 'SDR_INARGERR');
    assert.throws(() => sm9.encrypt(MPK, ID, utf8('x'), { mode: 'sm4-gcm' as never }), TypeError);
    assert.throws(() => sm9.decrypt(DE, ID, new Uint8Array(120), { mode: 'xor' as never }), TypeError);
  });

  test('encryption uses hid 03 by default; a non-default hid round-trips only with the key extracted for it', () => {
    const de5 = sm9.extractEncryptUserKey(KE, ID, { hid: 5 });
    const ct = sm9.encrypt(MPK, ID, utf8('hid five'), { hid: 5 });
    assert.deepEqual(sm9.decrypt(de5, ID, ct), utf8('hid five'));
    throwsCode(() => sm9.decrypt(DE, ID, ct), 'SDR_ENCDATAERR');
  });
});
