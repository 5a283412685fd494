/**
 * GM/T 0005-2021 §5.1–§5.9: the counting tests. Each takes the sample as an array of 0/1
 * values (ε_1 … ε_n, see `unpackBits`) and returns its P-value and Q-value.
 *
 * Where a test is shared with NIST SP 800-22 Rev.1a the statistic is the same (frequency §2.1,
 * block frequency §2.2, runs §2.3, longest run §2.4, serial §2.11); poker, runs distribution,
 * binary derivative and autocorrelation are GM-only. The GM/T 0005 differences kept here:
 * block sizes and class tables of Annex A, N = ⌊n/m⌋ blocks for the longest-run test (NIST fixes
 * N), the longest run of zeros as well as of ones (2021 edition), and the signed Q-values.
 *
 * @module
 */
import { chiSquare, chiSquareValue, needBits, normalValue, type TestValue } from './stat.js';

/** §5.1 单比特频数检测 (monobit frequency): V = S_n/√n, S_n = Σ(2ε_i - 1). */
export function frequency(bits: Uint8Array): TestValue {
  const n = bits.length;
  needBits('frequency', n, 1);
  let ones = 0;
  for (let i = 0; i < n; i++) ones += bits[i]!;
  return normalValue((2 * ones - n) / Math.sqrt(n));
}

/** §5.2 块内频数检测 (frequency within a block of m bits): V = 4m Σ(π_i - 1/2)², χ²(N). */
export function blockFrequency(bits: Uint8Array, m: number): TestValue {
  const n = bits.length;
  const blocks = Math.floor(n / m);
  needBits(`blockFrequency m=${m}`, n, m);
  let v = 0;
  for (let i = 0; i < blocks; i++) {
    let ones = 0;
    for (let j = i * m, e = j + m; j < e; j++) ones += bits[j]!;
    const d = ones / m - 0.5;
    v += d * d;
  }
  return chiSquareValue(blocks / 2, 4 * m * v);
}

/** §5.3 扑克检测 (poker, non-overlapping m-bit patterns): V = 2^m/N Σ n_i² - N, χ²(2^m - 1). */
export function poker(bits: Uint8Array, m: number): TestValue {
  const n = bits.length;
  const blocks = Math.floor(n / m);
  needBits(`poker m=${m}`, n, m);
  const counts = new Array<number>(1 << m).fill(0);
  for (let i = 0; i < blocks; i++) {
    let x = 0;
    for (let j = i * m, e = j + m; j < e; j++) x = (x << 1) | bits[j]!;
    counts[x]!++;
  }
  let sum = 0;
  for (const c of counts) sum += c * c;
  const v = ((1 << m) / blocks) * sum - blocks;
  return chiSquareValue(((1 << m) - 1) / 2, v, counts);
}

/** Counts of the n overlapping (cyclically extended) k-bit patterns, k ≥ 1. */
function overlappingCounts(bits: Uint8Array, k: number): Float64Array {
  const n = bits.length;
  const counts = new Float64Array(1 << k);
  const mask = (1 << k) - 1;
  let x = 0;
  for (let j = 0; j < k - 1; j++) x = (x << 1) | bits[j % n]!;
  for (let i = 0; i < n; i++) {
    x = ((x << 1) | bits[(i + k - 1) % n]!) & mask;
    counts[x]!++;
  }
  return counts;
}

/** ψ²_k = 2^k/n Σ v_i² - n over overlapping k-bit patterns; ψ²_0 = ψ²_-1 = 0. */
function psiSquared(bits: Uint8Array, k: number): number {
  if (k <= 0) return 0;
  const n = bits.length;
  let sum = 0;
  for (const c of overlappingCounts(bits, k)) sum += c * c;
  return ((1 << k) / n) * sum - n;
}

/**
 * §5.4 重叠子序列检测 (serial / overlapping subsequences of m bits): two P-values, from
 * ∇ψ²_m (χ² with 2^(m-1) d.f.) and ∇²ψ²_m (χ² with 2^(m-2) d.f.).
 */
export function serial(bits: Uint8Array, m: number): [TestValue, TestValue] {
  needBits(`serial m=${m}`, bits.length, m);
  if (m < 2) throw new RangeError('serial: m must be at least 2');
  const p0 = psiSquared(bits, m);
  const p1 = psiSquared(bits, m - 1);
  const p2 = psiSquared(bits, m - 2);
  return [chiSquareValue(2 ** (m - 2), p0 - p1), chiSquareValue(2 ** (m - 3), p0 - 2 * p1 + p2)];
}

/** §5.5 游程总数检测 (total number of runs): V = (V_n - 2nπ(1-π)) / (2√n·π(1-π)). */
export function runs(bits: Uint8Array): TestValue {
  const n = bits.length;
  needBits('runs', n, 2);
  let ones = bits[0]!;
  let vn = 1;
  for (let i = 1; i < n; i++) {
    ones += bits[i]!;
    if (bits[i] !== bits[i - 1]) vn++;
  }
  const pi = ones / n;
  const w = pi * (1 - pi);
  // A constant sequence has w = 0: V = ±∞ and P = Q = 0, which is the right verdict.
  return normalValue((vn - 2 * n * w) / (2 * Math.sqrt(n) * w));
}

/**
 * §5.6 游程分布检测 (runs distribution): runs of ones (b_i) and zeros (g_i) of length
 * 1 … k-1 and ≥ k, k the largest i with (n - i + 3)/2^(i+2) ≥ 5; expected T/2^(i+1) (T/2^k for
 * the last class), T the total number of runs; χ² with 2k - 2 d.f.
 */
export function runsDistribution(bits: Uint8Array): TestValue {
  const n = bits.length;
  needBits('runsDistribution', n, 32);
  let k = 0;
  while ((n - (k + 1) + 3) / 2 ** (k + 1 + 2) >= 5) k++;
  if (k < 2) throw new RangeError('runsDistribution: sample too short');
  const ones = new Float64Array(k);
  const zeros = new Float64Array(k);
  let len = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && bits[i] === bits[i - 1]) {
      len++;
      continue;
    }
    (bits[i - 1] ? ones : zeros)[Math.min(len, k) - 1]!++;
    len = 1;
  }
  let total = 0;
  for (let i = 0; i < k; i++) total += ones[i]! + zeros[i]!;
  const expected = new Float64Array(k);
  for (let i = 1; i <= k; i++) expected[i - 1] = i < k ? total / 2 ** (i + 1) : total / 2 ** k;
  const v = chiSquare(ones, expected) + chiSquare(zeros, expected);
  return chiSquareValue(k - 1, v, [...ones, ...zeros]);
}

interface LongestRunTable {
  readonly lo: number; // runs ≤ lo share the first class
  readonly pi: readonly number[]; // class probabilities; the last class is ≥ lo + K
}

/** Class tables of §5.7 / NIST SP 800-22 §3.4 for m = 8, 128 and 10 000. */
const LONGEST_RUN: Readonly<Record<number, LongestRunTable>> = {
  8: { lo: 1, pi: [0.2148, 0.3672, 0.2305, 0.1875] },
  128: { lo: 4, pi: [0.1174, 0.243, 0.2494, 0.1752, 0.1027, 0.1124] },
  10000: { lo: 10, pi: [0.086632, 0.208201, 0.248419, 0.193913, 0.121458, 0.068011, 0.073366] },
};

/** Block sizes the longest-run test has class tables for. */
export const LONGEST_RUN_BLOCK_SIZES: readonly number[] = [8, 128, 10000];

/**
 * §5.7 块内最大游程检测 (longest run of `bit` in blocks of m bits, m ∈ {8, 128, 10000}):
 * N = ⌊n/m⌋ blocks, χ² with K = (classes - 1) d.f.
 */
export function longestRun(bits: Uint8Array, m: number, bit: 0 | 1): TestValue {
  const table = LONGEST_RUN[m];
  if (!table) throw new RangeError(`longestRun: no class table for m=${m}`);
  const n = bits.length;
  needBits(`longestRun m=${m}`, n, m);
  const blocks = Math.floor(n / m);
  const classes = table.pi.length;
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < blocks; i++) {
    let run = 0;
    let best = 0;
    for (let j = i * m, e = j + m; j < e; j++) {
      if (bits[j] === bit) {
        run++;
        if (run > best) best = run;
      } else run = 0;
    }
    const c = Math.min(Math.max(best, table.lo), table.lo + classes - 1) - table.lo;
    counts[c]!++;
  }
  const expected = table.pi.map((p) => p * blocks);
  return chiSquareValue((classes - 1) / 2, chiSquare(counts, expected), counts);
}

/**
 * §5.8 二元推导检测 (binary derivative): k passes of ε'_i = ε_i ⊕ ε_{i+1}, then
 * V = S/√(n - k) over the n - k remaining bits.
 */
export function binaryDerivative(bits: Uint8Array, k: number): TestValue {
  const n = bits.length;
  needBits(`binaryDerivative k=${k}`, n, k + 1);
  const d = Uint8Array.from(bits);
  for (let pass = 0; pass < k; pass++) {
    for (let i = 0, e = n - pass - 1; i < e; i++) d[i] = d[i]! ^ d[i + 1]!;
  }
  let ones = 0;
  const len = n - k;
  for (let i = 0; i < len; i++) ones += d[i]!;
  return normalValue((2 * ones - len) / Math.sqrt(len));
}

/**
 * §5.9 自相关检测 (autocorrelation at shift d): A(d) = Σ_{i<n-d} ε_i ⊕ ε_{i+d},
 * V = 2(A(d) - (n-d)/2)/√(n-d).
 */
export function autocorrelation(bits: Uint8Array, d: number): TestValue {
  const n = bits.length;
  needBits(`autocorrelation d=${d}`, n, d + 1);
  let a = 0;
  for (let i = 0, e = n - d; i < e; i++) a += bits[i]! ^ bits[i + d]!;
  return normalValue((2 * (a - (n - d) / 2)) / Math.sqrt(n - d));
}
