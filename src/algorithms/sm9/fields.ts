/**
 * Fq and Fq2 = Fq[u]/(u² + 2) (the quadratic extension of GM/T 0044.1-2016, u² = β = −2), and arithmetic mod N.
 *
 * Elements are BigInts in [0, q); an Fq2 element is the pair [c0, c1] = c0 + c1·u. BigInt
 * arithmetic takes time that depends on the values (allocation, limb counts, the division
 * behind `%`): nothing here is constant-time (see the module doc in index.ts).
 *
 * @module
 */
import { N, Q } from './params.js';

/** a mod q in [0, q) (BigInt `%` keeps the sign of a). */
export function modQ(a: bigint): bigint {
  const r = a % Q;
  return r < 0n ? r + Q : r;
}

/** a mod N in [0, N). */
export function modN(a: bigint): bigint {
  const r = a % N;
  return r < 0n ? r + N : r;
}

/** a^e mod m for e >= 0 (square-and-multiply over the bits of e). */
export function powMod(a: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let b = a % m;
  if (b < 0n) b += m;
  for (let i = BigInt(e.toString(2).length - 1); i >= 0n; i--) {
    r = (r * r) % m;
    if ((e >> i) & 1n) r = (r * b) % m;
  }
  return r;
}

/** a⁻¹ mod q by Fermat (0 maps to 0). */
export function invQ(a: bigint): bigint {
  return powMod(a, Q - 2n, Q);
}

/** a⁻¹ mod N by Fermat (0 maps to 0). */
export function invN(a: bigint): bigint {
  return powMod(a, N - 2n, N);
}

/** Square root in Fq (q ≡ 1 mod 4 — Tonelli–Shanks), or null for a non-residue. Public inputs. */
export function sqrtQVartime(a: bigint): bigint | null {
  a = modQ(a);
  if (a === 0n) return 0n;
  if (powMod(a, (Q - 1n) / 2n, Q) !== 1n) return null;
  let s = 0n;
  let d = Q - 1n;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  let z = 2n;
  while (powMod(z, (Q - 1n) / 2n, Q) !== Q - 1n) z++;
  let m = s;
  let c = powMod(z, d, Q);
  let t = powMod(a, d, Q);
  let r = powMod(a, (d + 1n) / 2n, Q);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % Q;
      i++;
    }
    const b = powMod(c, 1n << (m - i - 1n), Q);
    m = i;
    c = (b * b) % Q;
    t = (t * c) % Q;
    r = (r * b) % Q;
  }
  return r;
}

/** An element c0 + c1·u of Fq2. */
export type Fq2 = readonly [bigint, bigint];

export const FQ2_ZERO: Fq2 = Object.freeze([0n, 0n] as const);
export const FQ2_ONE: Fq2 = Object.freeze([1n, 0n] as const);

export function fq2Add(a: Fq2, b: Fq2): Fq2 {
  let c0 = a[0] + b[0];
  let c1 = a[1] + b[1];
  if (c0 >= Q) c0 -= Q;
  if (c1 >= Q) c1 -= Q;
  return [c0, c1];
}

export function fq2Sub(a: Fq2, b: Fq2): Fq2 {
  let c0 = a[0] - b[0];
  let c1 = a[1] - b[1];
  if (c0 < 0n) c0 += Q;
  if (c1 < 0n) c1 += Q;
  return [c0, c1];
}

export function fq2Neg(a: Fq2): Fq2 {
  return [a[0] === 0n ? 0n : Q - a[0], a[1] === 0n ? 0n : Q - a[1]];
}

/** (a0 + a1·u)(b0 + b1·u) = (a0·b0 − 2·a1·b1) + (a0·b1 + a1·b0)·u, Karatsuba for the u term. */
export function fq2Mul(a: Fq2, b: Fq2): Fq2 {
  const t0 = a[0] * b[0];
  const t1 = a[1] * b[1];
  return [modQ(t0 - 2n * t1), modQ((a[0] + a[1]) * (b[0] + b[1]) - t0 - t1)];
}

/** (a0 + a1·u)² = (a0 + a1)(a0 − 2·a1) + a0·a1 + 2·a0·a1·u. */
export function fq2Sqr(a: Fq2): Fq2 {
  const t = a[0] * a[1];
  return [modQ((a[0] + a[1]) * (a[0] - 2n * a[1]) + t), modQ(2n * t)];
}

/** a·s for s in Fq. */
export function fq2MulFq(a: Fq2, s: bigint): Fq2 {
  return [modQ(a[0] * s), modQ(a[1] * s)];
}

/** a·u = −2·a1 + a0·u. */
export function fq2MulU(a: Fq2): Fq2 {
  return [modQ(-2n * a[1]), a[0]];
}

/** The Frobenius a^q = a0 − a1·u (u^q = −u since −2 is a non-residue mod q). */
export function fq2Conj(a: Fq2): Fq2 {
  return [a[0], a[1] === 0n ? 0n : Q - a[1]];
}

/** a⁻¹ = (a0 − a1·u) / (a0² + 2·a1²); 0 maps to 0. */
export function fq2Inv(a: Fq2): Fq2 {
  const d = invQ(modQ(a[0] * a[0] + 2n * a[1] * a[1]));
  return [modQ(a[0] * d), modQ(-a[1] * d)];
}

export function fq2Eq(a: Fq2, b: Fq2): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function fq2IsZero(a: Fq2): boolean {
  return a[0] === 0n && a[1] === 0n;
}

/** a^e for e >= 0; public exponents only (used for constants). */
export function fq2PowVartime(a: Fq2, e: bigint): Fq2 {
  let r: Fq2 = FQ2_ONE;
  for (let i = BigInt(e.toString(2).length - 1); i >= 0n; i--) {
    r = fq2Sqr(r);
    if ((e >> i) & 1n) r = fq2Mul(r, a);
  }
  return r;
}

/**
 * Square root in Fq2 (q ≡ 1 mod 4: the complex method over Fq with u² = −2), or null for a
 * non-square. Public inputs only (decoding of compressed points, tests).
 */
export function fq2SqrtVartime(a: Fq2): Fq2 | null {
  if (fq2IsZero(a)) return FQ2_ZERO;
  if (a[1] === 0n) {
    const r = sqrtQVartime(a[0]);
    if (r !== null) return [r, 0n];
    // a0 = −2·y² for some y: sqrt = y·u.
    const y = sqrtQVartime(modQ(a[0] * invQ(Q - 2n)));
    return y === null ? null : [0n, y];
  }
  // x = c0 + c1·u with c0² − 2·c1² = a0 and 2·c0·c1 = a1; the norm a0² + 2·a1² must be a square.
  const n = sqrtQVartime(modQ(a[0] * a[0] + 2n * a[1] * a[1]));
  if (n === null) return null;
  const half = invQ(2n);
  for (const s of [n, Q - n]) {
    const c0 = sqrtQVartime(modQ((a[0] + s) * half));
    if (c0 === null || c0 === 0n) continue;
    const c1 = modQ(a[1] * invQ(2n * c0));
    const r: Fq2 = [c0, c1];
    if (fq2Eq(fq2Sqr(r), a)) return r;
  }
  return null;
}
