/**
 * Fq12, the field of GT, in the tower GM/T 0044.1-2016 defines:
 *   Fq2 = Fq[u]/(u² + 2),  Fq4 = Fq2[v]/(v² − u),  Fq12 = Fq4[w]/(w³ − v).
 * Since v = w³, the same field is Fq2[w]/(w⁶ − u), and that flat form is what we compute with:
 * an element is 12 BigInts, [c0, c1] for the coefficient of w^k at indices 2k, 2k + 1
 * (k = 0..5; the standard's Fq4 coefficient a_i = b_0 + b_1·v of w^i is c_i + c_{i+3}·v).
 *
 * Products are accumulated unreduced (Karatsuba per Fq2 product, w⁶ = u folded in at the end)
 * and reduced mod q once per coefficient: reductions, not multiplications, dominate BigInt cost.
 *
 * The byte form (GM/T 0044.1's conversion of Fq12 elements to bytes; GmSSL
 * `sm9_z256_fp12_to_bytes`): a_2 ‖ a_1 ‖ a_0, each Fq4 as b_1 ‖ b_0, each Fq2 as
 * (coefficient of u) ‖ (constant): 384 bytes.
 *
 * @module
 */
import { bigIntToBytes } from '../internal/bytes.js';
import { fq2Conj, fq2Inv, fq2Mul, fq2PowVartime, fq2Sqr, fq2Sub, fq2Add, fq2MulU, modQ, type Fq2 } from './fields.js';
import { Q } from './params.js';

/** An Fq12 element: 12 coefficients in [0, q), see the module doc. */
export type Fq12 = readonly bigint[];

export const FQ12_ONE: Fq12 = Object.freeze([1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);

/** Folds the 11 unreduced Fq2 products (as t0 = Σa0b0, t1 = Σa1b1, t2 = Σ(a0+a1)(b0+b1)). */
function fold(t0: bigint[], t1: bigint[], t2: bigint[], len: number): bigint[] {
  const out = new Array<bigint>(12);
  for (let k = 0; k < 6; k++) {
    let re = t0[k]! - 2n * t1[k]!;
    let im = t2[k]! - t0[k]! - t1[k]!;
    if (k + 6 < len) {
      // c·w^(k+6) = c·u·w^k and (x + y·u)·u = −2y + x·u
      const re2 = t0[k + 6]! - 2n * t1[k + 6]!;
      const im2 = t2[k + 6]! - t0[k + 6]! - t1[k + 6]!;
      re -= 2n * im2;
      im += re2;
    }
    out[2 * k] = modQ(re);
    out[2 * k + 1] = modQ(im);
  }
  return out;
}

export function fq12Mul(a: Fq12, b: Fq12): Fq12 {
  const t0 = new Array<bigint>(11).fill(0n);
  const t1 = new Array<bigint>(11).fill(0n);
  const t2 = new Array<bigint>(11).fill(0n);
  const bs = new Array<bigint>(6);
  for (let j = 0; j < 6; j++) bs[j] = b[2 * j]! + b[2 * j + 1]!;
  for (let i = 0; i < 6; i++) {
    const a0 = a[2 * i]!, a1 = a[2 * i + 1]!, as = a0 + a1;
    for (let j = 0; j < 6; j++) {
      const k = i + j;
      t0[k] += a0 * b[2 * j]!;
      t1[k] += a1 * b[2 * j + 1]!;
      t2[k] += as * bs[j]!;
    }
  }
  return fold(t0, t1, t2, 11);
}

/** a²: the 15 cross products once, against 2·a. */
export function fq12Sqr(a: Fq12): Fq12 {
  const t0 = new Array<bigint>(11).fill(0n);
  const t1 = new Array<bigint>(11).fill(0n);
  const t2 = new Array<bigint>(11).fill(0n);
  const s = new Array<bigint>(6);
  for (let j = 0; j < 6; j++) s[j] = a[2 * j]! + a[2 * j + 1]!;
  for (let i = 0; i < 6; i++) {
    const a0 = a[2 * i]!, a1 = a[2 * i + 1]!, as = s[i]!;
    t0[2 * i] += a0 * a0;
    t1[2 * i] += a1 * a1;
    t2[2 * i] += as * as;
    const d0 = 2n * a0, d1 = 2n * a1, ds = 2n * as;
    for (let j = i + 1; j < 6; j++) {
      const k = i + j;
      t0[k] += d0 * a[2 * j]!;
      t1[k] += d1 * a[2 * j + 1]!;
      t2[k] += ds * s[j]!;
    }
  }
  return fold(t0, t1, t2, 11);
}

/** f·(l0 + l2·w² + l3·w³): the sparse product with a Miller-loop line value. */
export function fq12MulLine(f: Fq12, l0: Fq2, l2: Fq2, l3: Fq2): Fq12 {
  const t0 = new Array<bigint>(9).fill(0n);
  const t1 = new Array<bigint>(9).fill(0n);
  const t2 = new Array<bigint>(9).fill(0n);
  const ls: readonly (readonly [number, bigint, bigint, bigint])[] = [
    [0, l0[0], l0[1], l0[0] + l0[1]],
    [2, l2[0], l2[1], l2[0] + l2[1]],
    [3, l3[0], l3[1], l3[0] + l3[1]],
  ];
  for (let i = 0; i < 6; i++) {
    const a0 = f[2 * i]!, a1 = f[2 * i + 1]!, as = a0 + a1;
    for (const [j, b0, b1, bs] of ls) {
      const k = i + j;
      t0[k] += a0 * b0;
      t1[k] += a1 * b1;
      t2[k] += as * bs;
    }
  }
  return fold(t0, t1, t2, 9);
}

/** f^(q⁶): w ↦ −w, i.e. the odd coefficients negated (the inverse of a unitary element). */
export function fq12Conj(f: Fq12): Fq12 {
  const out = f.slice();
  for (let k = 1; k < 6; k += 2) {
    out[2 * k] = out[2 * k] === 0n ? 0n : Q - out[2 * k]!;
    out[2 * k + 1] = out[2 * k + 1] === 0n ? 0n : Q - out[2 * k + 1]!;
  }
  return out;
}

/** γ[p][k] = u^(k·(q^p − 1)/6): w^(k·q^p) = γ[p][k]·w^k. Computed on first use. */
let frobConstants: Fq2[][] | undefined;
function frobGamma(): Fq2[][] {
  if (frobConstants === undefined) {
    const g: Fq2[][] = [];
    for (let p = 1; p <= 3; p++) {
      const g1 = fq2PowVartime([0n, 1n], (Q ** BigInt(p) - 1n) / 6n);
      const row: Fq2[] = [[1n, 0n]];
      for (let k = 1; k < 6; k++) row.push(fq2Mul(row[k - 1]!, g1));
      g.push(row);
    }
    frobConstants = g;
  }
  return frobConstants;
}

/** f^(q^p) for p = 1, 2, 3: c_k ↦ (conjugate if p is odd)(c_k)·γ[p][k]. */
export function fq12Frobenius(f: Fq12, p: 1 | 2 | 3): Fq12 {
  const gamma = frobGamma()[p - 1]!;
  const out = new Array<bigint>(12);
  for (let k = 0; k < 6; k++) {
    const c: Fq2 = [f[2 * k]!, f[2 * k + 1]!];
    const r = fq2Mul(p === 2 ? c : fq2Conj(c), gamma[k]!);
    out[2 * k] = r[0];
    out[2 * k + 1] = r[1];
  }
  return out;
}

// Fq6 = Fq2[s]/(s³ − u) with s = w², used only to invert: Fq12 = Fq6[w]/(w² − s).
type Fq6 = readonly [Fq2, Fq2, Fq2];

function fq6Mul(a: Fq6, b: Fq6): Fq6 {
  const m = (x: Fq2, y: Fq2): Fq2 => fq2Mul(x, y);
  const c0 = fq2Add(m(a[0], b[0]), fq2MulU(fq2Add(m(a[1], b[2]), m(a[2], b[1]))));
  const c1 = fq2Add(fq2Add(m(a[0], b[1]), m(a[1], b[0])), fq2MulU(m(a[2], b[2])));
  const c2 = fq2Add(fq2Add(m(a[0], b[2]), m(a[1], b[1])), m(a[2], b[0]));
  return [c0, c1, c2];
}

/** (a0 + a1·s + a2·s²)⁻¹ by the adjugate over Fq2 (s³ = u). */
function fq6Inv(a: Fq6): Fq6 {
  const c0 = fq2Sub(fq2Sqr(a[0]), fq2MulU(fq2Mul(a[1], a[2])));
  const c1 = fq2Sub(fq2MulU(fq2Sqr(a[2])), fq2Mul(a[0], a[1]));
  const c2 = fq2Sub(fq2Sqr(a[1]), fq2Mul(a[0], a[2]));
  const t = fq2Add(fq2Mul(a[0], c0), fq2MulU(fq2Add(fq2Mul(a[2], c1), fq2Mul(a[1], c2))));
  const ti = fq2Inv(t);
  return [fq2Mul(c0, ti), fq2Mul(c1, ti), fq2Mul(c2, ti)];
}

/** f⁻¹ = (A − B·w)/(A² − B²·s) for f = A + B·w, A, B ∈ Fq6; 0 maps to 0. */
export function fq12Inv(f: Fq12): Fq12 {
  const c = (k: number): Fq2 => [f[2 * k]!, f[2 * k + 1]!];
  const A: Fq6 = [c(0), c(2), c(4)];
  const Bf: Fq6 = [c(1), c(3), c(5)];
  const b2 = fq6Mul(Bf, Bf);
  // b2·s: (x0 + x1·s + x2·s²)·s = x2·u + x0·s + x1·s²
  const b2s: Fq6 = [fq2MulU(b2[2]), b2[0], b2[1]];
  const a2 = fq6Mul(A, A);
  const d = fq6Inv([fq2Sub(a2[0], b2s[0]), fq2Sub(a2[1], b2s[1]), fq2Sub(a2[2], b2s[2])]);
  const ra = fq6Mul(A, d);
  const rb = fq6Mul(Bf, d);
  const neg = (x: Fq2): Fq2 => fq2Sub([0n, 0n], x);
  const out = new Array<bigint>(12);
  const put = (k: number, x: Fq2): void => {
    out[2 * k] = x[0];
    out[2 * k + 1] = x[1];
  };
  put(0, ra[0]);
  put(2, ra[1]);
  put(4, ra[2]);
  put(1, neg(rb[0]));
  put(3, neg(rb[1]));
  put(5, neg(rb[2]));
  return out;
}

export function fq12Eq(a: Fq12, b: Fq12): boolean {
  for (let i = 0; i < 12; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Flat index k of each 32-byte Fq2 slot of the byte form, in output order. */
const BYTE_ORDER = [5, 2, 4, 1, 3, 0] as const;

/** The 384-byte form of GM/T 0044.1 (see the module doc). */
export function fq12ToBytes(f: Fq12): Uint8Array {
  const out = new Uint8Array(384);
  let off = 0;
  for (const k of BYTE_ORDER) {
    out.set(bigIntToBytes(f[2 * k + 1]!, 32), off);
    out.set(bigIntToBytes(f[2 * k]!, 32), off + 32);
    off += 64;
  }
  return out;
}
