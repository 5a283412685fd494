/**
 * Generic short-Weierstrass arithmetic in BigInt for any `CurveParams`: the arithmetic behind
 * the GM/T 0003 Parts 2–4 test curve, the fall-back for the rare exceptional additions of the
 * fast sm2p256v1 code, and an independent reference for it in the tests.
 *
 * Variable time (BigInt and branches): the fast backend only falls back here for a handful of
 * scalars close to n (see comb.ts), and the test curve is for known-answer tests only.
 *
 * @module
 */
import type { CurveParams } from './curve.js';

/** An affine point; `null` is the point at infinity. */
export type Affine = { readonly x: bigint; readonly y: bigint } | null;

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** a⁻¹ mod m by the extended Euclidean algorithm (variable time); throws for non-invertible a. */
export function invert(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('invert: not invertible');
  return mod(s0, m);
}

export function isOnCurve(c: CurveParams, P: Affine): boolean {
  if (P === null) return false;
  const { p, a, b } = c;
  if (P.x < 0n || P.x >= p || P.y < 0n || P.y >= p) return false;
  return mod(P.y * P.y - (P.x * P.x * P.x + a * P.x + b), p) === 0n;
}

interface Jac3 { X: bigint; Y: bigint; Z: bigint }

function jDouble(c: CurveParams, P: Jac3): Jac3 {
  const { p, a } = c;
  if (P.Z === 0n || P.Y === 0n) return { X: 1n, Y: 1n, Z: 0n };
  const XX = P.X * P.X % p, YY = P.Y * P.Y % p, YYYY = YY * YY % p, ZZ = P.Z * P.Z % p;
  const S = mod(4n * P.X * YY, p);
  const M = mod(3n * XX + a * ZZ % p * ZZ, p);
  const X = mod(M * M - 2n * S, p);
  const Y = mod(M * (S - X) - 8n * YYYY, p);
  const Z = mod(2n * P.Y * P.Z, p);
  return { X, Y, Z };
}

function jAdd(c: CurveParams, P: Jac3, Q: Jac3): Jac3 {
  const { p } = c;
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const Z1Z1 = P.Z * P.Z % p, Z2Z2 = Q.Z * Q.Z % p;
  const U1 = P.X * Z2Z2 % p, U2 = Q.X * Z1Z1 % p;
  const S1 = P.Y * Q.Z % p * Z2Z2 % p, S2 = Q.Y * P.Z % p * Z1Z1 % p;
  const H = mod(U2 - U1, p), R = mod(S2 - S1, p);
  if (H === 0n) return R === 0n ? jDouble(c, P) : { X: 1n, Y: 1n, Z: 0n };
  const HH = H * H % p, HHH = H * HH % p, V = U1 * HH % p;
  const X = mod(R * R - HHH - 2n * V, p);
  const Y = mod(R * (V - X) - S1 * HHH, p);
  const Z = P.Z * Q.Z % p * H % p;
  return { X, Y, Z };
}

function toAffine(c: CurveParams, P: Jac3): Affine {
  if (P.Z === 0n) return null;
  const zi = invert(P.Z, c.p);
  const zi2 = zi * zi % c.p;
  return { x: P.X * zi2 % c.p, y: P.Y * zi2 % c.p * zi % c.p };
}

function fromAffine(P: Affine): Jac3 {
  return P === null ? { X: 1n, Y: 1n, Z: 0n } : { X: P.x, Y: P.y, Z: 1n };
}

/** P + Q. */
export function pointAdd(c: CurveParams, P: Affine, Q: Affine): Affine {
  return toAffine(c, jAdd(c, fromAffine(P), fromAffine(Q)));
}

/** k·P for any integer k >= 0 (double-and-add, complete by case analysis). */
export function pointMul(c: CurveParams, k: bigint, P: Affine): Affine {
  let R: Jac3 = { X: 1n, Y: 1n, Z: 0n };
  const Pj = fromAffine(P);
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    R = jDouble(c, R);
    if ((k >> i) & 1n) R = jAdd(c, R, Pj);
  }
  return toAffine(c, R);
}

/** The y of x with the given parity (p ≡ 3 mod 4 only), or null if x is not on the curve. */
export function liftX(c: CurveParams, x: bigint, odd: boolean): bigint | null {
  const { p, a, b } = c;
  if (p % 4n !== 3n) throw new RangeError('liftX: only p ≡ 3 (mod 4) is supported');
  const rhs = mod(x * x * x + a * x + b, p);
  let y = powMod(rhs, (p + 1n) / 4n, p);
  if (y * y % p !== rhs) return null;
  if ((y & 1n) === 1n !== odd) y = mod(-y, p);
  return y;
}

export function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) r = r * b % m;
    b = b * b % m;
    e >>= 1n;
  }
  return r;
}
