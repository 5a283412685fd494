/**
 * Arithmetic modulo the order n of the SM2 base point (GM/T 0003.5-2012 §5.1), for the scalar
 * steps of signing and key exchange that involve secrets: s = (1 + d)⁻¹·(k − r·d) and
 * t = d + x̄·r. Same 11×24-bit Montgomery representation as field.ts (R = 2^264, kernels in
 * limbs.gen.ts); every operation here returns the canonical representative in [0, n), uses
 * arithmetic selection instead of branches, and inverts with Fermat's little theorem along a
 * fixed chain, so the running time does not depend on the values.
 *
 * @module
 */
import { mulN, sqrN } from './limbs.gen.js';

export type Sc = Float64Array;

const L = 11;
const RADIX = 16777216;
const INV_RADIX = 5.9604644775390625e-8;

export const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

function limbs(x: bigint): Sc {
  const o = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    o[i] = Number(x & 0xffffffn);
    x >>= 24n;
  }
  return o;
}

const N_LIMBS = limbs(N);
const R2N = limbs((1n << 528n) % N);
const ONE_RAW = limbs(1n);
const ONE_N = (() => {
  const o = limbs(1n);
  mulN(o, o, R2N);
  return o;
})();

export function sc(): Sc {
  return new Float64Array(L);
}

const tmp = sc();

/** Exact serial carry with floor: limbs 0..9 in [0, 2^24), limb 10 takes the rest (and the sign). */
function carryExact(o: Sc, a: Sc): void {
  let c = 0;
  for (let i = 0; i < L - 1; i++) {
    const t = a[i]! + c;
    c = Math.floor(t * INV_RADIX);
    o[i] = t - c * RADIX;
  }
  o[L - 1] = a[L - 1]! + c;
}

/** o = a + s·n for s ∈ {−1, +1}, exactly carried (a exactly carried). */
function addMulN(o: Sc, a: Sc, s: number): void {
  let c = 0;
  for (let i = 0; i < L - 1; i++) {
    const t = a[i]! + s * N_LIMBS[i]! + c;
    c = Math.floor(t * INV_RADIX);
    o[i] = t - c * RADIX;
  }
  o[L - 1] = a[L - 1]! + s * N_LIMBS[L - 1]! + c;
}

/** o = a − n if a >= n else a, for exactly carried a in [0, 2n). */
function condSubN(o: Sc, a: Sc): void {
  addMulN(tmp, a, -1);
  const keep = (tmp[L - 1]! | 0) >>> 31; // a − n < 0: keep a
  for (let i = 0; i < L; i++) o[i] = tmp[i]! + keep * (a[i]! - tmp[i]!);
}

/** o = a + n if a < 0 else a, for exactly carried a in (−n, n). */
function condAddN(o: Sc, a: Sc): void {
  addMulN(tmp, a, 1);
  const neg = (a[L - 1]! | 0) >>> 31;
  for (let i = 0; i < L; i++) o[i] = a[i]! + neg * (tmp[i]! - a[i]!);
}

/**
 * Canonical form of a Montgomery output: for canonical inputs mulN returns a value within n/2
 * of a·b/R < n/2^8, i.e. in (−n/2, n/2 + n/2^8); one conditional addition of n lands in [0, n).
 */
function canon(o: Sc, a: Sc): void {
  carryExact(o, a);
  condAddN(o, o);
}

/** o = a·b mod n (Montgomery), canonical. */
export function mul(o: Sc, a: Sc, b: Sc): void {
  mulN(o, a, b);
  canon(o, o);
}

/** o = a² mod n (Montgomery), canonical. */
export function sqr(o: Sc, a: Sc): void {
  sqrN(o, a);
  canon(o, o);
}

/** o = a + b mod n, canonical. */
export function add(o: Sc, a: Sc, b: Sc): void {
  for (let i = 0; i < L; i++) o[i] = a[i]! + b[i]!;
  carryExact(o, o);
  condSubN(o, o);
}

/** o = a − b mod n, canonical. */
export function sub(o: Sc, a: Sc, b: Sc): void {
  for (let i = 0; i < L; i++) o[i] = a[i]! - b[i]!;
  carryExact(o, o);
  condAddN(o, o);
}

/** Montgomery form of the 32-byte big-endian integer at b[off..) (any value below 2^256). */
export function fromBytes(o: Sc, b: Uint8Array, off = 0): void {
  for (let i = 0; i < L; i++) {
    const pos = off + 31 - 3 * i;
    const hi = i < L - 1 ? b[pos - 2]! << 16 : 0;
    o[i] = hi | (b[pos - 1]! << 8) | b[pos]!;
  }
  mulN(o, o, R2N); // a·R2/R < 2^256·n/2^264
  canon(o, o);
}

/** Writes the canonical value of the Montgomery element a as 32 big-endian bytes. */
export function toBytes(out: Uint8Array, off: number, a: Sc): void {
  const t = tmpOut;
  mulN(t, a, ONE_RAW);
  canon(t, t);
  for (let i = 0; i < L; i++) {
    const v = t[i]!;
    const pos = off + 31 - 3 * i;
    out[pos] = v & 0xff;
    out[pos - 1] = (v >>> 8) & 0xff;
    if (i < L - 1) out[pos - 2] = (v >>> 16) & 0xff;
  }
  t.fill(0);
}
const tmpOut = sc();

/** o = a^(2^k) with unreduced Montgomery squarings (values stay within n/2 + n/2^8 of 0). */
function sqrK(o: Sc, a: Sc, k: number): void {
  sqrN(o, a);
  for (let i = 1; i < k; i++) sqrN(o, o);
}

// n − 2 = [31 ones][0][96 ones] ‖ low 128 bits below, taken in 4-bit windows (public exponent).
const LOW_NIBBLES = (() => {
  const low = (N - 2n) & ((1n << 128n) - 1n);
  const out: number[] = [];
  for (let i = 31; i >= 0; i--) out.push(Number((low >> BigInt(4 * i)) & 15n));
  return out;
})();

/**
 * o = a^(n−2) = a⁻¹ mod n (0 maps to 0), canonical. Fixed chain of 256 squarings and 55
 * multiplications; intermediate values are left unreduced (balanced Montgomery outputs stay
 * within n/2 + n/2^8 of 0), only the result is reduced.
 */
export function inv(o: Sc, a: Sc): void {
  const x = sc();
  x.set(a);
  // Powers x^0..x^15 for the low windows.
  const pow = new Float64Array(16 * L);
  pow.set(ONE_N, 0);
  pow.set(x, L);
  const t = sc(), u = sc();
  for (let i = 2; i < 16; i++) {
    t.set(pow.subarray((i - 1) * L, i * L));
    mulN(t, t, x);
    pow.set(t, i * L);
  }
  // a_k = x^(2^k − 1)
  const a3 = pow.subarray(7 * L, 8 * L); // x^7 = a3
  sqrK(t, a3, 3); mulN(t, t, a3); // a6
  u.set(t);
  sqrK(t, t, 6); mulN(t, t, u); // a12
  sqrK(t, t, 3); mulN(t, t, a3); // a15
  u.set(t);
  sqrK(t, t, 15); mulN(t, t, u); // a30
  const a31 = sc(), a32 = sc();
  sqrN(a31, t); mulN(a31, a31, x);
  sqrN(a32, a31); mulN(a32, a32, x);
  const r = t;
  r.set(a31);
  sqrK(r, r, 33); mulN(r, r, a32); // 0 + 32 ones
  for (let i = 0; i < 2; i++) { sqrK(r, r, 32); mulN(r, r, a32); } // 64 more ones
  for (const nib of LOW_NIBBLES) {
    sqrK(r, r, 4);
    u.set(pow.subarray(nib * L, nib * L + L));
    mulN(r, r, u);
  }
  canon(o, r);
  x.fill(0); pow.fill(0); t.fill(0); u.fill(0); a31.fill(0); a32.fill(0);
}
