/**
 * The R-ate pairing e: G1 × G2 → GT of GM/T 0044.1-2016 (its annex on computing the R-ate
 * pairing), and exponentiation in GT.
 *
 *   a = 6t + 2;  T = Q;  f = 1
 *   for each bit of a below the top: f = f²·g_{T,T}(P), T = 2T; if the bit is 1: f = f·g_{T,Q}(P), T = T + Q
 *   Q1 = π_q(Q), Q2 = π_q²(Q);  f = f·g_{T,Q1}(P), T = T + Q1;  f = f·g_{T,−Q2}(P)
 *   e(P, Q) = f^((q¹² − 1)/N)
 *
 * Lines are evaluated at ψ(T) with the untwisting ψ(x, y) = (x·w⁻², y·w⁻³) of E' into E(Fq12).
 * Each line value is multiplied by a factor in Fq4 (w³ = v, and the Jacobian denominators in
 * Fq2), which the final exponentiation maps to 1 ((q⁴ − 1) divides (q¹² − 1)/N), leaving the
 * sparse form l0 + l2·w² + l3·w³:
 *   doubling (T = (X, Y, Z)):  l0 = 3X³ − 2Y²,  l2 = −3X²Z²·xP,  l3 = 2YZ³·yP
 *   addition T + R (R affine, H = xR·Z² − X, r = yR·Z³ − Y):
 *                              l0 = r·xR − yR·ZH,  l2 = −r·xP,  l3 = ZH·yP
 *
 * Final exponentiation: easy part f^((q⁶ − 1)(q² + 1)), then the hard part (q⁴ − q² + 1)/N
 * = λ0 + λ1·q + λ2·q² + q³ with λ2 = 6t² + 1, λ1 = −36t³ − 18t² − 12t + 1,
 * λ0 = −36t³ − 30t² − 18t − 2, evaluated by the addition chain of Scott et al. ("On the final
 * exponentiation for calculating pairings on ordinary elliptic curves", Pairing 2009, the BN
 * example) from f^t, f^(t²), f^(t³) and Frobenius maps. The chain's exponent equals
 * (q⁴ − q² + 1)/N exactly (tests compare it with a plain exponentiation), so the result is the
 * standard's pairing value.
 *
 * @module
 */
import { DIGITS, oddRepresentative, recode, type Affine } from './curve.js';
import { fq2Add, fq2Mul, fq2MulFq, fq2Neg, fq2Sqr, fq2Sub, type Fq2 } from './fields.js';
import {
  FQ12_ONE, fq12Conj, fq12Frobenius, fq12Inv, fq12Mul, fq12MulLine, fq12Sqr, type Fq12,
} from './fq12.js';
import { G1, G2, twistFrobenius, twistFrobenius2, type G1Point, type G2Point } from './groups.js';
import { ATE_LOOP, T } from './params.js';

/** A Jacobian point of E'(Fq2) during the Miller loop. */
interface Tw {
  x: Fq2;
  y: Fq2;
  z: Fq2;
}

/** T ← 2T; returns the tangent line at T evaluated at P = (xP, yP). */
function doubleStep(t: Tw, xP: bigint, yP: bigint): Fq12Line {
  const A = fq2Sqr(t.x);
  const B = fq2Sqr(t.y);
  const C = fq2Sqr(B);
  const xb = fq2Add(t.x, B);
  let D = fq2Sub(fq2Sub(fq2Sqr(xb), A), C);
  D = fq2Add(D, D);
  const E = fq2Add(fq2Add(A, A), A);
  const zz = fq2Sqr(t.z);
  const l0 = fq2Sub(fq2Mul(E, t.x), fq2Add(B, B));
  const l2 = fq2Neg(fq2MulFq(fq2Mul(E, zz), xP));
  const x3 = fq2Sub(fq2Sqr(E), fq2Add(D, D));
  let c8 = fq2Add(C, C);
  c8 = fq2Add(c8, c8);
  c8 = fq2Add(c8, c8);
  const y3 = fq2Sub(fq2Mul(E, fq2Sub(D, x3)), c8);
  const yz = fq2Mul(t.y, t.z);
  const z3 = fq2Add(yz, yz);
  const l3 = fq2MulFq(fq2Mul(z3, zz), yP);
  t.x = x3;
  t.y = y3;
  t.z = z3;
  return [l0, l2, l3];
}

/** T ← T + R (R affine, R ≠ ±T); returns the line through T and R evaluated at P. */
function addStep(t: Tw, r: Affine<Fq2>, xP: bigint, yP: bigint): Fq12Line {
  const zz = fq2Sqr(t.z);
  const u2 = fq2Mul(r.x, zz);
  const s2 = fq2Mul(fq2Mul(r.y, t.z), zz);
  const h = fq2Sub(u2, t.x);
  const rr = fq2Sub(s2, t.y);
  const z3 = fq2Mul(t.z, h);
  const hh = fq2Sqr(h);
  const hhh = fq2Mul(h, hh);
  const v = fq2Mul(t.x, hh);
  const x3 = fq2Sub(fq2Sub(fq2Sqr(rr), hhh), fq2Add(v, v));
  const y3 = fq2Sub(fq2Mul(rr, fq2Sub(v, x3)), fq2Mul(t.y, hhh));
  const l0 = fq2Sub(fq2Mul(rr, r.x), fq2Mul(r.y, z3));
  const l2 = fq2Neg(fq2MulFq(rr, xP));
  const l3 = fq2MulFq(z3, yP);
  t.x = x3;
  t.y = y3;
  t.z = z3;
  return [l0, l2, l3];
}

type Fq12Line = readonly [Fq2, Fq2, Fq2];

/** The Miller loop value f (before the final exponentiation) for affine P ∈ G1, Q ∈ G2. */
export function millerLoop(p: Affine<bigint>, q: Affine<Fq2>): Fq12 {
  const xP = p.x, yP = p.y;
  const t: Tw = { x: q.x, y: q.y, z: [1n, 0n] };
  let f: Fq12 = FQ12_ONE;
  const bits = ATE_LOOP.toString(2);
  for (let i = 1; i < bits.length; i++) {
    const [l0, l2, l3] = doubleStep(t, xP, yP);
    f = fq12MulLine(fq12Sqr(f), l0, l2, l3);
    if (bits[i] === '1') {
      const [a0, a2, a3] = addStep(t, q, xP, yP);
      f = fq12MulLine(f, a0, a2, a3);
    }
  }
  const q1 = twistFrobenius(q);
  const q2 = twistFrobenius2(q);
  const [b0, b2, b3] = addStep(t, q1, xP, yP);
  f = fq12MulLine(f, b0, b2, b3);
  const [c0, c2, c3] = addStep(t, { x: q2.x, y: fq2Neg(q2.y) }, xP, yP);
  return fq12MulLine(f, c0, c2, c3);
}

/** f^t for the BN parameter t (public, 63 bits), square-and-multiply. */
function powT(f: Fq12): Fq12 {
  const bits = T.toString(2);
  let r = f;
  for (let i = 1; i < bits.length; i++) {
    r = fq12Sqr(r);
    if (bits[i] === '1') r = fq12Mul(r, f);
  }
  return r;
}

/** f^((q¹² − 1)/N). */
export function finalExponentiation(f: Fq12): Fq12 {
  // Easy part: f^(q⁶ − 1) = conj(f)·f⁻¹, then ·^(q² + 1). The result is unitary (conj = inverse).
  let m = fq12Mul(fq12Conj(f), fq12Inv(f));
  m = fq12Mul(fq12Frobenius(m, 2), m);
  // Hard part (see the module doc).
  const fx = powT(m);
  const fx2 = powT(fx);
  const fx3 = powT(fx2);
  const y0 = fq12Mul(fq12Mul(fq12Frobenius(m, 1), fq12Frobenius(m, 2)), fq12Frobenius(m, 3));
  const y1 = fq12Conj(m);
  const y2 = fq12Frobenius(fx2, 2);
  const y3 = fq12Conj(fq12Frobenius(fx, 1));
  const y4 = fq12Conj(fq12Mul(fx, fq12Frobenius(fx2, 1)));
  const y5 = fq12Conj(fx2);
  const y6 = fq12Conj(fq12Mul(fx3, fq12Frobenius(fx3, 1)));
  let t0 = fq12Mul(fq12Mul(fq12Sqr(y6), y4), y5);
  let t1 = fq12Mul(fq12Mul(y3, y5), t0);
  t0 = fq12Mul(t0, y2);
  t1 = fq12Sqr(fq12Mul(fq12Sqr(t1), t0));
  t0 = fq12Mul(t1, y1);
  t1 = fq12Mul(t1, y0);
  return fq12Mul(fq12Sqr(t0), t1);
}

/** e(P, Q) for P ∈ G1, Q ∈ G2 (1 if either is infinity). Inputs are public. */
export function pairing(p: G1Point, q: G2Point): Fq12 {
  const pa = G1.toAffine(p);
  const qa = G2.toAffine(q);
  if (pa === null || qa === null) return FQ12_ONE;
  return finalExponentiation(millerLoop(pa, qa));
}

/**
 * g^k for g ∈ GT and 0 <= k < N, with a fixed sequence of operations (the regular signed
 * windows of curve.ts; negative digits use the conjugate, which is the inverse in GT).
 * Portable path: the digit indexes the table; BigInt timing depends on the values.
 */
export function gtPow(g: Fq12, k: bigint): Fq12 {
  const digits = recode(oddRepresentative(k));
  const g2 = fq12Sqr(g);
  const table: Fq12[] = [g];
  for (let i = 1; i < 8; i++) table.push(fq12Mul(table[i - 1]!, g2));
  let acc = table[(digits[DIGITS - 1]! - 1) >> 1]!;
  for (let i = DIGITS - 2; i >= 0; i--) {
    acc = fq12Sqr(fq12Sqr(fq12Sqr(fq12Sqr(acc))));
    const d = digits[i]!;
    const m = d >> 31;
    const e = table[((d ^ m) - m - 1) >> 1]!;
    acc = fq12Mul(acc, [e, fq12Conj(e)][m & 1]!);
  }
  digits.fill(0);
  return acc;
}
