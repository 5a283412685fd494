/**
 * SM4-CCM: RFC 8998, GmSSL, all Wycheproof SM4-CCM cases, a literal SP 800-38C reference over
 * node:crypto's SM4 (including the AAD length-encoding boundary), forgery rejection, limits.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm4Ccm } from '../../src/algorithms/sm4/index.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVector, wycheproof } from '../helpers/vectors.js';
import { refCcm } from './reference.js';
import { hex, rand, throwsCode } from './util.js';

describe('SM4-CCM known answers', () => {
  const cases: [string, number][] = [
    ['sm4_ccm_rfc8998', 16],
    ['sm4_ccm_aad14_tag12', 12],
  ];
  for (const [id, tagLength] of cases) {
    test(`${id}: seals to the published ciphertext and tag, and opens`, () => {
      const v = gmVector(id);
      const ccm = sm4Ccm(hex(v['key'] as string), { tagLength });
      const nonce = hex(v['iv'] as string);
      const aad = hex(v['aad'] as string);
      const sealed = ccm.sealWithNonce(nonce, hex(v['plaintext'] as string), aad);
      assert.equal(toHex(sealed), (v['ciphertext'] as string) + (v['tag'] as string));
      assert.equal(toHex(ccm.openWithNonce(nonce, sealed, aad)), v['plaintext']);
    });
  }

  test('Wycheproof sm4_ccm_test.json: all 184 cases, 135 valid accepted exactly, 49 invalid rejected', () => {
    const file = wycheproof('sm4_ccm_test.json');
    let valid = 0;
    let invalid = 0;
    for (const g of file.testGroups) {
      for (const t of g.tests) {
        const nonce = hex(t.iv!);
        const aad = hex(t.aad ?? '');
        const ctTag = hex(t.ct! + t.tag);
        if (t.result === 'valid') {
          const ccm = sm4Ccm(hex(t.key), { tagLength: g.tagSize / 8 });
          assert.equal(toHex(ccm.sealWithNonce(nonce, hex(t.msg), aad)), t.ct! + t.tag, `tc ${t.tcId}`);
          assert.equal(toHex(ccm.openWithNonce(nonce, ctTag, aad)), t.msg, `tc ${t.tcId}`);
          valid++;
        } else if (t.result === 'invalid') {
          // Rejected at construction (tag size) or at open (nonce size, tag value).
          assert.throws(
            () => sm4Ccm(hex(t.key), { tagLength: g.tagSize / 8 }).openWithNonce(nonce, ctTag, aad),
            (e: unknown) => e instanceof CryptoError && (e.code === 'SDR_MACERR' || e.code === 'SDR_INARGERR'),
            `tc ${t.tcId}`,
          );
          invalid++;
        } else {
          assert.fail(`tc ${t.tcId}: unexpected result ${t.result}`);
        }
      }
    }
    assert.equal(valid, 135);
    assert.equal(invalid, 49);
    assert.equal(valid + invalid, file.numberOfTests);
  });
});

describe('SM4-CCM against the SP 800-38C reference', () => {
  test('every nonce length 7..13 and tag length 4..16, random AAD and messages (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 7, max: 13 }),
        fc.constantFrom(4, 6, 8, 10, 12, 14, 16),
        fc.uint8Array({ maxLength: 70 }),
        fc.uint8Array({ maxLength: 130 }),
        (key, nonceLen, tagLen, aad, pt) => {
          const nonce = Uint8Array.from({ length: nonceLen }, (_, i) => (i * 13 + aad.length) & 255);
          const ccm = sm4Ccm(key, { tagLength: tagLen });
          const want = refCcm(key, nonce, pt, aad, tagLen);
          assert.deepEqual(ccm.sealWithNonce(nonce, pt, aad), want);
          assert.deepEqual(ccm.openWithNonce(nonce, want, aad), pt);
        },
      ),
      { numRuns: 120 },
    );
  });

  test('AAD lengths around the 2^16 - 2^8 encoding boundary (2-byte vs 0xfffe + 4-byte form)', () => {
    let n = 0;
    for (const a of [14, 15, 16, 0xfeff, 0xff00, 0xff01, 0x10000 + 3]) {
      const key = rand(16);
      const nonce = rand(12);
      const aad = rand(a);
      const pt = rand(21);
      const want = refCcm(key, nonce, pt, aad, 16);
      assert.deepEqual(sm4Ccm(key).sealWithNonce(nonce, pt, aad), want, `aad ${a}`);
      n++;
    }
    assert.equal(n, 7);
  });
});

describe('SM4-CCM rejects forgeries and out-of-range inputs', () => {
  test('any flipped bit in ciphertext, tag, nonce or AAD is rejected with SDR_MACERR (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('ct', 'tag', 'nonce', 'aad'),
        fc.nat(),
        (key, pt, aad, where, pos) => {
          const ccm = sm4Ccm(key);
          const nonce = rand(12);
          const sealed = ccm.sealWithNonce(nonce, pt, aad);
          const flip = (b: Uint8Array, from: number, len: number): void => {
            const bit = pos % (8 * len);
            b[from + (bit >> 3)] ^= 1 << (bit & 7);
          };
          const ct = sealed.slice();
          if (where === 'ct') flip(ct, 0, pt.length);
          if (where === 'tag') flip(ct, pt.length, 16);
          if (where === 'nonce') flip(nonce, 0, 12);
          if (where === 'aad') flip(aad, 0, aad.length);
          throwsCode(() => ccm.openWithNonce(nonce, ct, aad), 'SDR_MACERR');
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a 13-byte nonce allows at most 65,535 bytes (q = 2): more is SDR_INARGERR to seal, SDR_MACERR to open', () => {
    const ccm = sm4Ccm(rand(16), { nonceLength: 13 });
    const nonce = rand(13);
    const ok = ccm.sealWithNonce(nonce, new Uint8Array(65535));
    assert.equal(ccm.openWithNonce(nonce, ok).length, 65535);
    throwsCode(() => ccm.sealWithNonce(nonce, new Uint8Array(65536)), 'SDR_INARGERR');
    throwsCode(() => ccm.openWithNonce(nonce, new Uint8Array(65536 + 16)), 'SDR_MACERR');
  });

  test('nonces outside 7..13 bytes are SDR_INARGERR', () => {
    const ccm = sm4Ccm(rand(16));
    for (const n of [0, 6, 14, 16]) {
      throwsCode(() => ccm.sealWithNonce(new Uint8Array(n), rand(3)), 'SDR_INARGERR');
      throwsCode(() => ccm.openWithNonce(new Uint8Array(n), rand(19)), 'SDR_INARGERR');
    }
  });

  test('tag lengths outside {4, 6, ..., 16} and nonce lengths outside 7..13 are refused at construction', () => {
    for (const t of [0, 2, 3, 5, 15, 17, 18]) throwsCode(() => sm4Ccm(rand(16), { tagLength: t }), 'SDR_INARGERR');
    for (const n of [6, 14]) throwsCode(() => sm4Ccm(rand(16), { nonceLength: n }), 'SDR_INARGERR');
    throwsCode(() => sm4Ccm(rand(15)), 'SDR_KEYERR');
  });

  test('seal draws nonceLength random bytes; open reverses it', () => {
    for (const n of [7, 12, 13]) {
      const ccm = sm4Ccm(rand(16), { nonceLength: n, tagLength: 8 });
      const pt = rand(40);
      const aad = rand(3);
      const sealed = ccm.seal(pt, aad);
      assert.equal(sealed.length, n + 40 + 8);
      assert.deepEqual([ccm.name, ccm.nonceLen, ccm.tagLen], ['sm4-ccm', n, 8]);
      assert.deepEqual(ccm.open(sealed, aad), pt);
      throwsCode(() => ccm.open(sealed, rand(4)), 'SDR_MACERR');
    }
  });
});
