/**
 * GF(2) rank and Berlekamp–Massey against textbook cases and straightforward reference
 * implementations written here (bit-by-bit elimination, bit-by-bit BM).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { linearComplexity, rankGf2 } from '../../src/algorithms/random/randomness/gf2.js';

function naiveRank(m: number[][]): number {
  const a = m.map((r) => r.slice());
  let rank = 0;
  for (let c = 0; c < 32; c++) {
    const p = a.findIndex((r, i) => i >= rank && r[c] === 1);
    if (p < 0) continue;
    [a[rank], a[p]] = [a[p]!, a[rank]!];
    for (let i = 0; i < a.length; i++) if (i !== rank && a[i]![c] === 1) a[i] = a[i]!.map((v, j) => v ^ a[rank]![j]!);
    rank++;
  }
  return rank;
}

function naiveBm(s: number[]): number {
  const n = s.length;
  let c = new Array<number>(n + 1).fill(0);
  let b = new Array<number>(n + 1).fill(0);
  c[0] = b[0] = 1;
  let l = 0;
  let m = -1;
  for (let i = 0; i < n; i++) {
    let d = s[i]!;
    for (let j = 1; j <= l; j++) d ^= c[j]! & s[i - j]!;
    if (d === 0) continue;
    const t = c.slice();
    for (let j = 0; j + i - m <= n; j++) c[j + i - m] ^= b[j]!;
    if (2 * l <= i) {
      l = i + 1 - l;
      m = i;
      b = t;
    }
  }
  return l;
}

test('rank of identity, zero, rank-deficient and random 32×32 matrices', () => {
  const id = Uint32Array.from({ length: 32 }, (_, i) => (1 << i) >>> 0);
  assert.equal(rankGf2(id), 32);
  assert.equal(rankGf2(new Uint32Array(32)), 0);
  const dup = Uint32Array.from({ length: 32 }, (_, i) => (i < 31 ? (1 << i) >>> 0 : 3));
  assert.equal(rankGf2(dup), 31);
  let runs = 0;
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 31 }), (rows, dep) => {
    const r = rows.slice();
    r[dep] = (r[(dep + 1) % 32]! ^ r[(dep + 2) % 32]!) >>> 0; // force some dependence
    const m = r.map((w) => Array.from({ length: 32 }, (_, c) => (w >>> (31 - c)) & 1));
    assert.equal(rankGf2(Uint32Array.from(r)), naiveRank(m));
    runs++;
  }), { numRuns: 300 });
  assert.equal(runs, 300);
});

test('linear complexity of textbook sequences', () => {
  const bits = (s: string) => Uint8Array.from(s, (c) => Number(c));
  assert.equal(linearComplexity(bits('1101011110001'), 0, 13), 4, 'NIST SP 800-22 §2.10.4 example');
  assert.equal(linearComplexity(new Uint8Array(500), 0, 500), 0, 'all zeros');
  const last = new Uint8Array(500);
  last[499] = 1;
  assert.equal(linearComplexity(last, 0, 500), 500, '0…01 needs the full length');
  // An m-sequence of x^10 + x^3 + 1 has complexity 10.
  const s = new Uint8Array(1000);
  s[0] = 1;
  for (let i = 10; i < 1000; i++) s[i] = s[i - 10]! ^ s[i - 7]!;
  assert.equal(linearComplexity(s, 0, 1000), 10);
  assert.equal(linearComplexity(s, 3, 500), 10, 'offset window');
});

test('linear complexity equals a bit-by-bit Berlekamp–Massey on random blocks up to 1100 bits', () => {
  let runs = 0;
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 1100, size: 'max' }), fc.integer({ min: 0, max: 5 }), (s, off) => {
    const buf = new Uint8Array(off + s.length);
    buf.set(s, off);
    assert.equal(linearComplexity(buf, off, s.length), naiveBm(s));
    runs++;
  }), { numRuns: 200 });
  assert.equal(runs, 200);
});

test('linear complexity equals the bit-by-bit Berlekamp–Massey on LFSR outputs with random taps (low complexity)', () => {
  let runs = 0;
  fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 200, max: 1100 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (deg, len, seed) => {
    let r = seed | 1;
    const rnd = () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0) >>> 16) & 1;
    const taps = Array.from({ length: deg }, rnd);
    taps[deg - 1] = 1;
    const s = Array.from({ length: deg }, rnd);
    for (let i = deg; i < len; i++) {
      let v = 0;
      for (let j = 1; j <= deg; j++) v ^= taps[j - 1]! & s[i - j]!;
      s.push(v);
    }
    const l = linearComplexity(Uint8Array.from(s), 0, len);
    assert.equal(l, naiveBm(s));
    assert.ok(l <= deg);
    runs++;
  }), { numRuns: 200 });
  assert.equal(runs, 200);
});
