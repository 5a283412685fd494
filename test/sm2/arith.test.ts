/**
 * The limb arithmetic of field.ts and scalar.ts against BigInt, including the limb-size extremes
 * the point formulas rely on, and the generated kernels against their generator.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as F from '../../src/algorithms/sm2/field.js';
import * as S from '../../src/algorithms/sm2/scalar.js';
import { invert, mod } from '../../src/algorithms/sm2/generic.js';
import { repoRoot } from '../helpers/vectors.js';
import { b32, C, num } from './helpers.js';

const P = C.p, N = C.n;
const R = 1n << 264n;
const RINV = invert(R % P, P);

/** Value of raw limbs (any signs). */
function limbValue(a: Float64Array): bigint {
  let v = 0n;
  for (let i = a.length - 1; i >= 0; i--) v = (v << 24n) + BigInt(a[i]!);
  return v;
}
/** Field value of a Montgomery element. */
const fval = (a: Float64Array): bigint => mod(limbValue(a) * RINV, P);
const rnd = (m: bigint): bigint => num(randomBytes(32)) % m;

/** An element of the given weight whose limbs are as large as the weight allows. */
function extreme(weight: number, sign: number): Float64Array {
  const o = F.fe();
  for (let i = 0; i < 10; i++) o[i] = sign * weight * 8388608; // ±w·2^23
  o[10] = sign * weight * 65536;
  return o;
}

const fieldEdges = [0n, 1n, 2n, P - 1n, P - 2n, P >> 1n, (1n << 255n), (1n << 224n), (1n << 96n) - 1n, P - (1n << 64n)];

describe('field.ts: GF(p) arithmetic in 11×24-bit Montgomery limbs', () => {
  test('mul, sqr, add, sub, inv, sqrt agree with BigInt on random and edge values', () => {
    let count = 0;
    const xs = [...fieldEdges, ...Array.from({ length: 300 }, () => rnd(P))];
    for (const x of xs) {
      const y = rnd(P);
      const a = F.feFromBigInt(x), b = F.feFromBigInt(y), o = F.fe();
      F.mul(o, a, b);
      assert.equal(fval(o), x * y % P);
      F.sqr(o, a);
      assert.equal(fval(o), x * x % P);
      F.sub(o, a, b);
      F.carry(o, o);
      assert.equal(fval(o), mod(x - y, P));
      F.lin(o, a, 9, b, -8);
      assert.equal(fval(o), mod(9n * x - 8n * y, P));
      F.inv(o, a);
      assert.equal(fval(o), x === 0n ? 0n : invert(x, P));
      const sq = F.fe();
      F.sqr(sq, a);
      assert.equal(F.sqrt(o, sq), 1);
      assert.ok(fval(o) === x || fval(o) === mod(-x, P));
      count++;
    }
    assert.equal(count, xs.length);
  });

  test('toBytes gives the canonical value for every representative of 0, p − 1 and friends', () => {
    for (const x of fieldEdges) {
      const a = F.feFromBigInt(x);
      // Add multiples of p in raw (Montgomery) form: the same field element.
      for (const k of [-2n, -1n, 0n, 1n, 2n]) {
        const v = limbValue(a) + k * P;
        const t = F.fe();
        let w = v < 0n ? -v : v;
        for (let i = 0; i < 11; i++) { t[i] = Number(w & 0xffffffn) * (v < 0n ? -1 : 1); w >>= 24n; }
        const out = new Uint8Array(32);
        F.toBytes(out, 0, t);
        assert.equal(num(out), x, `x=${x} k=${k}`);
        assert.equal(F.isZero(t), x === 0n ? 1 : 0);
      }
    }
  });

  test('products stay exact at the documented limb extremes (weight product 10)', () => {
    let count = 0;
    for (const [wa, wb] of [[1, 10], [2, 5], [5, 2], [3, 3], [10, 1]] as const) {
      for (const [sa, sb] of [[1, 1], [1, -1], [-1, -1]] as const) {
        const a = extreme(wa, sa), b = extreme(wb, sb), o = F.fe();
        F.mul(o, a, b);
        assert.equal(mod(limbValue(o), P), mod(limbValue(a) * limbValue(b) * RINV, P));
        count++;
      }
    }
    assert.equal(count, 15);
  });

  test('outputs of mul are tight: limbs 0..9 within 2^23, limb 10 within 2^17', () => {
    for (let i = 0; i < 200; i++) {
      const o = F.fe();
      F.mul(o, extreme(2, i % 2 ? 1 : -1), F.feFromBigInt(rnd(P)));
      for (let j = 0; j < 10; j++) assert.ok(Math.abs(o[j]!) <= 8388608);
      assert.ok(Math.abs(o[10]!) <= 131072);
    }
  });

  test('bytesBelowP accepts p − 1 and rejects p and 2^256 − 1', () => {
    assert.equal(F.bytesBelowP(b32(P - 1n), 0), true);
    assert.equal(F.bytesBelowP(b32(P), 0), false);
    assert.equal(F.bytesBelowP(b32((1n << 256n) - 1n), 0), false);
  });
});

describe('scalar.ts: arithmetic mod n', () => {
  test('mul, add, sub, inv agree with BigInt and return canonical bytes', () => {
    const xs = [0n, 1n, 2n, N - 1n, N - 2n, N >> 1n, ...Array.from({ length: 200 }, () => rnd(N))];
    for (const x of xs) {
      const y = rnd(N);
      const a = S.sc(), b = S.sc(), o = S.sc(), out = new Uint8Array(32);
      S.fromBytes(a, b32(x));
      S.fromBytes(b, b32(y));
      const check = (want: bigint): void => {
        S.toBytes(out, 0, o);
        assert.equal(num(out), want);
      };
      S.mul(o, a, b); check(x * y % N);
      S.sqr(o, a); check(x * x % N);
      S.add(o, a, b); check((x + y) % N);
      S.sub(o, a, b); check(mod(x - y, N));
      S.inv(o, a); check(x === 0n ? 0n : invert(x, N));
    }
  });

  test('fromBytes reduces inputs in [n, 2^256)', () => {
    for (const x of [N, N + 1n, (1n << 256n) - 1n]) {
      const a = S.sc(), out = new Uint8Array(32);
      S.fromBytes(a, b32(x));
      S.toBytes(out, 0, a);
      assert.equal(num(out), x % N);
    }
  });
});

test('limbs.gen.ts is what tools/gen/sm2-limbs.mjs generates', () => {
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'gen', 'sm2-limbs.mjs'), '--check'], { stdio: 'pipe' });
});
