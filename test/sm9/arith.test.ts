/**
 * Field, tower and curve arithmetic of the SM9 module against independent references written
 * here: Fq2 by schoolbook with u² = −2, Fq12 in the nested tower of GM/T 0044.1
 * (Fq4 = Fq2[v]/(v² − u), Fq12 = Fq4[w]/(w³ − v)) — which also pins down the flat layout and the
 * GT byte order — Frobenius maps against plain exponentiation by q^p, and scalar multiplication
 * against double-and-add.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bigIntToBytes, concatBytes } from '../../src/algorithms/internal/bytes.js';
import {
  fq2Conj, fq2Inv, fq2Mul, fq2MulU, fq2PowVartime, fq2Sqr, fq2SqrtVartime, invN, modQ, type Fq2,
} from '../../src/algorithms/sm9/fields.js';
import {
  FQ12_ONE, fq12Conj, fq12Frobenius, fq12Inv, fq12Mul, fq12Sqr, fq12ToBytes, type Fq12,
} from '../../src/algorithms/sm9/fq12.js';
import { DIGITS, oddRepresentative, recode } from '../../src/algorithms/sm9/curve.js';
import {
  G1, G2, P1, P2, decodeG1, decodeG2, encodeG1, encodeG2, twistFrobenius, twistFrobenius2,
} from '../../src/algorithms/sm9/groups.js';
import { N, Q } from '../../src/algorithms/sm9/params.js';
import { scalarFrom, stream, twistPointOutsideG2 } from './helpers.js';

const rnd = stream('sm9-arith');
const fq = (): bigint => {
  let v = 0n;
  for (const x of rnd(40)) v = (v << 8n) | BigInt(x);
  return v % Q;
};
const fq2 = (): Fq2 => [fq(), fq()];
const fq12 = (): Fq12 => Array.from({ length: 12 }, fq);

// --- Reference tower (nested, schoolbook) -------------------------------------------------
type R2 = readonly [bigint, bigint];
type R4 = readonly [R2, R2];
type R12 = readonly [R4, R4, R4];
const r2Add = (a: R2, b: R2): R2 => [modQ(a[0] + b[0]), modQ(a[1] + b[1])];
const r2Mul = (a: R2, b: R2): R2 => [modQ(a[0] * b[0] - 2n * a[1] * b[1]), modQ(a[0] * b[1] + a[1] * b[0])];
const r2MulU = (a: R2): R2 => [modQ(-2n * a[1]), a[0]];
const r4Add = (a: R4, b: R4): R4 => [r2Add(a[0], b[0]), r2Add(a[1], b[1])];
// (a0 + a1·v)(b0 + b1·v) with v² = u
const r4Mul = (a: R4, b: R4): R4 => [r2Add(r2Mul(a[0], b[0]), r2MulU(r2Mul(a[1], b[1]))), r2Add(r2Mul(a[0], b[1]), r2Mul(a[1], b[0]))];
const r4MulV = (a: R4): R4 => [r2MulU(a[1]), a[0]];
// (A0 + A1·w + A2·w²)(B0 + B1·w + B2·w²) with w³ = v
function r12Mul(a: R12, b: R12): R12 {
  const m = r4Mul;
  return [
    r4Add(m(a[0], b[0]), r4MulV(r4Add(m(a[1], b[2]), m(a[2], b[1])))),
    r4Add(r4Add(m(a[0], b[1]), m(a[1], b[0])), r4MulV(m(a[2], b[2]))),
    r4Add(r4Add(m(a[0], b[2]), m(a[1], b[1])), m(a[2], b[0])),
  ];
}
/** Flat coefficient of w^k ↔ tower: A_i = c_i + c_(i+3)·v. */
const toTower = (f: Fq12): R12 => {
  const c = (k: number): R2 => [f[2 * k]!, f[2 * k + 1]!];
  return [[c(0), c(3)], [c(1), c(4)], [c(2), c(5)]];
};
/** The GM/T 0044.1 byte form built from the tower: A2 ‖ A1 ‖ A0, Fq4 as b1 ‖ b0, Fq2 as c1 ‖ c0. */
const towerBytes = (t: R12): Uint8Array => {
  const fq2b = (x: R2): Uint8Array => concatBytes(bigIntToBytes(x[1], 32), bigIntToBytes(x[0], 32));
  const fq4b = (x: R4): Uint8Array => concatBytes(fq2b(x[1]), fq2b(x[0]));
  return concatBytes(fq4b(t[2]), fq4b(t[1]), fq4b(t[0]));
};

function fq12PowRef(f: Fq12, e: bigint): Fq12 {
  let r = FQ12_ONE;
  for (let i = BigInt(e.toString(2).length - 1); i >= 0n; i--) {
    r = fq12Mul(r, r);
    if ((e >> i) & 1n) r = fq12Mul(r, f);
  }
  return r;
}

describe('Fq2 = Fq[u]/(u² + 2)', () => {
  test('mul, sqr and mulU agree with schoolbook products (u² = −2), 50 random pairs', () => {
    for (let i = 0; i < 50; i++) {
      const a = fq2(), b = fq2();
      assert.deepEqual(fq2Mul(a, b), r2Mul(a, b));
      assert.deepEqual(fq2Sqr(a), r2Mul(a, a));
      assert.deepEqual(fq2MulU(a), r2Mul(a, [0n, 1n]));
    }
  });

  test('inverse: a·a⁻¹ = 1; conjugation is the Frobenius a^q; square roots square back', () => {
    for (let i = 0; i < 10; i++) {
      const a = fq2();
      assert.deepEqual(fq2Mul(a, fq2Inv(a)), [1n, 0n]);
      assert.deepEqual(fq2Conj(a), fq2PowVartime(a, Q));
      const sq = fq2Sqr(a);
      const r = fq2SqrtVartime(sq);
      assert.ok(r !== null);
      assert.deepEqual(fq2Sqr(r), sq);
    }
    // u itself is not a square in Fq2 (else x⁶ − u would not be irreducible over Fq2).
    assert.equal(fq2SqrtVartime([0n, 1n]), null);
  });
});

describe('Fq12 (flat Fq2[w]/(w⁶ − u)) against the GM/T 0044.1 tower Fq4[w]/(w³ − v)', () => {
  test('products equal the nested tower products, 20 random pairs', () => {
    for (let i = 0; i < 20; i++) {
      const a = fq12(), b = fq12();
      assert.deepEqual(toTower(fq12Mul(a, b)), r12Mul(toTower(a), toTower(b)));
    }
  });

  test('squaring equals multiplication by itself; a·a⁻¹ = 1', () => {
    for (let i = 0; i < 10; i++) {
      const a = fq12();
      assert.deepEqual(fq12Sqr(a), fq12Mul(a, a));
      assert.deepEqual(fq12Mul(a, fq12Inv(a)), FQ12_ONE);
    }
  });

  test('the byte form is A2‖A1‖A0 of the tower, each Fq4 b1‖b0, each Fq2 (u-coefficient)‖(constant)', () => {
    for (let i = 0; i < 5; i++) {
      const a = fq12();
      assert.deepEqual(fq12ToBytes(a), towerBytes(toTower(a)));
    }
  });

  test('Frobenius maps equal exponentiation by q, q², q³; conj equals ^(q⁶)', () => {
    const a = fq12();
    assert.deepEqual(fq12Frobenius(a, 1), fq12PowRef(a, Q));
    assert.deepEqual(fq12Frobenius(a, 2), fq12PowRef(a, Q ** 2n));
    assert.deepEqual(fq12Frobenius(a, 3), fq12PowRef(a, Q ** 3n));
    assert.deepEqual(fq12Frobenius(fq12Frobenius(a, 3), 3), fq12Conj(a));
  });
});

describe('G1 = E(Fq) and G2 ⊂ E\'(Fq2)', () => {
  test('the regular signed recoding is exact: odd digits in [−15, 15], Σ d_i·16^i = k or k + N', () => {
    for (const k of [0n, 1n, 2n, 15n, 16n, N - 1n, N - 2n, scalarFrom(rnd), scalarFrom(rnd)]) {
      const d = recode(oddRepresentative(k));
      assert.equal(d.length, DIGITS);
      let v = 0n;
      for (let i = DIGITS - 1; i >= 0; i--) {
        assert.ok(d[i]! % 2 !== 0 && Math.abs(d[i]!) <= 15, `digit ${d[i]}`);
        v = v * 16n + BigInt(d[i]!);
      }
      assert.equal(v % N, k);
    }
  });

  test('[k]P by signed windows equals double-and-add on G1 and G2, edge and random scalars', () => {
    const ks = [0n, 1n, 2n, 3n, 16n, 17n, N - 1n, N - 2n, (N - 1n) / 2n, scalarFrom(rnd), scalarFrom(rnd)];
    for (const k of ks) {
      assert.ok(G1.equals(G1.mul(P1, k), G1.mulVartime(P1, k)), `G1 k=${k}`);
      assert.ok(G2.equals(G2.mul(P2, k), G2.mulVartime(P2, k)), `G2 k=${k}`);
    }
    assert.ok(G1.isInfinity(G1.mul(P1, 0n)));
    assert.ok(G1.equals(G1.mul(P1, N - 1n), G1.neg(P1)));
  });

  test('P1 and P2 have order N; addition is commutative and [a]P + [b]P = [a + b]P', () => {
    assert.ok(G1.isInfinity(G1.mulVartime(P1, N)));
    assert.ok(G2.isInfinity(G2.mulVartime(P2, N)));
    const a = scalarFrom(rnd), b = scalarFrom(rnd);
    const A = G2.mul(P2, a), B = G2.mul(P2, b);
    assert.ok(G2.equals(G2.add(A, B), G2.add(B, A)));
    assert.ok(G2.equals(G2.add(A, B), G2.mul(P2, (a + b) % N)));
    assert.ok(G2.equals(G2.add(A, A), G2.double(A)));
  });

  test('the twist Frobenius acts on G2 as multiplication by q (and q²) mod N', () => {
    const Qp = G2.mul(P2, scalarFrom(rnd));
    const qa = G2.toAffine(Qp)!;
    const f1 = G2.fromAffine(twistFrobenius(qa));
    const f2 = G2.fromAffine(twistFrobenius2(qa));
    assert.ok(G2.isOnCurve(G2.toAffine(f1)!) && G2.isOnCurve(G2.toAffine(f2)!));
    assert.ok(G2.equals(f1, G2.mulVartime(Qp, Q % N)));
    assert.ok(G2.equals(f2, G2.mulVartime(Qp, (Q * Q) % N)));
  });

  test('encodings round-trip; decodeG1 refuses wrong prefix, length, coordinates >= q, off-curve points', () => {
    const p = G1.mul(P1, scalarFrom(rnd));
    const e = encodeG1(p);
    assert.ok(G1.equals(decodeG1(e)!, p));
    assert.ok(G1.equals(decodeG1(e.subarray(1), true)!, p));
    assert.equal(decodeG1(e.subarray(1)), null, 'bare x‖y only where allowed');
    for (const prefix of [0, 2, 3, 6, 7]) {
      const c = e.slice();
      c[0] = prefix;
      assert.equal(decodeG1(c), null, `prefix ${prefix}`);
    }
    assert.equal(decodeG1(e.subarray(0, 64)), null);
    // A coordinate >= q is refused even when its residue would satisfy the equation: P1's y + q.
    const big = encodeG1(P1);
    big.set(bigIntToBytes(G1.toAffine(P1)!.y + Q, 32), 33);
    assert.equal(decodeG1(big), null);
    const off = e.slice();
    off[64] ^= 1;
    assert.equal(decodeG1(off), null);
  });

  test('decodeG2 accepts G2 points and refuses points of E\' outside G2, off-curve points, bad prefixes', () => {
    const p = G2.mul(P2, scalarFrom(rnd));
    const e = encodeG2(p);
    assert.ok(G2.equals(decodeG2(e)!, p));
    for (let i = 0; i < 3; i++) {
      const bad = encodeG2(twistPointOutsideG2(`outside-${i}`));
      assert.equal(decodeG2(bad), null);
    }
    const off = e.slice();
    off[128] ^= 1;
    assert.equal(decodeG2(off), null);
    const pre = e.slice();
    pre[0] = 2;
    assert.equal(decodeG2(pre), null);
    assert.equal(decodeG2(e.subarray(0, 128)), null);
  });

  test('scalar inverse mod N', () => {
    const a = scalarFrom(rnd);
    assert.equal((a * invN(a)) % N, 1n);
  });
});
