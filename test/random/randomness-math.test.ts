/**
 * Numerics of the randomness tests against values that do not come from the code under test:
 * tabulated erfc, closed forms of the incomplete gamma function for integer and half-integer
 * a, χ² critical values, and Γ at known points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { erfc, igamc, lnGamma, normalCdf } from '../../src/algorithms/random/randomness/math.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test('erfc matches tabulated values to 1e-14 relative (Abramowitz & Stegun 7.1; DLMF)', () => {
  const table: [number, number][] = [
    [0, 1], [0.1, 0.887537083981715], [0.5, 0.4795001221869534623], [1, 0.1572992070502851307],
    [1.5, 0.03389485352468927293], [2, 0.004677734981047265838], [3, 2.209049699858544137e-5],
    [4, 1.541725790028001885e-8], [5, 1.537459794428034850e-12], [10, 2.088487583762544757e-45],
    [-1, 1.842700792949714869], [-0.5, 1.520499877813046538],
  ];
  for (const [x, y] of table) assert.ok(rel(erfc(x), y) < 1e-14, `erfc(${x}) = ${erfc(x)}, want ${y}`);
  assert.equal(table.length, 12);
  assert.equal(erfc(30), 0);
  assert.equal(erfc(-30), 2);
  assert.ok(Number.isNaN(erfc(NaN)));
});

test('erfc(x) = igamc(1/2, x²) for x ≥ 0 (two independent algorithms agree)', () => {
  fc.assert(fc.property(fc.double({ min: 0, max: 20, noNaN: true }), (x) => {
    const a = erfc(x);
    const b = igamc(0.5, x * x);
    assert.ok(rel(a, b) < 1e-12 || Math.abs(a - b) < 1e-300, `x=${x}: ${a} vs ${b}`);
  }), { numRuns: 500 });
});

test('igamc(n, x) = e^-x Σ_{k<n} x^k/k! for integer n', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 1e-3, max: 150, noNaN: true }), (n, x) => {
    let term = 1;
    let sum = 1;
    for (let k = 1; k < n; k++) {
      term *= x / k;
      sum += term;
    }
    const want = Math.exp(-x) * sum;
    assert.ok(rel(igamc(n, x), want) < 1e-10, `igamc(${n}, ${x}) = ${igamc(n, x)}, want ${want}`);
  }), { numRuns: 500 });
});

test('igamc(a + 1, x) = igamc(a, x) + x^a e^-x / Γ(a+1) for half-integers', () => {
  for (let a = 0.5; a < 40; a += 1) {
    for (const x of [0.1, 1, a, 2 * a + 3, 50]) {
      const want = igamc(a, x) + Math.exp(a * Math.log(x) - x - lnGamma(a + 1));
      assert.ok(rel(igamc(a + 1, x), want) < 1e-10, `a=${a} x=${x}`);
    }
  }
});

test('χ² upper-tail probabilities at tabulated 1% critical values', () => {
  // df: critical value with P(χ² > c) = 0.01
  const crit: [number, number][] = [[1, 6.634896601], [2, 9.210340372], [6, 16.81189383], [9, 21.66599433], [15, 30.57791417], [255, 310.4573882]];
  for (const [df, c] of crit) assert.ok(Math.abs(igamc(df / 2, c / 2) - 0.01) < 1e-8, `df=${df}`);
  assert.equal(igamc(3, 0), 1);
  assert.equal(igamc(3, Infinity), 0);
  assert.throws(() => igamc(0, 1), RangeError);
});

test('lnGamma at known points; normalCdf is symmetric with Φ(1.959963985) = 0.975', () => {
  assert.ok(Math.abs(lnGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-14);
  let f = 1;
  for (let n = 1; n <= 30; n++) {
    assert.ok(rel(lnGamma(n + 1), Math.log(f *= n)) < 1e-13, `Γ(${n + 1})`);
  }
  assert.ok(Math.abs(normalCdf(1.959963985) - 0.975) < 1e-9);
  fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
    assert.ok(Math.abs(normalCdf(x) + normalCdf(-x) - 1) < 1e-15);
  }));
});
