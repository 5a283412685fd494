/**
 * SM2 curve points in Jacobian coordinates over field.ts: (X, Y, Z) stands for the affine point
 * (X/Z², Y/Z³); Z ≡ 0 is the point at infinity. The curve is y² = x³ + ax + b with a = p − 3
 * (GM/T 0003.5-2012 §5.1), so the doubling uses the a = −3 formula.
 *
 * Formulas (Explicit-Formulas Database, hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html):
 * - `dbl`: dbl-2001-b with Z3 = 2·Y·Z instead of (Y+Z)² − Y² − Z² (4M + 4S), so that no
 *   operand exceeds the limb bounds of field.ts;
 * - `madd`: madd-2004-hmv, Jacobian + affine (8M + 3S);
 * - `add`: add-1998-cmo-2, Jacobian + Jacobian (12M + 4S).
 * `madd` and `add` are incomplete: they give Z3 ≡ 0 when both inputs have the same x (P = ±Q)
 * and garbage when an input is the point at infinity. Callers either exclude those cases
 * (constant-time paths track infinity with 0/1 flags and detect a Z3 ≡ 0 result at the end) or
 * use the `...Vartime` forms, which branch and are for public inputs only.
 *
 * @module
 */
import { SM2P256V1 } from './curve.js';
import {
  add as fadd, eq, fe, feFromBigInt, isZero, lin, mul, ONE, sqr, sub, type Fe,
} from './field.js';

export interface Jac {
  X: Fe;
  Y: Fe;
  Z: Fe;
}

export function jac(): Jac {
  return { X: fe(), Y: fe(), Z: fe() };
}

export function jacCopy(o: Jac, p: Jac): void {
  o.X.set(p.X);
  o.Y.set(p.Y);
  o.Z.set(p.Z);
}

/** o = (x, y, 1) from affine Montgomery coordinates. */
export function jacFromAffine(o: Jac, x: Fe, y: Fe): void {
  o.X.set(x);
  o.Y.set(y);
  o.Z.set(ONE);
}

export function wipeJac(p: Jac): void {
  p.X.fill(0);
  p.Y.fill(0);
  p.Z.fill(0);
}

// Scratch registers. The library is synchronous, so module-level scratch is never shared by
// two calls at once; callers that handle secrets wipe it through `wipeScratch`.
const t0 = fe(), t1 = fe(), t2 = fe(), t3 = fe(), t4 = fe(), t5 = fe(), t6 = fe(), t7 = fe();
const t8 = fe(), t9 = fe();

export function wipeScratch(): void {
  for (const t of [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9]) t.fill(0);
}

/** o = ka·a + kb·b limbwise, without carries (weight ka·w(a) + kb·w(b)). */
function linRaw(o: Fe, a: Fe, ka: number, b: Fe, kb: number): void {
  for (let i = 0; i < 11; i++) o[i] = ka * a[i]! + kb * b[i]!;
}

/*
 * Weights (see field.ts): inputs and outputs of dbl, madd and add have w(X) = w(Z) = 1 and
 * w(Y) <= 2; affine inputs have weight 1. Each multiplication below notes w(a)·w(b) <= 10.
 */

/**
 * o = 2p (a = −3). Correct for every input, including infinity (Z ≡ 0 stays 0). o may be p.
 * With m = (X − Z²)(X + Z²), alpha = 3m: X3 = 9m² − 8 beta and Y3 = 3m(4 beta − X3) − 8 gamma²,
 * so the factor 3 rides along in the final normalisations instead of costing one of its own.
 */
export function dbl(o: Jac, p: Jac): void {
  const delta = t0, gamma = t1, beta = t2, m = t3, u = t4;
  sqr(delta, p.Z); // 1·1
  sqr(gamma, p.Y); // 2·2
  mul(beta, p.X, gamma); // 1·1
  sub(t5, p.X, delta);
  fadd(t6, p.X, delta);
  mul(m, t5, t6); // 2·2
  fadd(t5, p.Y, p.Y);
  mul(o.Z, t5, p.Z); // Z3 = 2YZ, 4·1 (all reads of p are done after this line)
  sqr(t5, m);
  lin(o.X, t5, 9, beta, -8); // X3 = 9m² − 8 beta, tight
  linRaw(u, beta, 4, o.X, -1); // 4 beta − X3, weight 5
  mul(t5, m, u); // 1·5
  sqr(t6, gamma);
  lin(o.Y, t5, 3, t6, -8); // Y3 = 3m(4 beta − X3) − 8 gamma², tight
}

/** o = p + (x2, y2) with (x2, y2) affine. Incomplete (see the module doc). o may be p. */
export function madd(o: Jac, p: Jac, x2: Fe, y2: Fe): void {
  const T1 = t0, T2 = t1, H = t2, R = t3, HH = t4, HHH = t5, V = t6;
  sqr(T1, p.Z);
  mul(T2, T1, p.Z);
  mul(T1, T1, x2); // U2
  mul(T2, T2, y2); // S2
  sub(H, T1, p.X); // weight 2
  sub(R, T2, p.Y); // weight 3
  mul(o.Z, p.Z, H); // 1·2
  sqr(HH, H); // 2·2
  mul(HHH, HH, H); // 1·2
  mul(V, HH, p.X);
  sqr(T1, R); // 3·3
  sub(T1, T1, HHH);
  mul(T2, p.Y, HHH); // 2·1
  lin(o.X, T1, 1, V, -2); // X3 = R² − HHH − 2V, tight
  sub(V, V, o.X); // weight 2
  mul(V, R, V); // 3·2
  sub(o.Y, V, T2); // Y3 = R(V − X3) − Y1·HHH, weight 2
}

/** H of the last `madd`/`add` (U2 − U1): zero iff the inputs had equal x. */
export const lastH: Fe = t2;
/** R of the last `madd`/`add` (S2 − S1): with H ≡ 0, zero iff the inputs were equal. */
export const lastR: Fe = t3;

/** o = p + q, both Jacobian. Incomplete (see the module doc). o may alias p or q. */
export function add(o: Jac, p: Jac, q: Jac): void {
  const Z1Z1 = t0, Z2Z2 = t1, H = t2, R = t3, U1 = t4, S1 = t5, HH = t6, HHH = t7, V = t8;
  sqr(Z1Z1, p.Z);
  sqr(Z2Z2, q.Z);
  mul(U1, p.X, Z2Z2);
  mul(H, q.X, Z1Z1); // U2
  sub(H, H, U1); // weight 2
  mul(S1, q.Z, Z2Z2);
  mul(S1, p.Y, S1); // 2·1
  mul(R, p.Z, Z1Z1);
  mul(R, q.Y, R); // S2, 2·1
  sub(R, R, S1); // weight 2
  mul(t9, p.Z, q.Z);
  mul(o.Z, t9, H); // 1·2
  sqr(HH, H); // 2·2
  mul(HHH, HH, H);
  mul(V, U1, HH);
  sqr(U1, R); // 2·2
  sub(U1, U1, HHH);
  lin(o.X, U1, 1, V, -2); // tight
  sub(V, V, o.X); // weight 2
  mul(V, R, V); // 2·2
  mul(S1, S1, HHH);
  sub(o.Y, V, S1); // weight 2
}

/** o = p + q for public inputs, handling infinity and P = ±Q by branching. */
export function addVartime(o: Jac, p: Jac, q: Jac): void {
  if (isZero(p.Z)) { jacCopy(o, q); return; }
  if (isZero(q.Z)) { jacCopy(o, p); return; }
  const save = jac();
  jacCopy(save, p);
  add(o, p, q);
  if (isZero(o.Z) && isZero(lastH)) {
    if (isZero(lastR)) dbl(o, save); // p = q
    else setInfinity(o); // p = −q
  }
}

/** o = p + (x2, y2) for public inputs (p may be infinity; handles P = ±Q). o may be p. */
export function maddVartime(o: Jac, p: Jac, x2: Fe, y2: Fe): void {
  if (isZero(p.Z)) { jacFromAffine(o, x2, y2); return; }
  const save = jac();
  jacCopy(save, p);
  madd(o, p, x2, y2);
  if (isZero(lastH)) {
    if (isZero(lastR)) {
      jacFromAffine(o, x2, y2);
      dbl(o, o);
    } else setInfinity(o);
  }
}

export function setInfinity(o: Jac): void {
  o.X.set(ONE);
  o.Y.set(ONE);
  o.Z.fill(0);
}

const B = feFromBigInt(SM2P256V1.b);
const A3 = 3; // a = −3

/** 1 if the affine Montgomery point (x, y) satisfies y² = x³ − 3x + b, else 0. */
export function onCurve(x: Fe, y: Fe): number {
  const l = fe(), r = fe();
  sqr(l, y);
  sqr(r, x);
  mul(r, r, x);
  lin(r, r, 1, x, -A3);
  fadd(r, r, B);
  return eq(l, r);
}

/** Affine Montgomery coordinates of p (not infinity), with one field inversion. */
export function toAffine(x: Fe, y: Fe, p: Jac, invert: (o: Fe, a: Fe) => void): void {
  const zi = fe(), zi2 = fe();
  invert(zi, p.Z);
  sqr(zi2, zi);
  mul(x, p.X, zi2);
  mul(zi2, zi2, zi);
  mul(y, p.Y, zi2);
  zi.fill(0);
  zi2.fill(0);
}
