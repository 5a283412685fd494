/**
 * SM4-GCM: RFC 8998, all Wycheproof SM4-GCM cases, a literal SP 800-38D reference over
 * node:crypto's SM4, sm-crypto-v2 as a peer, forgery rejection, and the Aead surface.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm4 as scv2 } from 'sm-crypto-v2';
import { sm4Gcm } from '../../src/algorithms/sm4/index.js';
import { Ghash } from '../../src/algorithms/sm4/modes/ghash.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVector, wycheproof } from '../helpers/vectors.js';
import { refGcm, refGhash } from './reference.js';
import { hex, rand, throwsCode } from './util.js';

describe('SM4-GCM known answers', () => {
  test('RFC 8998 Appendix A.1 seals to the published ciphertext and tag, and opens', () => {
    const v = gmVector('sm4_gcm_rfc8998');
    const gcm = sm4Gcm(hex(v['key'] as string));
    const iv = hex(v['iv'] as string);
    const aad = hex(v['aad'] as string);
    const sealed = gcm.sealWithNonce(iv, hex(v['plaintext'] as string), aad);
    assert.equal(toHex(sealed), (v['ciphertext'] as string) + (v['tag'] as string));
    assert.equal(toHex(gcm.openWithNonce(iv, sealed, aad)), v['plaintext']);
  });

  test('Wycheproof sm4_gcm_test.json: all 104 cases, 75 valid accepted exactly, 29 invalid rejected', () => {
    const file = wycheproof('sm4_gcm_test.json');
    let valid = 0;
    let invalid = 0;
    for (const g of file.testGroups) {
      for (const t of g.tests) {
        const iv = hex(t.iv!);
        const aad = hex(t.aad ?? '');
        const ctTag = hex(t.ct! + t.tag);
        const gcm = sm4Gcm(hex(t.key), { tagLength: g.tagSize / 8 });
        if (t.result === 'valid') {
          assert.equal(toHex(gcm.sealWithNonce(iv, hex(t.msg), aad)), t.ct! + t.tag, `tc ${t.tcId}`);
          assert.equal(toHex(gcm.openWithNonce(iv, ctTag, aad)), t.msg, `tc ${t.tcId}`);
          valid++;
        } else if (t.result === 'invalid') {
          assert.throws(
            () => gcm.openWithNonce(iv, ctTag, aad),
            (e: unknown) => e instanceof CryptoError && (e.code === 'SDR_MACERR' || e.code === 'SDR_INARGERR'),
            `tc ${t.tcId}`,
          );
          if (t.flags.includes('ZeroLengthIv')) throwsCode(() => gcm.sealWithNonce(iv, hex(t.msg), aad), 'SDR_INARGERR');
          invalid++;
        } else {
          assert.fail(`tc ${t.tcId}: unexpected result ${t.result}`);
        }
      }
    }
    assert.equal(valid, 75);
    assert.equal(invalid, 29);
    assert.equal(valid + invalid, file.numberOfTests);
  });
});

describe('SM4-GCM against independent implementations', () => {
  test('GHASH with the 8-bit table equals bit-by-bit SP 800-38D Algorithm 1', () => {
    for (let i = 0; i < 20; i++) {
      const h = rand(16);
      const x = rand(16 * (1 + i));
      const hw = Int32Array.from([0, 4, 8, 12], (o) => (h[o]! << 24) | (h[o + 1]! << 16) | (h[o + 2]! << 8) | h[o + 3]!);
      const g = new Ghash(hw);
      g.updatePadded(x, 0, x.length);
      const y = new Int32Array(4);
      g.digestWords(y);
      const got = Array.from(y, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
      assert.equal(got, toHex(refGhash(h, x)));
    }
  });

  test('equals the SP 800-38D reference for nonce lengths 1..40, tags 12..16, any AAD and message (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.oneof(fc.constant(12), fc.integer({ min: 1, max: 40 })),
        fc.integer({ min: 12, max: 16 }),
        fc.uint8Array({ maxLength: 70 }),
        fc.uint8Array({ maxLength: 130 }),
        (key, nonceLen, tagLen, aad, pt) => {
          const nonce = Uint8Array.from({ length: nonceLen }, (_, i) => (i * 31 + pt.length) & 255);
          const gcm = sm4Gcm(key, { tagLength: tagLen });
          const want = refGcm(key, nonce, pt, aad, tagLen);
          assert.deepEqual(gcm.sealWithNonce(nonce, pt, aad), want);
          assert.deepEqual(gcm.openWithNonce(nonce, want, aad), pt);
        },
      ),
      { numRuns: 120 },
    );
  });

  test('equals sm-crypto-v2 (12-byte nonces) on random keys, AAD and messages', () => {
    let n = 0;
    for (const len of [0, 1, 15, 16, 17, 64, 1000]) {
      const key = rand(16);
      const nonce = rand(12);
      const aad = rand(len % 40);
      const pt = rand(len);
      const peer = scv2.encrypt(pt, key, { mode: 'gcm', iv: nonce, associatedData: aad, output: 'array', outputTag: true });
      const sealed = sm4Gcm(key).sealWithNonce(nonce, pt, aad);
      assert.deepEqual(sealed.subarray(0, len), peer.output);
      assert.deepEqual(sealed.subarray(len), peer.tag);
      n++;
    }
    assert.equal(n, 7);
  });

  test('a 12-byte tag is the prefix of the 16-byte tag', () => {
    const key = rand(16);
    const nonce = rand(12);
    const pt = rand(40);
    const full = sm4Gcm(key).sealWithNonce(nonce, pt);
    for (let t = 12; t <= 16; t++) assert.deepEqual(sm4Gcm(key, { tagLength: t }).sealWithNonce(nonce, pt), full.subarray(0, 40 + t));
  });
});

describe('SM4-GCM rejects forgeries', () => {
  test('any flipped bit in ciphertext, tag, nonce or AAD is rejected with SDR_MACERR (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ minLength: 1, maxLength: 20 }),
        fc.constantFrom('ct', 'tag', 'nonce', 'aad'),
        fc.nat(),
        (key, pt, aad, nonceRaw, where, pos) => {
          const gcm = sm4Gcm(key);
          const nonce = where === 'nonce' && nonceRaw.length === 0 ? rand(12) : nonceRaw;
          const sealed = gcm.sealWithNonce(nonce, pt, aad);
          const ct = sealed.slice();
          const n2 = nonce.slice();
          const a2 = aad.slice();
          const flip = (b: Uint8Array, from: number, len: number): void => {
            const bit = pos % (8 * len);
            b[from + (bit >> 3)] ^= 1 << (bit & 7);
          };
          if (where === 'ct') flip(ct, 0, pt.length);
          if (where === 'tag') flip(ct, pt.length, 16);
          if (where === 'nonce') flip(n2, 0, n2.length);
          if (where === 'aad') flip(a2, 0, a2.length);
          throwsCode(() => gcm.openWithNonce(n2, ct, a2), 'SDR_MACERR');
        },
      ),
      { numRuns: 200 },
    );
  });

  test('truncated input is rejected with the same opaque error as a bad tag', () => {
    const gcm = sm4Gcm(rand(16));
    const sealed = gcm.seal(rand(20));
    const messages = new Set<string>();
    for (const bad of [sealed.subarray(0, 27), sealed.subarray(0, sealed.length - 1), new Uint8Array(0)]) {
      try {
        gcm.open(bad);
        assert.fail('opened');
      } catch (e) {
        assert.ok(e instanceof CryptoError && e.code === 'SDR_MACERR');
        messages.add(e.message);
      }
    }
    const tampered = sealed.slice();
    tampered[tampered.length - 1] ^= 1;
    try {
      gcm.open(tampered);
    } catch (e) {
      messages.add((e as Error).message);
    }
    assert.equal(messages.size, 1);
    throwsCode(() => gcm.openWithNonce(rand(12), new Uint8Array(15)), 'SDR_MACERR');
  });
});

describe('SM4-GCM as an Aead', () => {
  test('seal draws a fresh 12-byte nonce: nonce ‖ ciphertext ‖ 16-byte tag, and open reverses it', () => {
    const gcm = sm4Gcm(rand(16));
    assert.equal(gcm.nonceLen, 12);
    assert.equal(gcm.tagLen, 16);
    assert.equal(gcm.keyLen, 16);
    assert.equal(gcm.name, 'sm4-gcm');
    const pt = rand(33);
    const aad = rand(5);
    const sealed = gcm.seal(pt, aad);
    assert.equal(sealed.length, 12 + 33 + 16);
    assert.deepEqual(gcm.open(sealed, aad), pt);
    assert.deepEqual(gcm.openWithNonce(sealed.subarray(0, 12), sealed.subarray(12), aad), pt);
  });

  test('no nonce repeats over 2,000 seals', () => {
    const gcm = sm4Gcm(rand(16));
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(toHex(gcm.seal(new Uint8Array(0)).subarray(0, 12)));
    assert.equal(seen.size, 2000);
  });

  test('seal takes its nonce from the given random source; a wrong-sized one is SDR_RANDERR', () => {
    const fixed = hex('00001234567800000000abcd');
    const v = gmVector('sm4_gcm_rfc8998');
    const gcm = sm4Gcm(hex(v['key'] as string), { random: () => fixed.slice() });
    const sealed = gcm.seal(hex(v['plaintext'] as string), hex(v['aad'] as string));
    assert.equal(toHex(sealed), (v['iv'] as string) + (v['ciphertext'] as string) + (v['tag'] as string));
    throwsCode(() => sm4Gcm(rand(16), { random: () => new Uint8Array(11) }).seal(rand(1)), 'SDR_RANDERR');
  });

  test('an empty nonce is refused (SDR_INARGERR), any other length works', () => {
    const gcm = sm4Gcm(rand(16));
    throwsCode(() => gcm.sealWithNonce(new Uint8Array(0), rand(3)), 'SDR_INARGERR');
    throwsCode(() => gcm.openWithNonce(new Uint8Array(0), rand(19)), 'SDR_INARGERR');
    for (const n of [1, 8, 16, 64, 257]) {
      const nonce = rand(n);
      assert.deepEqual(gcm.openWithNonce(nonce, gcm.sealWithNonce(nonce, rand(0))), new Uint8Array(0));
    }
  });

  test('tag lengths other than 12..16 (including 4 and 8) are SDR_INARGERR; non-integers TypeError', () => {
    for (const t of [0, 4, 8, 11, 17, 32]) throwsCode(() => sm4Gcm(rand(16), { tagLength: t }), 'SDR_INARGERR');
    assert.throws(() => sm4Gcm(rand(16), { tagLength: 12.5 }), TypeError);
  });

  test('a key that is not 16 bytes is SDR_KEYERR', () => {
    for (const n of [0, 15, 17, 32]) throwsCode(() => sm4Gcm(new Uint8Array(n)), 'SDR_KEYERR');
  });

  test('after destroy() every call throws TypeError', () => {
    const gcm = sm4Gcm(rand(16));
    gcm.destroy();
    assert.throws(() => gcm.seal(rand(1)), TypeError);
    assert.throws(() => gcm.openWithNonce(rand(12), rand(20)), TypeError);
  });
});
