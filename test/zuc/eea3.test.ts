/**
 * 128-EEA3 (GM/T 0001.2-2012 / 3GPP EEA3): GM/T and 3GPP test sets, a reference built from the
 * ZUC-128 keystream for random bit lengths, round trips, parameter checks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Zuc128, eea3 } from '../../src/algorithms/zuc/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVectorsByAlg } from '../helpers/vectors.js';
import { hex, rand, throwsCode, zuc128File } from './util.js';

/** EEA3 from its definition (3GPP EEA3 & EIA3 Document 1 §3): IV from the parameters, XOR, cut, mask. */
function eea3Reference(key: Uint8Array, count: number, bearer: number, dir: number, msg: Uint8Array, bits: number): Uint8Array {
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setUint32(0, count);
  iv[4] = (bearer << 3) | (dir << 2);
  iv.set(iv.subarray(0, 8), 8);
  const n = Math.ceil(bits / 8);
  const out = new Zuc128(key, iv).xorKeystream(msg.subarray(0, n));
  if (bits % 8) out[n - 1] = out[n - 1]! & (0xff << (8 - (bits % 8)));
  return out;
}

describe('128-EEA3 known answers', () => {
  test('GM/T 0001.2 test sets in test-vectors.json (zuc_eea3_1, zuc_eea3_2) encrypt and decrypt', () => {
    const vs = gmVectorsByAlg('128-EEA3');
    for (const v of vs) {
      const key = hex(v['key'] as string);
      const count = Number(v['count']);
      const args = [count, v['bearer'] as number, v['direction'] as 0 | 1] as const;
      const bits = v['length_bits'] as number;
      assert.equal(toHex(eea3(key, ...args, hex(v['plaintext'] as string), bits)), v['ciphertext'], v.id);
      assert.equal(toHex(eea3(key, ...args, hex(v['ciphertext'] as string), bits)), v['plaintext'], v.id);
    }
    assert.equal(vs.length, 2);
  });

  test('3GPP 128-EEA3 test sets 1-5 (193 to 4019 bits) encrypt and decrypt', () => {
    const vs = zuc128File().eea3;
    for (const v of vs) {
      const key = hex(v.key);
      const count = Number(v.count);
      assert.equal(toHex(eea3(key, count, v.bearer, v.direction, hex(v.plaintext), v.length_bits)), v.ciphertext, v.id);
      assert.equal(toHex(eea3(key, count, v.bearer, v.direction, hex(v.ciphertext), v.length_bits)), v.plaintext, v.id);
    }
    assert.equal(vs.length, 5);
  });
});

describe('128-EEA3 properties', () => {
  test('equals the keystream-XOR definition for random keys, parameters and bit lengths (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: 31 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        (key, count, bearer, dir, msg, r) => {
          const bits = msg.length === 0 ? 0 : r % (msg.length * 8 + 1);
          assert.deepEqual(eea3(key, count, bearer, dir, msg, bits), eea3Reference(key, count, bearer, dir, msg, bits));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('encrypt then decrypt returns the message with the bits after LENGTH cleared (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.nat(), (msg, r) => {
        const key = rand(16);
        const bits = 1 + (r % (msg.length * 8));
        const c = eea3(key, 0x12345678, 7, 1, msg, bits);
        assert.equal(c.length, Math.ceil(bits / 8));
        const p = eea3(key, 0x12345678, 7, 1, c, bits);
        const want = msg.slice(0, c.length);
        if (bits % 8) want[want.length - 1] = want[want.length - 1]! & (0xff << (8 - (bits % 8)));
        assert.deepEqual(p, want);
      }),
      { numRuns: 200 },
    );
  });

  test('lengthBits defaults to the whole message', () => {
    const key = rand(16);
    const msg = rand(333);
    assert.deepEqual(eea3(key, 1, 2, 0, msg), eea3(key, 1, 2, 0, msg, msg.length * 8));
  });

  test('bytes after ceil(LENGTH/8) are ignored and not returned', () => {
    const key = rand(16);
    const msg = rand(40);
    const a = eea3(key, 9, 3, 0, msg, 100);
    const b = eea3(key, 9, 3, 0, Uint8Array.from([...msg.subarray(0, 13), ...rand(27)]), 100);
    assert.equal(a.length, 13);
    assert.deepEqual(a, b);
  });

  test('DIRECTION, BEARER and COUNT each change the keystream', () => {
    const key = rand(16);
    const msg = new Uint8Array(32);
    const base = eea3(key, 5, 5, 0, msg);
    assert.notDeepEqual(eea3(key, 5, 5, 1, msg), base);
    assert.notDeepEqual(eea3(key, 5, 6, 0, msg), base);
    assert.notDeepEqual(eea3(key, 6, 5, 0, msg), base);
  });
});

describe('128-EEA3 parameter checks', () => {
  const key = rand(16);
  const msg = rand(8);
  test('key not 16 bytes is SDR_KEYERR', () => {
    throwsCode(() => eea3(rand(17), 0, 0, 0, msg), 'SDR_KEYERR');
  });
  test('COUNT outside uint32, BEARER outside 0..31, DIRECTION not 0/1 are SDR_INARGERR', () => {
    for (const c of [-1, 2 ** 32, 1.5]) throwsCode(() => eea3(key, c, 0, 0, msg), 'SDR_INARGERR');
    for (const b of [-1, 32, 0.5]) throwsCode(() => eea3(key, 0, b, 0, msg), 'SDR_INARGERR');
    throwsCode(() => eea3(key, 0, 0, 2 as 0, msg), 'SDR_INARGERR');
  });
  test('lengthBits beyond the message, negative or fractional is SDR_INARGERR', () => {
    for (const bits of [65, -1, 3.5]) throwsCode(() => eea3(key, 0, 0, 0, msg, bits), 'SDR_INARGERR');
  });
  test('a zero LENGTH gives an empty output', () => {
    assert.equal(eea3(key, 0, 0, 0, msg, 0).length, 0);
  });
});
