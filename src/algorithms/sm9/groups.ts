/**
 * G1 = E(Fq): y² = x³ + 5 and G2 ⊂ E'(Fq2): y² = x³ + 5u (GM/T 0044.1-2016), their
 * generators P1, P2 (GM/T 0044.5) and byte encodings.
 *
 * Encodings (GM/T 0044.1's point-to-bytes conversion, as in the GM/T 0044.5 examples and GmSSL): a G1 point is
 * 04 ‖ x ‖ y (65 bytes); a G2 point is 04 ‖ x ‖ y with each Fq2 coordinate written as
 * (coefficient of u) ‖ (constant), 129 bytes. The point at infinity has no encoding here (no SM9
 * key or message carries it).
 *
 * Validation: G1 has cofactor 1, so "in G1" is "on E". E'(Fq2) has order N·(2q − N), so a G2 point
 * must also pass [N]Q = O; `decodeG2` checks both.
 *
 * @module
 */
import { bigIntToBytes, bytesToBigInt } from '../internal/bytes.js';
import { makeCurve, type Affine, type Curve, type Field, type Jacobian } from './curve.js';
import {
  FQ2_ONE, FQ2_ZERO, fq2Add, fq2Conj, fq2Eq, fq2Inv, fq2IsZero, fq2Mul, fq2Neg, fq2PowVartime,
  fq2Sqr, fq2Sub, invQ, type Fq2,
} from './fields.js';
import { B, FQ_BYTES, N, P1_X, P1_Y, P2_X, P2_Y, Q } from './params.js';

const FQ: Field<bigint> = Object.freeze({
  ZERO: 0n,
  ONE: 1n,
  add: (a: bigint, b: bigint): bigint => {
    const r = a + b;
    return r >= Q ? r - Q : r;
  },
  sub: (a: bigint, b: bigint): bigint => {
    const r = a - b;
    return r < 0n ? r + Q : r;
  },
  neg: (a: bigint): bigint => (a === 0n ? 0n : Q - a),
  mul: (a: bigint, b: bigint): bigint => (a * b) % Q,
  sqr: (a: bigint): bigint => (a * a) % Q,
  inv: invQ,
  eq: (a: bigint, b: bigint): boolean => a === b,
  isZero: (a: bigint): boolean => a === 0n,
});

const FQ2: Field<Fq2> = Object.freeze({
  ZERO: FQ2_ZERO, ONE: FQ2_ONE, add: fq2Add, sub: fq2Sub, neg: fq2Neg, mul: fq2Mul, sqr: fq2Sqr,
  inv: fq2Inv, eq: fq2Eq, isZero: fq2IsZero,
});

/** E(Fq): y² = x³ + 5. */
export const G1: Curve<bigint> = makeCurve(FQ, B);
/** E'(Fq2): y² = x³ + 5u. */
export const G2: Curve<Fq2> = makeCurve(FQ2, [0n, B]);

export type G1Point = Jacobian<bigint>;
export type G2Point = Jacobian<Fq2>;

export const P1: G1Point = G1.fromAffine({ x: P1_X, y: P1_Y });
export const P2: G2Point = G2.fromAffine({ x: P2_X, y: P2_Y });

/**
 * Frobenius on the twist, π_q expressed in E' coordinates. With the untwisting map
 * ψ(x, y) = (x·w⁻², y·w⁻³) into E(Fq12) (w⁶ = u), ψ⁻¹∘π_q∘ψ(x, y) = (x̄·u^{−(q−1)/3}, ȳ·u^{−(q−1)/2})
 * where x̄ is the Fq2 conjugate; applied twice, (x·u^{−(q²−1)/3}, y·u^{−(q²−1)/2}).
 */
let frobConstants: readonly Fq2[] | undefined;
/** [x and y factors of π_q, x and y factors of π_q²], computed on first use. */
function frob(): readonly Fq2[] {
  const u: Fq2 = [0n, 1n];
  return (frobConstants ??= [(Q - 1n) / 3n, (Q - 1n) / 2n, (Q * Q - 1n) / 3n, (Q * Q - 1n) / 2n]
    .map((e) => fq2Inv(fq2PowVartime(u, e))));
}

/** π_q(P) on E' (affine in, affine out). */
export function twistFrobenius(p: Affine<Fq2>): Affine<Fq2> {
  const c = frob();
  return { x: fq2Mul(fq2Conj(p.x), c[0]!), y: fq2Mul(fq2Conj(p.y), c[1]!) };
}

/** π_q²(P) on E' (affine in, affine out). */
export function twistFrobenius2(p: Affine<Fq2>): Affine<Fq2> {
  const c = frob();
  return { x: fq2Mul(p.x, c[2]!), y: fq2Mul(p.y, c[3]!) };
}

function fqToBytes(a: bigint, out: Uint8Array, off: number): void {
  out.set(bigIntToBytes(a, FQ_BYTES), off);
}

/** An Fq element from 32 bytes, or null if >= q. */
function fqFromBytes(b: Uint8Array, off: number): bigint | null {
  const v = bytesToBigInt(b.subarray(off, off + FQ_BYTES));
  return v < Q ? v : null;
}

/** Fq2 as (coefficient of u) ‖ (constant), 64 bytes. */
export function fq2ToBytes(a: Fq2, out: Uint8Array, off: number): void {
  fqToBytes(a[1], out, off);
  fqToBytes(a[0], out, off + FQ_BYTES);
}

function fq2FromBytes(b: Uint8Array, off: number): Fq2 | null {
  const c1 = fqFromBytes(b, off);
  const c0 = fqFromBytes(b, off + FQ_BYTES);
  return c1 === null || c0 === null ? null : [c0, c1];
}

/** x ‖ y of a G1 point (64 bytes, the form hashed by KDF inputs); RangeError at infinity. */
export function g1ToXY(p: G1Point): Uint8Array {
  const a = G1.toAffine(p);
  if (a === null) throw new RangeError('sm9: the point at infinity has no encoding');
  const out = new Uint8Array(64);
  fqToBytes(a.x, out, 0);
  fqToBytes(a.y, out, 32);
  return out;
}

/** 04 ‖ x ‖ y of a G1 point (65 bytes). */
export function encodeG1(p: G1Point): Uint8Array {
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(g1ToXY(p), 1);
  return out;
}

/** 04 ‖ x ‖ y of a G2 point (129 bytes). */
export function encodeG2(p: G2Point): Uint8Array {
  const a = G2.toAffine(p);
  if (a === null) throw new RangeError('sm9: the point at infinity has no encoding');
  const out = new Uint8Array(129);
  out[0] = 4;
  fq2ToBytes(a.x, out, 1);
  fq2ToBytes(a.y, out, 65);
  return out;
}

/**
 * A G1 point from 04 ‖ x ‖ y (65 bytes) or the bare x ‖ y (64 bytes, the standard's
 * ciphertext C1), or null if the length, prefix, coordinates or curve equation are wrong.
 */
export function decodeG1(b: Uint8Array, allowBare = false): G1Point | null {
  let off: number;
  if (b.length === 65 && b[0] === 4) off = 1;
  else if (allowBare && b.length === 64) off = 0;
  else return null;
  const x = fqFromBytes(b, off);
  const y = fqFromBytes(b, off + 32);
  if (x === null || y === null) return null;
  const a = { x, y };
  return G1.isOnCurve(a) ? G1.fromAffine(a) : null;
}

/** [N]Q = O: membership of G2 for a point already known to be on E'. Public inputs. */
export function inG2Subgroup(p: G2Point): boolean {
  return G2.isInfinity(G2.mulVartime(p, N));
}

/**
 * A G2 point from 04 ‖ x ‖ y (129 bytes), or null unless it is on E' and in the subgroup of
 * order N (one 256-bit multiplication, a few milliseconds).
 */
export function decodeG2(b: Uint8Array): G2Point | null {
  if (b.length !== 129 || b[0] !== 4) return null;
  const x = fq2FromBytes(b, 1);
  const y = fq2FromBytes(b, 65);
  if (x === null || y === null) return null;
  const a = { x, y };
  if (!G2.isOnCurve(a)) return null;
  const p = G2.fromAffine(a);
  return inG2Subgroup(p) ? p : null;
}
