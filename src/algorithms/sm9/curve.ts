/**
 * Short Weierstrass curves y² = x³ + b (a = 0) in Jacobian coordinates over any field given as
 * a `Field` record: G1 = E(Fq) and the twist E'(Fq2) that carries G2 share this code.
 *
 * (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is the point at infinity. Formulas: doubling
 * "dbl-2009-l" and addition "add-2007-bl" (Explicit-Formulas Database, a = 0), with the
 * exceptional cases (P = ±Q, infinity) handled by branches.
 *
 * Scalar multiplication `mul` walks a fixed sequence of operations for every scalar (regular
 * signed 4-bit windows over an odd representative of k, 65 digits): no branch on the scalar's
 * bits, but the digit selects a table entry by index, and BigInt arithmetic is itself
 * variable-time, so this is not a constant-time guarantee (see index.ts). `mulVartime` is a
 * plain double-and-add for public scalars only.
 *
 * @module
 */
import { N } from './params.js';

/** The field operations the curve needs. */
export interface Field<F> {
  readonly ZERO: F;
  readonly ONE: F;
  add(a: F, b: F): F;
  sub(a: F, b: F): F;
  neg(a: F): F;
  mul(a: F, b: F): F;
  sqr(a: F): F;
  inv(a: F): F;
  eq(a: F, b: F): boolean;
  isZero(a: F): boolean;
}

/** A point in Jacobian coordinates. */
export interface Jacobian<F> {
  readonly x: F;
  readonly y: F;
  readonly z: F;
}

/** An affine point (never infinity). */
export interface Affine<F> {
  readonly x: F;
  readonly y: F;
}

/** Number of 4-bit signed digits for an odd scalar below 2N < 2^257 (see `recode`). */
export const DIGITS = 65;

/**
 * Regular signed-window recoding (width 4) of an odd k > 0: k = Σ d_i·16^i with every d_i odd in
 * [−15, 15] (never zero) and the top digit positive. Each step takes d = (k mod 32) − 16, which
 * keeps (k − d)/16 odd, so every digit exists and the number of digits is fixed.
 */
export function recode(k: bigint): Int8Array {
  const d = new Int8Array(DIGITS);
  for (let i = 0; i < DIGITS - 1; i++) {
    const di = Number(k & 31n) - 16;
    d[i] = di;
    k = (k - BigInt(di)) >> 4n;
  }
  d[DIGITS - 1] = Number(k);
  return d;
}

/** k or k + N, whichever is odd (N is odd): the same power/multiple in a group of order N. */
export function oddRepresentative(k: bigint): bigint {
  return k + N * (1n - (k & 1n));
}

export interface Curve<F> {
  readonly F: Field<F>;
  readonly b: F;
  readonly infinity: Jacobian<F>;
  fromAffine(p: Affine<F>): Jacobian<F>;
  /** Affine form, or null for infinity (one field inversion). */
  toAffine(p: Jacobian<F>): Affine<F> | null;
  isInfinity(p: Jacobian<F>): boolean;
  /** y² = x³ + b. */
  isOnCurve(p: Affine<F>): boolean;
  neg(p: Jacobian<F>): Jacobian<F>;
  double(p: Jacobian<F>): Jacobian<F>;
  add(p: Jacobian<F>, q: Jacobian<F>): Jacobian<F>;
  /** Projective equality. */
  equals(p: Jacobian<F>, q: Jacobian<F>): boolean;
  /** [k]P for 0 <= k < N and P of order dividing N, with a fixed operation sequence. */
  mul(p: Jacobian<F>, k: bigint): Jacobian<F>;
  /** [k]P for any k >= 0; public scalars only. */
  mulVartime(p: Jacobian<F>, k: bigint): Jacobian<F>;
}

export function makeCurve<F>(F: Field<F>, b: F): Curve<F> {
  const infinity: Jacobian<F> = Object.freeze({ x: F.ONE, y: F.ONE, z: F.ZERO });
  const isInfinity = (p: Jacobian<F>): boolean => F.isZero(p.z);
  const neg = (p: Jacobian<F>): Jacobian<F> => ({ x: p.x, y: F.neg(p.y), z: p.z });

  function double(p: Jacobian<F>): Jacobian<F> {
    if (isInfinity(p)) return p;
    const A = F.sqr(p.x);
    const B = F.sqr(p.y);
    const C = F.sqr(B);
    const xb = F.add(p.x, B);
    let D = F.sub(F.sub(F.sqr(xb), A), C);
    D = F.add(D, D);
    const E = F.add(F.add(A, A), A);
    const FF = F.sqr(E);
    const x3 = F.sub(FF, F.add(D, D));
    let c8 = F.add(C, C);
    c8 = F.add(c8, c8);
    c8 = F.add(c8, c8);
    const y3 = F.sub(F.mul(E, F.sub(D, x3)), c8);
    const yz = F.mul(p.y, p.z);
    return { x: x3, y: y3, z: F.add(yz, yz) };
  }

  function add(p: Jacobian<F>, q: Jacobian<F>): Jacobian<F> {
    if (isInfinity(p)) return q;
    if (isInfinity(q)) return p;
    const z1z1 = F.sqr(p.z);
    const z2z2 = F.sqr(q.z);
    const u1 = F.mul(p.x, z2z2);
    const u2 = F.mul(q.x, z1z1);
    const s1 = F.mul(F.mul(p.y, q.z), z2z2);
    const s2 = F.mul(F.mul(q.y, p.z), z1z1);
    const h = F.sub(u2, u1);
    let r = F.sub(s2, s1);
    if (F.isZero(h)) return F.isZero(r) ? double(p) : infinity;
    const h2 = F.add(h, h);
    const i = F.sqr(h2);
    const j = F.mul(h, i);
    r = F.add(r, r);
    const v = F.mul(u1, i);
    const x3 = F.sub(F.sub(F.sqr(r), j), F.add(v, v));
    const s1j = F.mul(s1, j);
    const y3 = F.sub(F.mul(r, F.sub(v, x3)), F.add(s1j, s1j));
    const zz = F.add(p.z, q.z);
    const z3 = F.mul(F.sub(F.sub(F.sqr(zz), z1z1), z2z2), h);
    return { x: x3, y: y3, z: z3 };
  }

  function toAffine(p: Jacobian<F>): Affine<F> | null {
    if (isInfinity(p)) return null;
    const zi = F.inv(p.z);
    const zi2 = F.sqr(zi);
    return { x: F.mul(p.x, zi2), y: F.mul(p.y, F.mul(zi2, zi)) };
  }

  function equals(p: Jacobian<F>, q: Jacobian<F>): boolean {
    const pi = isInfinity(p), qi = isInfinity(q);
    if (pi || qi) return pi && qi;
    const z1z1 = F.sqr(p.z), z2z2 = F.sqr(q.z);
    return F.eq(F.mul(p.x, z2z2), F.mul(q.x, z1z1)) &&
      F.eq(F.mul(F.mul(p.y, q.z), z2z2), F.mul(F.mul(q.y, p.z), z1z1));
  }

  function mul(p: Jacobian<F>, k: bigint): Jacobian<F> {
    if (k < 0n || k >= N) throw new RangeError('sm9 curve mul: scalar out of range');
    // An odd representative: k, or k + N (N is odd) — same point on the order-N group.
    const digits = recode(oddRepresentative(k));
    // table[i] = (2i + 1)·P
    const table: Jacobian<F>[] = [p];
    const p2 = double(p);
    for (let i = 1; i < 8; i++) table.push(add(table[i - 1]!, p2));
    let acc = table[(digits[DIGITS - 1]! - 1) >> 1]!;
    for (let i = DIGITS - 2; i >= 0; i--) {
      acc = double(double(double(double(acc))));
      const d = digits[i]!;
      const m = d >> 31; // 0 or −1
      const abs = (d ^ m) - m;
      // Portable path: the digit indexes the table and selects the sign by index.
      const e = table[(abs - 1) >> 1]!;
      const sel = [e, neg(e)][m & 1]!;
      acc = add(acc, sel);
    }
    digits.fill(0);
    return acc;
  }

  function mulVartime(p: Jacobian<F>, k: bigint): Jacobian<F> {
    let acc = infinity;
    for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
      acc = double(acc);
      if ((k >> i) & 1n) acc = add(acc, p);
    }
    return acc;
  }

  return Object.freeze({
    F, b, infinity, isInfinity, neg, double, add, toAffine, equals, mul, mulVartime,
    fromAffine: (a: Affine<F>): Jacobian<F> => ({ x: a.x, y: a.y, z: F.ONE }),
    isOnCurve: (a: Affine<F>): boolean => F.eq(F.sqr(a.y), F.add(F.mul(F.sqr(a.x), a.x), b)),
  });
}
