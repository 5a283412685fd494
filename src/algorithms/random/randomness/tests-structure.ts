/**
 * GM/T 0005-2021 §5.10–§5.15: matrix rank, cumulative sums, approximate entropy, linear
 * complexity, Maurer's universal test and the discrete Fourier transform test. Samples are
 * arrays of 0/1 values (see `unpackBits`).
 *
 * GM/T 0005 differences from NIST SP 800-22 Rev.1a kept here:
 * - matrix rank uses the rounded class probabilities 0.2888 / 0.5776 / 0.1336;
 * - linear complexity uses π = 0.010417, 0.03125, 0.125, 0.5, 0.25, 0.0625, 0.020833
 *   (NIST's 0.01047 was a typo);
 * - the spectral test transforms all n bits (no padding) and uses the corrected variance
 *   n·0.95·0.05/3.8 (NIST: /4), with threshold T = √(ln(1/0.05)·n).
 *
 * @module
 */
import { countHalfSpectrumBelow } from './fft.js';
import { linearComplexity as bmLinearComplexity, rankGf2 } from './gf2.js';
import { normalCdf } from './math.js';
import { chiSquare, chiSquareValue, needBits, normalValue, type TestValue } from './stat.js';

/** §5.10 矩阵秩检测 (rank of disjoint 32×32 matrices), χ² with 2 d.f. over ranks 32, 31, ≤30. */
export function matrixRank(bits: Uint8Array): TestValue {
  const n = bits.length;
  needBits('matrixRank', n, 1024);
  const count = Math.floor(n / 1024);
  const rows = new Uint32Array(32);
  const f = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    for (let r = 0; r < 32; r++) {
      let w = 0;
      for (let j = i * 1024 + r * 32, e = j + 32; j < e; j++) w = (w << 1) | bits[j]!;
      rows[r] = w >>> 0;
    }
    const rank = rankGf2(rows);
    f[rank === 32 ? 0 : rank === 31 ? 1 : 2]!++;
  }
  const expected = [0.2888 * count, 0.5776 * count, 0.1336 * count];
  return chiSquareValue(1, chiSquare(f, expected), f);
}

/**
 * §5.11 累加和检测 (cumulative sums, forward or backward): z = max |S_k| over the partial
 * sums of 2ε - 1, and the P-value of the random-walk excursion (NIST SP 800-22 §2.13).
 */
export function cumulativeSums(bits: Uint8Array, forward: boolean): TestValue {
  const n = bits.length;
  needBits('cumulativeSums', n, 1);
  let s = 0;
  let z = 0;
  for (let i = 0; i < n; i++) {
    s += bits[forward ? i : n - 1 - i] ? 1 : -1;
    if (Math.abs(s) > z) z = Math.abs(s);
  }
  const sq = Math.sqrt(n);
  // Summation bounds truncate toward zero, as in the reference implementation.
  const q = Math.trunc(n / z);
  let p = 1;
  for (let k = Math.trunc((-q + 1) / 4); k <= Math.trunc((q - 1) / 4); k++) {
    p -= normalCdf(((4 * k + 1) * z) / sq) - normalCdf(((4 * k - 1) * z) / sq);
  }
  for (let k = Math.trunc((-q - 3) / 4); k <= Math.trunc((q - 1) / 4); k++) {
    p += normalCdf(((4 * k + 3) * z) / sq) - normalCdf(((4 * k + 1) * z) / sq);
  }
  p = Math.min(1, Math.max(0, p));
  return { p, q: p, v: z };
}

/** φ_k = Σ C_i ln C_i over the overlapping (cyclic) k-bit patterns, C_i = count/n. */
function phi(bits: Uint8Array, k: number): number {
  if (k === 0) return 0;
  const n = bits.length;
  const counts = new Float64Array(1 << k);
  const mask = (1 << k) - 1;
  let x = 0;
  for (let j = 0; j < k - 1; j++) x = (x << 1) | bits[j % n]!;
  for (let i = 0; i < n; i++) {
    x = ((x << 1) | bits[(i + k - 1) % n]!) & mask;
    counts[x]!++;
  }
  let sum = 0;
  for (const c of counts) if (c > 0) sum += c * Math.log(c / n);
  return sum / n;
}

/** §5.12 近似熵检测 (approximate entropy, m): V = 2n(ln 2 - ApEn), χ² with 2^m d.f. */
export function approximateEntropy(bits: Uint8Array, m: number): TestValue {
  const n = bits.length;
  needBits(`approximateEntropy m=${m}`, n, m + 1);
  const apen = phi(bits, m) - phi(bits, m + 1);
  return chiSquareValue(2 ** (m - 1), 2 * n * (Math.LN2 - apen));
}

const LC_PI = [0.010417, 0.03125, 0.125, 0.5, 0.25, 0.0625, 0.020833] as const;

/**
 * §5.13 线性复杂度检测 (linear complexity of N = ⌊n/M⌋ blocks of M bits): each block's
 * L_i by Berlekamp–Massey, T_i = (-1)^M (L_i - μ) + 2/9, seven classes, χ² with 6 d.f.
 */
export function linearComplexity(bits: Uint8Array, m: number): TestValue {
  const n = bits.length;
  needBits(`linearComplexity M=${m}`, n, m);
  const blocks = Math.floor(n / m);
  const sign = m % 2 === 0 ? 1 : -1; // (-1)^M
  const mu = m / 2 + (9 - sign) / 36 - (m / 3 + 2 / 9) / 2 ** m; // (9 + (-1)^(M+1))/36
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < blocks; i++) {
    const t = sign * (bmLinearComplexity(bits, i * m, m) - mu) + 2 / 9;
    const c = t <= -2.5 ? 0 : t <= -1.5 ? 1 : t <= -0.5 ? 2 : t <= 0.5 ? 3 : t <= 1.5 ? 4 : t <= 2.5 ? 5 : 6;
    counts[c]!++;
  }
  const expected = LC_PI.map((p) => p * blocks);
  return chiSquareValue(3, chiSquare(counts, expected), counts);
}

/** Maurer's expected value and variance of f_n for L = 7 (SP 800-22 §2.9.4 table). */
const UNIVERSAL_L = 7;
const UNIVERSAL_Q = 1280;
const UNIVERSAL_EXPECTED = 6.1962507;
const UNIVERSAL_VARIANCE = 3.125;

/**
 * §5.14 Maurer 通用统计检测 (universal statistical test, L = 7, Q = 1280): f_n = mean log2 of
 * the distances between repeated 7-bit blocks, V = (f_n - E)/σ with σ = c·√(var/K).
 */
export function universal(bits: Uint8Array): TestValue {
  const n = bits.length;
  const l = UNIVERSAL_L;
  const init = UNIVERSAL_Q;
  const k = Math.floor(n / l) - init;
  if (k < 1) throw new RangeError(`universal: needs more than ${(init + 1) * l} bits, got ${n}`);
  const last = new Float64Array(1 << l);
  let sum = 0;
  for (let i = 1; i <= init + k; i++) {
    let x = 0;
    for (let j = (i - 1) * l, e = j + l; j < e; j++) x = (x << 1) | bits[j]!;
    if (i > init) sum += Math.log2(i - last[x]!);
    last[x] = i;
  }
  const c = 0.7 - 0.8 / l + ((4 + 32 / l) * k ** (-3 / l)) / 15;
  const sigma = c * Math.sqrt(UNIVERSAL_VARIANCE / k);
  return normalValue((sum / k - UNIVERSAL_EXPECTED) / sigma);
}

/**
 * §5.15 离散傅里叶检测 (discrete Fourier transform): N_1 = #{k < n/2 : |X_k| < T} with
 * T = √(2.995732274·n), N_0 = 0.95·n/2, V = (N_1 - N_0)/√(0.95·0.05·n/3.8).
 */
export function discreteFourier(bits: Uint8Array): TestValue {
  const n = bits.length;
  needBits('discreteFourier', n, 2);
  const n1 = countHalfSpectrumBelow(bits, 2.995732274 * n);
  const n0 = (0.95 * n) / 2;
  const r = normalValue((n1 - n0) / Math.sqrt((0.95 * 0.05 * n) / 3.8));
  return { ...r, counts: [n1] };
}
