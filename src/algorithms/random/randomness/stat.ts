/**
 * Shared shapes and helpers of the GM/T 0005-2021 tests: a sample as an array of 0/1 values,
 * the P-value/Q-value pair each test produces, and the two ways the standard turns a statistic
 * into them.
 *
 * GM/T 0005-2021 gives every test a P-value (decision: pass iff P ≥ α) and a Q-value (used only
 * for the uniformity check over many samples, §6.3). For statistics that are asymptotically
 * standard normal, P = erfc(|V|/√2) is two-sided and Q = erfc(V/√2)/2 keeps the sign, so that
 * Q is uniform on [0, 1] under the null hypothesis; for χ²-type statistics Q = P.
 *
 * @module
 */
import { erfc, igamc } from './math.js';

/** The outcome of one test on one sample. */
export interface TestValue {
  readonly p: number;
  readonly q: number;
  /** The test statistic V of the standard's last step (before the P-value). */
  readonly v: number;
  /** Observed class counts, for the χ² tests that have them. */
  readonly counts?: readonly number[];
}

/** P/Q of a statistic that is standard normal under the null hypothesis. */
export function normalValue(v: number): TestValue {
  return { p: erfc(Math.abs(v) / Math.SQRT2), q: erfc(v / Math.SQRT2) / 2, v };
}

/** P = Q = igamc(a, v/2) of a χ² statistic with 2a degrees of freedom. */
export function chiSquareValue(a: number, v: number, counts?: readonly number[]): TestValue {
  const p = igamc(a, v / 2);
  return counts ? { p, q: p, v, counts } : { p, q: p, v };
}

/** Σ (observed - expected)² / expected. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let v = 0;
  for (let i = 0; i < observed.length; i++) {
    const d = observed[i]! - expected[i]!;
    v += (d * d) / expected[i]!;
  }
  return v;
}

/**
 * The first `n` bits of `bytes`, most significant bit of each byte first (the byte order of a
 * random-number file and of the standard's examples), as an array of 0/1.
 */
export function unpackBits(bytes: Uint8Array, n = bytes.length * 8): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > bytes.length * 8) {
    throw new RangeError(`unpackBits: nBits must be an integer in [0, ${bytes.length * 8}]`);
  }
  const out = new Uint8Array(n);
  const full = n >>> 3;
  for (let i = 0; i < full; i++) {
    const b = bytes[i]!;
    const o = i << 3;
    out[o] = b >>> 7;
    out[o + 1] = (b >>> 6) & 1;
    out[o + 2] = (b >>> 5) & 1;
    out[o + 3] = (b >>> 4) & 1;
    out[o + 4] = (b >>> 3) & 1;
    out[o + 5] = (b >>> 2) & 1;
    out[o + 6] = (b >>> 1) & 1;
    out[o + 7] = b & 1;
  }
  for (let i = full << 3; i < n; i++) out[i] = (bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
  return out;
}

/** Throws RangeError unless the test has at least `min` bits. */
export function needBits(what: string, n: number, min: number): void {
  if (n < min) throw new RangeError(`${what}: needs at least ${min} bits, got ${n}`);
}
