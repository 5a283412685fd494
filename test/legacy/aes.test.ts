/**
 * AES-GCM and AES-CBC: published known answers, Wycheproof, the Aead contract (random nonces,
 * one opaque failure, no plaintext on failure) and the SM4-compatible padding/error contract.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { aesCbc, aesGcm, selfTest } from '../../src/algorithms/legacy/index.js';
import { isCryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { readJson, wycheproof } from '../helpers/vectors.js';

function fails(fn: () => unknown, code: SdrName, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, code), `expected CryptoError ${code}, got ${String(e)}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", 2005, Appendix B test cases.
const P4 = 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39';
const A4 = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';
const GCM_SPEC = [
  { tc: 1, key: '00'.repeat(16), iv: '00'.repeat(12), pt: '', aad: '', ct: '', tag: '58e2fccefa7e3061367f1d57a4e7455a' },
  { tc: 2, key: '00'.repeat(16), iv: '00'.repeat(12), pt: '00'.repeat(16), aad: '', ct: '0388dace60b6a392f328c2b971b2fe78', tag: 'ab6e47d42cec13bdf53a67b21257bddf' },
  {
    tc: 4, key: 'feffe9928665731c6d6a8f9467308308', iv: 'cafebabefacedbaddecaf888', pt: P4, aad: A4,
    ct: '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091',
    tag: '5bc94fbc3221a5db94fae95ae7121a47',
  },
  { tc: 13, key: '00'.repeat(32), iv: '00'.repeat(12), pt: '', aad: '', ct: '', tag: '530f8afbc74536b9a963b4f1c4cb738b' },
  { tc: 14, key: '00'.repeat(32), iv: '00'.repeat(12), pt: '00'.repeat(16), aad: '', ct: 'cea7403d4d606b6e074ec5d3baf39d18', tag: 'd0d1c8a799996bf0265b98b5d48ab919' },
  {
    tc: 16, key: 'feffe9928665731c6d6a8f9467308308'.repeat(2), iv: 'cafebabefacedbaddecaf888', pt: P4, aad: A4,
    ct: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('aesGcm', () => {
  test('GCM specification test cases 1, 2, 4, 13, 14, 16 (AES-128 and AES-256)', () => {
    let n = 0;
    for (const v of GCM_SPEC) {
      const gcm = aesGcm(fromHex(v.key));
      const sealed = gcm.sealWithNonce(fromHex(v.iv), fromHex(v.pt), fromHex(v.aad));
      assert.equal(toHex(sealed), v.ct + v.tag, `TC${v.tc}`);
      assert.equal(toHex(gcm.openWithNonce(fromHex(v.iv), sealed, fromHex(v.aad))), v.pt, `TC${v.tc}`);
      n++;
    }
    assert.equal(n, 6);
  });

  test('Wycheproof aes_gcm_test.json: every valid case seals and opens, every invalid one is refused', () => {
    const file = wycheproof('aes_gcm_test.json');
    let valid = 0;
    let invalid = 0;
    let tooLong = 0;
    for (const g of file.testGroups) {
      assert.equal(g.tagSize, 128);
      for (const t of g.tests) {
        const gcm = aesGcm(fromHex(t.key));
        const iv = fromHex(t.iv!);
        const sealed = fromHex(t.ct! + t.tag);
        if (iv.length > 128) {
          // Beyond OpenSSL's GCM IV limit: refused as an argument error, never misprocessed.
          fails(() => gcm.sealWithNonce(iv, fromHex(t.msg), fromHex(t.aad!)), 'SDR_INARGERR', /exceeds 128/);
          fails(() => gcm.openWithNonce(iv, sealed, fromHex(t.aad!)), 'SDR_INARGERR', /exceeds 128/);
          tooLong++;
        } else if (t.result === 'valid') {
          assert.equal(toHex(gcm.sealWithNonce(iv, fromHex(t.msg), fromHex(t.aad!))), t.ct! + t.tag, `tcId ${t.tcId}`);
          assert.equal(toHex(gcm.openWithNonce(iv, sealed, fromHex(t.aad!))), t.msg, `tcId ${t.tcId}`);
          valid++;
        } else {
          assert.equal(t.result, 'invalid');
          const code = iv.length === 0 ? 'SDR_INARGERR' : 'SDR_MACERR'; // ZeroLengthIv cases
          fails(() => gcm.openWithNonce(iv, sealed, fromHex(t.aad!)), code);
          invalid++;
        }
      }
    }
    assert.deepEqual([valid, invalid, tooLong], [226, 87, 3]);
  });

  test('seal draws a fresh 12-byte nonce and lays out nonce ‖ ciphertext ‖ tag', () => {
    const gcm = aesGcm(new Uint8Array(16).fill(1));
    const pt = new Uint8Array([1, 2, 3, 4, 5]);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const sealed = gcm.seal(pt, new Uint8Array([9]));
      assert.equal(sealed.length, 12 + 5 + 16);
      seen.add(toHex(sealed.subarray(0, 12)));
      if (i < 10) {
        assert.deepEqual(gcm.openWithNonce(sealed.subarray(0, 12), sealed.subarray(12), new Uint8Array([9])), pt);
        assert.deepEqual(gcm.open(sealed, new Uint8Array([9])), pt);
      }
    }
    assert.equal(seen.size, 2000);
  });

  test('seal uses the given random source', () => {
    const nonce = fromHex('cafebabefacedbaddecaf888');
    const gcm = aesGcm(fromHex('feffe9928665731c6d6a8f9467308308'), { random: () => nonce.slice() });
    assert.equal(toHex(gcm.seal(fromHex(P4), fromHex(A4))), toHex(nonce) + GCM_SPEC[2]!.ct + GCM_SPEC[2]!.tag);
    fails(() => aesGcm(new Uint8Array(16), { random: () => new Uint8Array(8) }).seal(new Uint8Array(1)), 'SDR_RANDERR');
  });

  test('any change to nonce, ciphertext, tag or AAD, or truncation, fails with one opaque SDR_MACERR', () => {
    const gcm = aesGcm(new Uint8Array(32).fill(7));
    const aad = new Uint8Array([1, 2, 3]);
    const sealed = gcm.seal(new Uint8Array(40).fill(0x55), aad);
    const messages = new Set<string>();
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i]! ^= 1 << (i % 8);
      assert.throws(() => gcm.open(bad, aad), (e: unknown) => isCryptoError(e, 'SDR_MACERR') && (messages.add(e.message), true));
    }
    fails(() => gcm.open(sealed, new Uint8Array([1, 2, 4])), 'SDR_MACERR');
    fails(() => gcm.open(sealed), 'SDR_MACERR');
    fails(() => gcm.open(sealed.subarray(0, sealed.length - 1), aad), 'SDR_MACERR');
    fails(() => gcm.open(sealed.subarray(0, 27), aad), 'SDR_MACERR');
    fails(() => gcm.openWithNonce(sealed.subarray(0, 12), sealed.subarray(12, 27), aad), 'SDR_MACERR');
    assert.deepEqual([...messages], ['aes.gcm.open: authentication failed']);
  });

  test('key sizes other than 16, 24, 32 bytes are SDR_KEYERR; nonces outside 1..128 bytes are SDR_INARGERR', () => {
    for (const len of [0, 8, 15, 17, 23, 25, 31, 33, 64]) fails(() => aesGcm(new Uint8Array(len)), 'SDR_KEYERR', /key must be 16, 24 or 32 bytes/);
    for (const len of [16, 24, 32]) assert.equal(aesGcm(new Uint8Array(len)).keyLen, len);
    fails(() => aesGcm(new Uint8Array(16)).sealWithNonce(new Uint8Array(0), new Uint8Array(1)), 'SDR_INARGERR', /nonce must not be empty/);
    fails(() => aesGcm(new Uint8Array(16)).openWithNonce(new Uint8Array(129), new Uint8Array(16)), 'SDR_INARGERR', /129 bytes exceeds 128/);
    assert.equal(aesGcm(new Uint8Array(16)).sealWithNonce(new Uint8Array(128), new Uint8Array(1)).length, 17);
  });

  test('destroy() ends the instance; misuse is a TypeError', () => {
    const gcm = aesGcm(new Uint8Array(16));
    gcm.destroy();
    assert.throws(() => gcm.seal(new Uint8Array(1)), TypeError);
    assert.throws(() => aesGcm('k' as unknown as Uint8Array), TypeError);
    assert.throws(() => aesGcm(new Uint8Array(16)).seal('x' as unknown as Uint8Array), TypeError);
  });
});

// NIST SP 800-38A Appendix F.2.1/F.2.2 (CBC-AES128) and F.2.5/F.2.6 (CBC-AES256).
const SP800_38A_PT = '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710';
const SP800_38A = [
  { key: '2b7e151628aed2a6abf7158809cf4f3c', ct: '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7' },
  { key: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4', ct: 'f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b' },
];
const IV = fromHex('000102030405060708090a0b0c0d0e0f');

describe('aesCbc', () => {
  test('SP 800-38A F.2.1, F.2.2, F.2.5, F.2.6 (no padding)', () => {
    for (const v of SP800_38A) {
      assert.equal(toHex(aesCbc.encrypt(fromHex(v.key), IV, fromHex(SP800_38A_PT), { padding: 'none' })), v.ct);
      assert.equal(toHex(aesCbc.decrypt(fromHex(v.key), IV, fromHex(v.ct), { padding: 'none' })), SP800_38A_PT);
    }
  });

  test('Wycheproof aes_cbc_pkcs5_test.json: valid cases match, bad padding is SDR_SYMOPERR', () => {
    const file = readJson<{ testGroups: { tests: { tcId: number; key: string; iv: string; msg: string; ct: string; result: string; flags: string[] }[] }[] }>('wycheproof', 'aes_cbc_pkcs5_test.json');
    let valid = 0;
    let invalid = 0;
    for (const t of file.testGroups.flatMap((g) => g.tests)) {
      const [key, iv, ct] = [fromHex(t.key), fromHex(t.iv), fromHex(t.ct)];
      if (t.result === 'valid') {
        assert.equal(toHex(aesCbc.encrypt(key, iv, fromHex(t.msg))), t.ct, `tcId ${t.tcId}`);
        assert.equal(toHex(aesCbc.decrypt(key, iv, ct)), t.msg, `tcId ${t.tcId}`);
        valid++;
      } else {
        assert.equal(t.result, 'invalid');
        // An empty ciphertext cannot carry padding: SDR_INARGERR, as for SM4-CBC.
        fails(() => aesCbc.decrypt(key, iv, ct), ct.length === 0 ? 'SDR_INARGERR' : 'SDR_SYMOPERR', /bad padding|empty ciphertext/);
        invalid++;
      }
    }
    assert.deepEqual([valid, invalid], [72, 144]);
  });

  test('PKCS#7 round-trips every length 0..64 and pads to the next whole block', () => {
    const key = new Uint8Array(24).fill(3);
    for (let len = 0; len <= 64; len++) {
      const pt = new Uint8Array(len).map((_, i) => i);
      const ct = aesCbc.encrypt(key, IV, pt);
      assert.equal(ct.length, (Math.floor(len / 16) + 1) * 16);
      assert.deepEqual(aesCbc.decrypt(key, IV, ct), pt);
      const raw = aesCbc.decrypt(key, IV, ct, { padding: 'none' });
      assert.deepEqual(raw.subarray(len), new Uint8Array(ct.length - len).fill(ct.length - len));
    }
  });

  test('every malformed final block is SDR_SYMOPERR "bad padding"', () => {
    const key = new Uint8Array(16).fill(9);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (block) => {
        const p = block[15]!;
        const valid = p >= 1 && p <= 16 && block.subarray(16 - p).every((b) => b === p);
        const ct = aesCbc.encrypt(key, IV, block, { padding: 'none' });
        if (valid) assert.deepEqual(aesCbc.decrypt(key, IV, ct), block.subarray(0, 16 - p));
        else fails(() => aesCbc.decrypt(key, IV, ct), 'SDR_SYMOPERR', /^aes\.cbc\.decrypt: bad padding$/);
      }),
      { numRuns: 500 },
    );
    for (const last of [0, 17, 255]) {
      const block = new Uint8Array(16).fill(last);
      fails(() => aesCbc.decrypt(key, IV, aesCbc.encrypt(key, IV, block, { padding: 'none' })), 'SDR_SYMOPERR');
    }
  });

  test('lengths: partial blocks without padding, partial or empty ciphertext, IV and key sizes', () => {
    const key = new Uint8Array(16);
    fails(() => aesCbc.encrypt(key, IV, new Uint8Array(17), { padding: 'none' }), 'SDR_INARGERR', /length 17 is not a multiple of 16/);
    fails(() => aesCbc.decrypt(key, IV, new Uint8Array(31)), 'SDR_INARGERR', /not a multiple of 16/);
    fails(() => aesCbc.decrypt(key, IV, new Uint8Array(0)), 'SDR_INARGERR', /empty ciphertext/);
    assert.deepEqual(aesCbc.decrypt(key, IV, new Uint8Array(0), { padding: 'none' }), new Uint8Array(0));
    fails(() => aesCbc.encrypt(key, IV.subarray(0, 15), new Uint8Array(16)), 'SDR_INARGERR', /iv must be 16 bytes, got 15/);
    fails(() => aesCbc.encrypt(new Uint8Array(20), IV, new Uint8Array(16)), 'SDR_KEYERR');
    assert.throws(() => aesCbc.encrypt(key, IV, new Uint8Array(16), { padding: 'zero' as 'none' }), TypeError);
  });
});

test('selfTest passes', () => {
  selfTest();
});
