/**
 * SM4-XTS: OpenSSL and GmSSL vectors for both tweak orders (test/vectors/sm4-xts/), a literal
 * reference over node:crypto's SM4 for every length with ciphertext stealing, and the key,
 * tweak and length rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sm4Xts, type Sm4XtsStandard } from '../../src/algorithms/sm4/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { readJson } from '../helpers/vectors.js';
import { refXtsEncrypt } from './reference.js';
import { hex, rand, throwsCode } from './util.js';

interface XtsVector {
  id: string;
  standard: Sm4XtsStandard;
  key: string;
  tweak: string;
  plaintext: string;
  ciphertext: string;
}

describe('SM4-XTS vectors (OpenSSL evpciph_sm4.txt, GmSSL sm4_xtstest.c)', () => {
  const file = readJson<{ vectors: XtsVector[] }>('sm4-xts', 'sm4-xts.json');

  test('all 4 vectors encrypt and decrypt exactly (3 GB, 1 IEEE)', () => {
    const count: Record<string, number> = { GB: 0, IEEE: 0 };
    for (const v of file.vectors) {
      const opts = { standard: v.standard };
      const key = hex(v.key);
      const tweak = hex(v.tweak);
      assert.equal(toHex(sm4Xts.encrypt(key, tweak, hex(v.plaintext), opts)), v.ciphertext, v.id);
      assert.equal(toHex(sm4Xts.decrypt(key, tweak, hex(v.ciphertext), opts)), v.plaintext, v.id);
      count[v.standard]!++;
    }
    assert.deepEqual(count, { GB: 3, IEEE: 1 });
  });

  test("'GB' is the default", () => {
    const v = file.vectors.find((x) => x.id === 'openssl-gb-1')!;
    assert.equal(toHex(sm4Xts.encrypt(hex(v.key), hex(v.tweak), hex(v.plaintext))), v.ciphertext);
  });
});

describe('SM4-XTS against the reference, every length 16..100', () => {
  for (const standard of ['GB', 'IEEE'] as const) {
    test(`${standard}: encryption equals the reference and decryption inverts it, with ciphertext stealing`, () => {
      let n = 0;
      for (let len = 16; len <= 100; len++) {
        const key = rand(32);
        const tweak = rand(16);
        const pt = rand(len);
        const ct = sm4Xts.encrypt(key, tweak, pt, { standard });
        assert.deepEqual(ct, refXtsEncrypt(key, tweak, pt, standard), `len ${len}`);
        assert.deepEqual(sm4Xts.decrypt(key, tweak, ct, { standard }), pt, `len ${len}`);
        n++;
      }
      assert.equal(n, 85);
    });
  }

  test('the two standards agree on the first block and differ from the second', () => {
    const key = rand(32);
    const tweak = rand(16);
    const pt = rand(64);
    const gb = sm4Xts.encrypt(key, tweak, pt, { standard: 'GB' });
    const ieee = sm4Xts.encrypt(key, tweak, pt, { standard: 'IEEE' });
    assert.deepEqual(gb.subarray(0, 16), ieee.subarray(0, 16));
    assert.notDeepEqual(gb.subarray(16, 32), ieee.subarray(16, 32));
  });
});

describe('SM4-XTS rules', () => {
  test('keys that are not 32 bytes, or whose halves are equal, are SDR_KEYERR', () => {
    for (const n of [16, 31, 33, 64]) throwsCode(() => sm4Xts.encrypt(rand(n), rand(16), rand(16)), 'SDR_KEYERR');
    const half = rand(16);
    const same = new Uint8Array(32);
    same.set(half);
    same.set(half, 16);
    throwsCode(() => sm4Xts.encrypt(same, rand(16), rand(32)), 'SDR_KEYERR');
    throwsCode(() => sm4Xts.decrypt(same, rand(16), rand(32), { standard: 'IEEE' }), 'SDR_KEYERR');
  });

  test('tweaks that are not 16 bytes and data shorter than 16 bytes are SDR_INARGERR', () => {
    for (const n of [0, 15, 17]) throwsCode(() => sm4Xts.encrypt(rand(32), rand(n), rand(16)), 'SDR_INARGERR');
    for (const n of [0, 1, 15]) throwsCode(() => sm4Xts.decrypt(rand(32), rand(16), rand(n)), 'SDR_INARGERR');
  });

  test('IEEE refuses a data unit over 2^20 blocks; GB takes it', () => {
    const big = new Uint8Array(16 * 2 ** 20 + 16);
    throwsCode(() => sm4Xts.encrypt(rand(32), rand(16), big, { standard: 'IEEE' }), 'SDR_INARGERR');
    assert.equal(sm4Xts.encrypt(rand(32), rand(16), big.subarray(0, 16 * 2 ** 20), { standard: 'IEEE' }).length, 16 * 2 ** 20);
    assert.equal(sm4Xts.encrypt(rand(32), rand(16), big).length, big.length);
  });

  test('an unknown standard is a TypeError', () => {
    assert.throws(() => sm4Xts.encrypt(rand(32), rand(16), rand(16), { standard: 'gb' as Sm4XtsStandard }), TypeError);
  });
});
