/**
 * Scalar multiplication of the fast sm2p256v1 backend against two independent references
 * (@noble/curves points and the BigInt code of generic.ts) on random scalars and on scalars
 * chosen to hit the corner cases of the window recodings: 1, 2, n − 1, n − 2, long runs of
 * zero or one bits, and the few scalars near n for which the incomplete additions meet P = ±Q.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { combMul, buildComb, recode, digitCount } from '../../src/algorithms/sm2/comb.js';
import * as F from '../../src/algorithms/sm2/field.js';
import { pointMul } from '../../src/algorithms/sm2/generic.js';
import { mulCt, wnaf } from '../../src/algorithms/sm2/mul.js';
import { jac, jacFromAffine } from '../../src/algorithms/sm2/point.js';
import { sm2p256v1Backend as B } from '../../src/algorithms/sm2/sm2p256v1.js';
import { b32, C, edgeScalars, N, NoblePoint, nobleXY, num, scalarFrom } from './helpers.js';

const G = { x: C.gx, y: C.gy };
const edges = edgeScalars();
const randoms = Array.from({ length: 24 }, () => scalarFrom(randomBytes(32)));
const Q = NoblePoint.BASE.multiply(scalarFrom(randomBytes(32)));
const Qbytes = Uint8Array.from([4, ...nobleXY(Q)]);
const Qpoint = B.decodePoint(Qbytes)!;

describe('fast scalar multiplication equals the references', () => {
  test(`[k]G (constant-time comb) for ${edges.length} edge and ${randoms.length} random scalars`, () => {
    let n = 0;
    for (const k of [...edges, ...randoms]) {
      assert.equal(toHex(B.mulBase(b32(k))), toHex(nobleXY(NoblePoint.BASE.multiply(k))), `k=${k.toString(16)}`);
      n++;
    }
    assert.equal(n, edges.length + randoms.length);
  });

  test('[k]G for many scalars at once (shared inversion) equals one at a time', () => {
    const ks = [...edges.slice(0, 10), ...randoms.slice(0, 10)].map(b32);
    const many = B.mulBaseMany(ks);
    assert.equal(many.length, ks.length);
    ks.forEach((k, i) => assert.deepEqual(many[i], B.mulBase(k)));
  });

  test('[k]P (constant-time fixed window) for edge and random scalars', () => {
    let n = 0;
    for (const k of [...edges, ...randoms]) {
      assert.equal(toHex(B.mulPoint(b32(k), Qpoint)), toHex(nobleXY(Q.multiply(k))), `k=${k.toString(16)}`);
      n++;
    }
    assert.equal(n, edges.length + randoms.length);
  });

  test('[k]G and [k]P together (shared inversion) equal the separate results', () => {
    const pre = B.decodePoint(Qbytes)!;
    B.precompute(pre);
    for (const k of [...edges.slice(0, 12), ...randoms.slice(0, 6)]) {
      for (const P of [Qpoint, pre]) {
        const [a, b] = B.mulBaseAndPoint(b32(k), P);
        assert.equal(toHex(a), toHex(nobleXY(NoblePoint.BASE.multiply(k))));
        assert.equal(toHex(b), toHex(nobleXY(Q.multiply(k))));
      }
    }
  });

  test('[k]P on a prepared point (constant-time comb on its own table) for edge and random scalars', () => {
    const pre = B.decodePoint(Qbytes)!;
    B.precompute(pre);
    for (const k of [...edges, ...randoms]) assert.equal(toHex(B.mulPoint(b32(k), pre)), toHex(nobleXY(Q.multiply(k))));
  });

  test('P + [k]Q (variable time, wNAF) for edge and random scalars, including results at infinity', () => {
    for (const k of [...edges, ...randoms.slice(0, 8)]) {
      const R = B.mulAddVartime(Qpoint, b32(k), Qpoint);
      const want = Q.multiply(k).add(Q);
      if (want.is0()) assert.equal(R, null);
      else assert.equal(toHex(R!.xy), toHex(nobleXY(want)));
    }
    // [n − 1]Q + Q = infinity
    assert.equal(B.mulAddVartime(Qpoint, b32(N - 1n), Qpoint), null);
  });

  test('verification core [s]G + [t]P agrees with the reference, with and without a precomputed table', () => {
    const pre = B.decodePoint(Qbytes)!;
    B.precompute(pre);
    for (const [s, t] of [[1n, 1n], [N - 1n, 2n], [2n, N - 1n], [N - 6n, N - 6n], ...randoms.slice(0, 6).map((r, i) => [r, randoms[i + 6]!] as const)]) {
      const R = NoblePoint.BASE.multiply(s).add(Q.multiply(t));
      const x1 = R.toAffine().x;
      for (const e of [0n, 12345n]) {
        const r = (e + x1) % N;
        assert.equal(B.verifyCore(Qpoint, e, r, s, t), true);
        assert.equal(B.verifyCore(pre, e, r, s, t), true);
        assert.equal(B.verifyCore(Qpoint, e, (r + 1n) % N, s, t), false);
      }
    }
  });

  test('[s]G + [t]P with [s]G = [t]P (the final addition doubles) is computed right', () => {
    const Gp = B.decodePoint(Uint8Array.from([4, ...nobleXY(NoblePoint.BASE)]))!;
    for (const s of [5n, N - 6n, randoms[0]!]) {
      const x1 = NoblePoint.BASE.multiply((2n * s) % N).toAffine().x;
      assert.equal(B.verifyCore(Gp, 7n, (7n + x1) % N, s, s), true);
    }
  });

  test('[s]G + [t]P = infinity (t·P = −s·G) is rejected, not mistaken for x = 0', () => {
    // P = G, s = 1, t = n − 1: s·G + t·G = O.
    const Gp = B.decodePoint(Uint8Array.from([4, ...nobleXY(NoblePoint.BASE)]))!;
    assert.equal(B.verifyCore(Gp, 0n, 1n, 1n, N - 1n), false);
  });
});

describe('exceptional additions are detected and recomputed', () => {
  const qx = F.feFromBigInt(Q.toAffine().x), qy = F.feFromBigInt(Q.toAffine().y);
  const below = Array.from({ length: 70 }, (_, i) => N - 1n - BigInt(i));

  test('[k]P handles the one doubling case of its last window (k = n − 6) on the constant-time path', () => {
    const o = jac();
    assert.equal(mulCt(o, qx, qy, b32(N - 6n)), 1);
    const failures = below.filter((k) => mulCt(jac(), qx, qy, b32(k)) === 0);
    assert.deepEqual(failures, []);
  });

  test('[k]P is right for every k in [n − 70, n − 1]', () => {
    for (const k of below) assert.equal(toHex(B.mulPoint(b32(k), Qpoint)), toHex(nobleXY(Q.multiply(k))));
  });

  test('k = n (out of range) is reported by the fast path and rejected by the generic fall-back', () => {
    assert.equal(mulCt(jac(), qx, qy, b32(N)), 0);
    assert.throws(() => B.mulPoint(b32(N), Qpoint), RangeError);
  });

  test('the 6-bit comb for [k]G never meets P = ±Q near n or at k ≡ d·2^253 (mod n), the only top-window candidates', () => {
    const g = jac();
    jacFromAffine(g, F.feFromBigInt(C.gx), F.feFromBigInt(C.gy));
    const table = buildComb(g, 6);
    const candidates = [...below, ...Array.from({ length: 17 }, (_, d) => (BigInt(d) << 253n) % N).filter((k) => k !== 0n)];
    for (const k of candidates) {
      assert.equal(combMul(jac(), table, b32(k)), 1, `k=${k.toString(16)}`);
      assert.equal(num(B.mulBase(b32(k)).subarray(0, 32)), pointMul(C, k, G)!.x);
    }
  });
});

describe('recodings', () => {
  test('signed windows reconstruct the scalar for widths 4..8', () => {
    for (const w of [4, 5, 6, 7, 8]) {
      for (const k of [...edges, ...randoms]) {
        const d = new Int32Array(digitCount(w));
        recode(b32(k), w, d);
        let v = 0n;
        for (let j = d.length - 1; j >= 0; j--) {
          assert.ok(Math.abs(d[j]!) <= 1 << (w - 1));
          v = (v << BigInt(w)) + BigInt(d[j]!);
        }
        assert.equal(v, k);
      }
    }
  });

  test('width-5 NAF digits are odd or zero, bounded, and reconstruct the scalar', () => {
    for (const k of [...edges, ...randoms, (1n << 256n) - 1n]) {
      const naf = wnaf(b32(k), 5);
      let v = 0n;
      for (let i = naf.length - 1; i >= 0; i--) {
        const d = naf[i]!;
        assert.ok(d === 0 || (Math.abs(d) % 2 === 1 && Math.abs(d) < 16));
        v = 2n * v + BigInt(d);
      }
      assert.equal(v, k);
    }
  });
});
