/**
 * The SM3 KDF of GB/T 32918.3/.4 §5.4.3: against its definition computed with node:crypto's
 * SM3, against the GM/T 0003 SM2 encryption examples (the KDF output is C2 ⊕ M there), and its
 * length rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm3Kdf } from '../../src/algorithms/sm3/index.js';
import { concatBytes } from '../../src/algorithms/internal/bytes.js';
import { gmVector } from '../helpers/vectors.js';
import { coord, curveFromConstants, mul, onCurve } from './ec-reference.js';
import { ascii, hex, nodeSm3, rand, u32be } from './util.js';

/** KDF straight from the definition: SM3(Z ‖ ct) for ct = 1, 2, …, concatenated and cut. */
function kdfByDefinition(z: Uint8Array, klen: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let ct = 1; parts.length * 32 < klen; ct++) parts.push(nodeSm3(z, u32be(ct)));
  return concatBytes(...parts).subarray(0, klen);
}

describe('SM3 KDF', () => {
  test('equals SM3(Z ‖ ct) concatenation for Z of 0..130 bytes and klen of 0..100 bytes', () => {
    let n = 0;
    for (const zl of [0, 1, 31, 32, 55, 56, 59, 60, 63, 64, 65, 119, 124, 128, 130]) {
      const z = rand(zl);
      for (const klen of [0, 1, 16, 31, 32, 33, 64, 65, 100]) {
        assert.deepEqual(sm3Kdf(z, klen), kdfByDefinition(z, klen), `zlen ${zl} klen ${klen}`);
        n++;
      }
    }
    assert.equal(n, 15 * 9);
  });

  test('random Z and klen agree with the definition (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 600 }), (z, klen) => {
        assert.deepEqual(sm3Kdf(z, klen), kdfByDefinition(z, klen));
      }),
      { numRuns: 150 },
    );
  });

  test('a longer output starts with the shorter one (prefix property)', () => {
    const z = rand(64);
    assert.deepEqual(sm3Kdf(z, 1000).subarray(0, 77), sm3Kdf(z, 77));
  });

  for (const id of ['sm2_encrypt_recommended_curve', 'sm2_encrypt_test_curve']) {
    test(`${id}: KDF(x2 ‖ y2, |M|) ⊕ M is the published C2, and SM3(x2 ‖ M ‖ y2) the published C3`, () => {
      const v = gmVector(id);
      const curve = curveFromConstants(id === 'sm2_encrypt_test_curve' ? 'sm2_test_curve_fp256' : 'sm2p256v1');
      const k = BigInt('0x' + (v['k'] as string));
      const pub = hex(v['public_key'] as string);
      const PB = { x: BigInt('0x' + (v['public_key'] as string).slice(2, 66)), y: BigInt('0x' + (v['public_key'] as string).slice(66)) };
      assert.equal(pub[0], 4);
      assert.ok(onCurve(curve, PB));
      // The reference EC arithmetic reproduces the published C1 = [k]G before it is trusted.
      const C1 = mul(curve, k, curve.G);
      assert.ok(C1 !== null);
      assert.equal('04' + Buffer.from(concatBytes(coord(C1.x), coord(C1.y))).toString('hex'), v['C1']);
      const S = mul(curve, k, PB)!;
      const x2 = coord(S.x);
      const y2 = coord(S.y);
      const m = ascii(v['message_ascii'] as string);
      const t = sm3Kdf(concatBytes(x2, y2), m.length);
      assert.equal(t.length, 19);
      const c2 = m.map((b, i) => b ^ t[i]!);
      assert.equal(Buffer.from(c2).toString('hex'), v['C2']);
      assert.equal(Buffer.from(nodeSm3(x2, m, y2)).toString('hex'), v['C3']);
    });
  }

  test('klen that is negative, fractional or beyond (2^32 − 1)·32 bytes is a RangeError', () => {
    const z = rand(8);
    for (const bad of [-1, 1.5, Number.NaN, (2 ** 32 - 1) * 32 + 1, Infinity]) {
      assert.throws(() => sm3Kdf(z, bad), RangeError, String(bad));
    }
  });

  test('a non-Uint8Array Z is a TypeError', () => {
    assert.throws(() => sm3Kdf('z' as unknown as Uint8Array, 4), TypeError);
  });
});
