/**
 * Fixed-base scalar multiplication with a precomputed table (a "comb" of signed windows):
 * for a base point B the table holds the affine points i·2^(wj)·B for every window j and every
 * i in 1..2^(w−1). A 256-bit scalar, recoded into signed digits d_j ∈ [−2^(w−1), 2^(w−1)], is
 * then Σ d_j·2^(wj)·B: one mixed addition per window and no doublings.
 *
 * - `combMul` (secret scalars: keygen, signing, encryption) reads every entry of the window and
 *   keeps the one it needs by arithmetic masking, negates by multiplying with ±1, and handles
 *   the zero digit and the empty accumulator with 0/1 flags: no branch and no memory index
 *   depends on the scalar.
 * - `combMulVartime` (public scalars: verification) indexes the table directly.
 * Both use the incomplete mixed addition. For w = 6 and 1 <= k < n no step meets P = ±Q: the
 * partial sums of the lower windows are smaller than the next window's multiples, and in the
 * top window the only candidates k ≡ d·2^253 (mod n) do not recode to top digit d (checked in
 * test/sm2/mul.test.ts). Should it happen anyway (another width, another curve) Z becomes ≡ 0
 * for good; `combMul` reports it and the caller recomputes on the generic path.
 *
 * Cost: the table of G (w = 6: 43 windows × 32 points, 240 KB) is built on first use, ~2.5 ms
 * once the JIT is warm and ~25–30 ms as the first work of a cold process; prepared verifiers
 * build one for their public key on request. A table generated into the source instead would
 * save those milliseconds once per process at the price of ~120 KB of encoded data; we chose
 * the lazy build.
 *
 * @module
 */
import { cneg, fe, inv, isZero, mul, ONE, select, sqr } from './field.js';
import {
  add, dbl, jac, jacCopy, jacFromAffine, madd, maddVartime, setInfinity, type Jac,
} from './point.js';

const L = 11;
const STRIDE = 2 * L; // x then y per entry

export interface CombTable {
  readonly w: number;
  /** Number of windows (digits). */
  readonly windows: number;
  /** Entries per window: 2^(w−1). */
  readonly entries: number;
  /** Affine Montgomery coordinates, entry (j, i) = (i+1)·2^(wj)·B at offset (j·entries + i)·22. */
  readonly data: Float64Array;
}

/** Number of signed w-bit digits needed for scalars below 2^256 (one more when the top can carry). */
export function digitCount(w: number): number {
  const base = Math.ceil(256 / w);
  // The top window holds 256 − w(base − 1) bits; with the incoming carry its value stays
  // <= 2^(w−1) (no carry out) unless it is a full w-bit window.
  return 256 % w === 0 ? base + 1 : base;
}

/** Bits [pos, pos + w) of the 32-byte big-endian scalar k, as a number (0 beyond bit 255). */
function bitsAt(k: Uint8Array, pos: number, w: number): number {
  let v = 0;
  for (let b = 0; b < w; b++) {
    const bit = pos + b;
    if (bit < 256) v |= ((k[31 - (bit >> 3)]! >> (bit & 7)) & 1) << b;
  }
  return v;
}

/**
 * Signed-digit (Booth) recoding: k = Σ d_j·2^(wj) with d_j ∈ [−2^(w−1), 2^(w−1)]. The carry and
 * the digit are computed arithmetically; positions depend only on j (constant time).
 */
export function recode(k: Uint8Array, w: number, out: Int32Array): void {
  const half = 1 << (w - 1);
  let carry = 0;
  for (let j = 0; j < out.length; j++) {
    const v = bitsAt(k, w * j, w) + carry;
    carry = (v + half - 1) >> w;
    out[j] = v - (carry << w);
  }
}

/** 1 if a === b else 0, for 0 <= a, b < 2^31, without branching. */
function ctEq(a: number, b: number): number {
  return (((a ^ b) - 1) >>> 31);
}

/** Builds the comb table of B (a finite point, Jacobian) for window width w. */
export function buildComb(B: Jac, w: number): CombTable {
  const windows = digitCount(w);
  const entries = 1 << (w - 1);
  const count = windows * entries;
  const X = new Float64Array(count * L), Y = new Float64Array(count * L), Z = new Float64Array(count * L);
  const base = jac(), cur = jac();
  jacCopy(base, B);
  for (let j = 0; j < windows; j++) {
    // (i+1)·B_j: 2·B_j by doubling, then repeated additions of B_j, which are never exceptional
    // (i·B_j = ±B_j would need (i ∓ 1)·B_j = O with 2 <= i < n − 1).
    jacCopy(cur, base);
    for (let i = 0; i < entries; i++) {
      const off = (j * entries + i) * L;
      X.set(cur.X, off);
      Y.set(cur.Y, off);
      Z.set(cur.Z, off);
      if (i === 0) dbl(cur, base);
      else if (i + 1 < entries) add(cur, cur, base);
    }
    for (let s = 0; s < w; s++) dbl(base, base);
  }
  // Montgomery's trick: one inversion for all Z.
  const prefix = new Float64Array(count * L);
  const acc = fe(), zi = fe(), t = fe(), z = fe();
  acc.set(ONE);
  for (let e = 0; e < count; e++) {
    prefix.set(acc, e * L);
    z.set(Z.subarray(e * L, e * L + L));
    mul(acc, acc, z);
  }
  inv(zi, acc);
  const data = new Float64Array(count * STRIDE);
  const x = fe(), y = fe();
  for (let e = count - 1; e >= 0; e--) {
    // zi = (Z_0 ⋯ Z_e)⁻¹; 1/Z_e = zi · (Z_0 ⋯ Z_{e−1})
    t.set(prefix.subarray(e * L, e * L + L));
    mul(t, zi, t);
    z.set(Z.subarray(e * L, e * L + L));
    mul(zi, zi, z);
    const zi2 = acc;
    sqr(zi2, t);
    x.set(X.subarray(e * L, e * L + L));
    mul(x, x, zi2);
    mul(zi2, zi2, t);
    y.set(Y.subarray(e * L, e * L + L));
    mul(y, y, zi2);
    data.set(x, e * STRIDE);
    data.set(y, e * STRIDE + L);
  }
  return Object.freeze({ w, windows, entries, data });
}

/**
 * q[qoff..qoff+11) = the 11 values at data[base + (|d|−1)·stride ..] for abs = |d| in 1..entries,
 * or zeros for abs = 0. Every entry is read and weighted by a 0/1 mask, so the memory accesses
 * and the arithmetic do not depend on abs. (Eleven accumulators in locals: measured 3x faster
 * than a loop over a scratch array.)
 */
export function maskedRead11(q: Float64Array, qoff: number, data: Float64Array, base: number,
  stride: number, entries: number, abs: number): void {
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0, q8 = 0, q9 = 0, q10 = 0;
  for (let i = 1, off = base; i <= entries; i++, off += stride) {
    const m = ((abs ^ i) - 1) >>> 31;
    q0 += m * data[off]!; q1 += m * data[off + 1]!; q2 += m * data[off + 2]!;
    q3 += m * data[off + 3]!; q4 += m * data[off + 4]!; q5 += m * data[off + 5]!;
    q6 += m * data[off + 6]!; q7 += m * data[off + 7]!; q8 += m * data[off + 8]!;
    q9 += m * data[off + 9]!; q10 += m * data[off + 10]!;
  }
  q[qoff] = q0; q[qoff + 1] = q1; q[qoff + 2] = q2; q[qoff + 3] = q3; q[qoff + 4] = q4;
  q[qoff + 5] = q5; q[qoff + 6] = q6; q[qoff + 7] = q7; q[qoff + 8] = q8; q[qoff + 9] = q9;
  q[qoff + 10] = q10;
}

const q = new Float64Array(STRIDE);
const qx = q.subarray(0, L), qy = q.subarray(L, STRIDE);
const sum = jac();

/** q = entry |d| of window j, or zeros for d = 0 (constant time). */
function scan(data: Float64Array, j: number, entries: number, abs: number): void {
  const base = j * entries * STRIDE;
  maskedRead11(q, 0, data, base, STRIDE, entries, abs);
  maskedRead11(q, L, data, base + L, STRIDE, entries, abs);
}

/**
 * o = k·B for a secret 32-byte scalar k (constant time). Returns 1 on success, 0 if an
 * exceptional addition occurred (the caller must then recompute on the generic path; o is
 * meaningless). k = 0 gives the point at infinity (Z = 0) and returns 1.
 */
export function combMul(o: Jac, table: CombTable, k: Uint8Array): number {
  const { w, windows, entries, data } = table;
  const digits = new Int32Array(windows);
  recode(k, w, digits);
  let accInf = 1;
  setInfinity(o);
  for (let j = 0; j < windows; j++) {
    const d = digits[j]!;
    const sign = d >>> 31;
    const abs = (d ^ -sign) + sign;
    scan(data, j, entries, abs);
    cneg(qy, sign);
    madd(sum, o, qx, qy);
    // Empty accumulator: the sum is the table point itself.
    select(sum.X, sum.X, qx, accInf);
    select(sum.Y, sum.Y, qy, accInf);
    select(sum.Z, sum.Z, ONE, accInf);
    // Zero digit: keep the accumulator.
    const zero = ctEq(abs, 0);
    select(o.X, sum.X, o.X, zero);
    select(o.Y, sum.Y, o.Y, zero);
    select(o.Z, sum.Z, o.Z, zero);
    accInf &= zero;
  }
  digits.fill(0);
  q.fill(0);
  sum.X.fill(0);
  sum.Y.fill(0);
  sum.Z.fill(0);
  // accInf = 1 only for k = 0 (o stays at infinity: fine); otherwise Z ≡ 0 flags an exceptional step.
  return accInf | (1 ^ isZero(o.Z));
}

/** qx, qy = the entry at data[off..] (negated if asked): public index, variable time. */
function loadEntry(data: Float64Array, off: number, negate: boolean): void {
  const s = negate ? -1 : 1;
  for (let l = 0; l < L; l++) {
    qx[l] = data[off + l]!;
    qy[l] = s * data[off + L + l]!;
  }
}

/** o = k·B for a public scalar k (variable time; handles every case itself). */
export function combMulVartime(o: Jac, table: CombTable, k: Uint8Array): void {
  const { w, windows, entries, data } = table;
  const digits = new Int32Array(windows);
  recode(k, w, digits);
  setInfinity(o);
  let empty = true;
  for (let j = 0; j < windows; j++) {
    const d = digits[j]!;
    if (d === 0) continue;
    loadEntry(data, (j * entries + Math.abs(d) - 1) * STRIDE, d < 0);
    if (empty) {
      jacFromAffine(o, qx, qy);
      empty = false;
    } else {
      madd(o, o, qx, qy);
    }
  }
  // An exceptional step (P = ±Q) leaves Z ≡ 0 for good: detect it once, at the end, and redo
  // the sum with complete additions.
  if (!empty && isZero(o.Z)) combMulVartimeSlow(o, table, digits);
}

/** Same as combMulVartime with a complete addition at every step (rare fallback). */
function combMulVartimeSlow(o: Jac, table: CombTable, digits: Int32Array): void {
  const { entries, data } = table;
  setInfinity(o);
  for (let j = 0; j < digits.length; j++) {
    const d = digits[j]!;
    if (d === 0) continue;
    loadEntry(data, (j * entries + Math.abs(d) - 1) * STRIDE, d < 0);
    maddVartime(o, o, qx, qy);
  }
}
