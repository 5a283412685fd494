/**
 * The any-length FFT against a direct O(n²) DFT (in long double-free naive form), on power-of-two,
 * mixed 2/3/5, small-prime (7, 11, 13) and Bluestein (large prime) lengths; the real half-spectrum
 * helper likewise; and spot bins plus Parseval's identity at the standard's 10^6.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countHalfSpectrumBelow, fft, realDftPowerHalf } from '../../src/algorithms/random/randomness/fft.js';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const or = new Float64Array(n);
  const oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const t = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += re[j]! * Math.cos(t) - im[j]! * Math.sin(t);
      si += re[j]! * Math.sin(t) + im[j]! * Math.cos(t);
    }
    or[k] = sr;
    oi[k] = si;
  }
  return [or, oi];
}

function close(a: Float64Array, b: Float64Array, tol: number, what: string): void {
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 20, 25, 30, 31, 32, 45, 49, 60, 64, 97,
  100, 120, 125, 128, 143, 150, 200, 211, 243, 250, 256, 500, 1000, 1001, 1024];

test('fft equals the direct DFT for 41 lengths covering every code path', () => {
  let ran = 0;
  for (const n of LENGTHS) {
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + n) + (i % 3));
    const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3) - (i % 2));
    const [er, ei] = naiveDft(re, im);
    fft(re, im);
    const tol = 1e-9 * n;
    close(re, er, tol, `n=${n} re`);
    close(im, ei, tol, `n=${n} im`);
    ran++;
  }
  assert.equal(ran, LENGTHS.length);
});

test('realDftPowerHalf equals |DFT|² of a real sequence for random ±1 data, even and odd lengths', () => {
  fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 300, size: 'max' }), (bits) => {
    const x = Float64Array.from(bits, (b) => (b ? 1 : -1));
    const [er, ei] = naiveDft(x, new Float64Array(x.length));
    const got = realDftPowerHalf(x);
    assert.equal(got.length, Math.floor(x.length / 2));
    for (let k = 0; k < got.length; k++) {
      const want = er[k]! * er[k]! + ei[k]! * ei[k]!;
      assert.ok(Math.abs(got[k]! - want) <= 1e-8 * x.length * x.length, `n=${x.length} k=${k}`);
    }
  }), { numRuns: 200 });
});

test('countHalfSpectrumBelow counts the bins of the ±1 sequence below the threshold (odd and even n)', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 400, size: 'max' }), (b) => {
    const bits = Uint8Array.from(b);
    const power = realDftPowerHalf(Float64Array.from(b, (x) => 2 * x - 1));
    const t2 = 2.995732274 * bits.length;
    assert.equal(countHalfSpectrumBelow(bits, t2), power.filter((p) => p < t2).length);
  }), { numRuns: 200 });
});

test('at n = 10^6: spot bins equal direct sums and Parseval holds', () => {
  const n = 1_000_000;
  let s = 12345;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = s & 0x10000 ? 1 : -1;
  }
  const p = realDftPowerHalf(x);
  for (const k of [0, 1, 7, 123457, 499999]) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const t = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += x[j]! * Math.cos(t);
      si += x[j]! * Math.sin(t);
    }
    assert.ok(Math.abs(p[k]! - (sr * sr + si * si)) <= 1e-6 * n, `bin ${k}`);
  }
  // Σ_k |X_k|² = n Σ x_j² = n²; the half spectrum holds (almost) half of it by symmetry.
  let half = 0;
  for (let k = 1; k < p.length; k++) half += p[k]!;
  const total = p[0]! + 2 * half;
  assert.ok(Math.abs(total - n * n) / (n * n) < 1e-9 + (4 * n) / (n * n), `Parseval ${total}`);
});
