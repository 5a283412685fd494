/**
 * Arithmetic in the SM2 prime field GF(p), p = 2^256 − 2^224 − 2^96 + 2^64 − 1
 * (GM/T 0003.5-2012 / GB/T 32918.5-2017 §5.1, recommended curve sm2p256v1).
 *
 * Representation: an element is a `Float64Array` of 11 integer limbs in radix 2^24,
 * value Σ l_i·2^(24i), kept in Montgomery form x·R mod p with R = 2^264. Doubles hold every
 * limb product and column sum exactly, which made this the fastest exact multiplication we
 * measured in V8 (~45–50 ns per mul or sqr, against ~210 ns for a BigInt a·b % p; 16×16-bit
 * limbs with a special-form reduction measured ~105 ns, 12×22-bit limbs ~55 ns). Because
 * p ≡ −1 (mod 2^64), −p⁻¹ mod 2^24 is 1 and a Montgomery step is four shifted additions
 * (limbs.gen.ts).
 *
 * Limbs are balanced and elements are not canonical. A "tight" element (k = 1) has limbs 0..9
 * in [−2^23, 2^23] (a hair more after `carry`) and |limb 10| <= 2^17, so |value| < 2^257.
 * `mul`, `sqr`, `carry` and `lin` return tight elements. `add`/`sub` do not carry: the
 * sum or difference of k tight elements has "weight" k. `mul(a, b)` needs weight(a)·weight(b)
 * <= 10 (so that every column sum stays below 2^53, see limbs.gen.ts); the point formulas in
 * point.ts note the weight of each operand. `toBytes`, `isZero` and `eq` reduce to [0, p).
 *
 * Constant time: nothing here branches on or indexes memory by limb values. `select`, `cmov` and
 * `cneg` take a 0/1 number and use arithmetic (multiplying by 0, 1 or −1). JS engines give no
 * formal guarantee; see index.ts for how far this goes.
 *
 * @module
 */
import { mulP, sqrP } from './limbs.gen.js';

export type Fe = Float64Array;

export const LIMBS = 11;
const RADIX = 16777216; // 2^24
const INV_RADIX = 5.9604644775390625e-8; // 2^-24
const MAGIC = 6755399441055744; // 1.5·2^52: (x + MAGIC) − MAGIC rounds x to an integer

export const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;

/** A fresh zero element. */
export function fe(): Fe {
  return new Float64Array(LIMBS);
}

/** Raw limbs of a non-negative bigint < 2^264 (no Montgomery conversion). */
export function limbsFromBigInt(x: bigint): Fe {
  const o = fe();
  for (let i = 0; i < LIMBS; i++) {
    o[i] = Number(x & 0xffffffn);
    x >>= 24n;
  }
  return o;
}

const R2 = limbsFromBigInt((1n << 528n) % P); // R² mod p: multiplying by it enters Montgomery form
const ONE_RAW = limbsFromBigInt(1n); // multiplying by it leaves Montgomery form
const P_LIMBS = limbsFromBigInt(P);

/** Montgomery form of a bigint in [0, p). */
export function feFromBigInt(x: bigint): Fe {
  const o = limbsFromBigInt(x);
  mulP(o, o, R2);
  return o;
}

/** R mod p: the Montgomery form of 1. */
export const ONE: Fe = feFromBigInt(1n);

/** o = a·b (Montgomery); weight(a)·weight(b) <= 10. o may alias a or b. */
export const mul = mulP;
/** o = a² (Montgomery); weight(a)² <= 10. */
export const sqr = sqrP;

/** o = a + b, limbwise without carries: weight adds up. */
export function add(o: Fe, a: Fe, b: Fe): void {
  o[0] = a[0]! + b[0]!; o[1] = a[1]! + b[1]!; o[2] = a[2]! + b[2]!; o[3] = a[3]! + b[3]!;
  o[4] = a[4]! + b[4]!; o[5] = a[5]! + b[5]!; o[6] = a[6]! + b[6]!; o[7] = a[7]! + b[7]!;
  o[8] = a[8]! + b[8]!; o[9] = a[9]! + b[9]!; o[10] = a[10]! + b[10]!;
}

/** o = a − b, limbwise: weight adds up. */
export function sub(o: Fe, a: Fe, b: Fe): void {
  o[0] = a[0]! - b[0]!; o[1] = a[1]! - b[1]!; o[2] = a[2]! - b[2]!; o[3] = a[3]! - b[3]!;
  o[4] = a[4]! - b[4]!; o[5] = a[5]! - b[5]!; o[6] = a[6]! - b[6]!; o[7] = a[7]! - b[7]!;
  o[8] = a[8]! - b[8]!; o[9] = a[9]! - b[9]!; o[10] = a[10]! - b[10]!;
}

/**
 * Writes the tight form of the value Σ t_i·2^(24i): folds the part at 2^256 and above back with
 * 2^256 ≡ 2^224 + 2^96 − 2^64 + 1 (mod p), then moves each limb's excess into the next limb in
 * one parallel pass (the carries are small, so no serial chain is needed). |t_i| < 2^44.
 */
function normalize(o: Fe, t0: number, t1: number, t2: number, t3: number, t4: number, t5: number,
  t6: number, t7: number, t8: number, t9: number, t10: number): void {
  const h = t10 * 1.52587890625e-5 + MAGIC - MAGIC; // round(t10 / 2^16): limb 10 starts at bit 240
  t10 -= h * 65536;
  t0 += h; // + h
  t2 -= h * 65536; // − h·2^64 (limb 2 starts at bit 48)
  t4 += h; // + h·2^96 (limb 4 starts at bit 96)
  t9 += h * 256; // + h·2^224 (limb 9 starts at bit 216)
  const c0 = t0 * INV_RADIX + MAGIC - MAGIC, c1 = t1 * INV_RADIX + MAGIC - MAGIC;
  const c2 = t2 * INV_RADIX + MAGIC - MAGIC, c3 = t3 * INV_RADIX + MAGIC - MAGIC;
  const c4 = t4 * INV_RADIX + MAGIC - MAGIC, c5 = t5 * INV_RADIX + MAGIC - MAGIC;
  const c6 = t6 * INV_RADIX + MAGIC - MAGIC, c7 = t7 * INV_RADIX + MAGIC - MAGIC;
  const c8 = t8 * INV_RADIX + MAGIC - MAGIC, c9 = t9 * INV_RADIX + MAGIC - MAGIC;
  o[0] = t0 - c0 * RADIX;
  o[1] = t1 - c1 * RADIX + c0;
  o[2] = t2 - c2 * RADIX + c1;
  o[3] = t3 - c3 * RADIX + c2;
  o[4] = t4 - c4 * RADIX + c3;
  o[5] = t5 - c5 * RADIX + c4;
  o[6] = t6 - c6 * RADIX + c5;
  o[7] = t7 - c7 * RADIX + c6;
  o[8] = t8 - c8 * RADIX + c7;
  o[9] = t9 - c9 * RADIX + c8;
  o[10] = t10 + c9;
}

/** o = tight(a) for a of any weight up to 2^20. */
export function carry(o: Fe, a: Fe): void {
  normalize(o, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!);
}

/** o = tight(ka·a + kb·b) for small integer constants ka, kb. */
export function lin(o: Fe, a: Fe, ka: number, b: Fe, kb: number): void {
  normalize(o, ka * a[0]! + kb * b[0]!, ka * a[1]! + kb * b[1]!, ka * a[2]! + kb * b[2]!,
    ka * a[3]! + kb * b[3]!, ka * a[4]! + kb * b[4]!, ka * a[5]! + kb * b[5]!,
    ka * a[6]! + kb * b[6]!, ka * a[7]! + kb * b[7]!, ka * a[8]! + kb * b[8]!,
    ka * a[9]! + kb * b[9]!, ka * a[10]! + kb * b[10]!);
}

/** o = bit ? b : a, for bit ∈ {0, 1}, without branching. */
export function select(o: Fe, a: Fe, b: Fe, bit: number): void {
  for (let i = 0; i < LIMBS; i++) o[i] = a[i]! + bit * (b[i]! - a[i]!);
}

/** o = bit ? a : o, for bit ∈ {0, 1}, without branching. */
export function cmov(o: Fe, a: Fe, bit: number): void {
  for (let i = 0; i < LIMBS; i++) o[i] = o[i]! + bit * (a[i]! - o[i]!);
}

/** o = bit ? −o : o (multiplies by ±1, no branch). */
export function cneg(o: Fe, bit: number): void {
  const s = 1 - 2 * bit;
  for (let i = 0; i < LIMBS; i++) o[i] = s * o[i]!;
}

/** Exact serial carry with floor: limbs 0..9 in [0, 2^24) afterwards, limb 10 takes the rest. */
function carryExact(o: Fe, a: Fe): void {
  let c = 0;
  for (let i = 0; i < LIMBS - 1; i++) {
    const t = a[i]! + c;
    c = Math.floor(t * INV_RADIX);
    o[i] = t - c * RADIX;
  }
  o[LIMBS - 1] = a[LIMBS - 1]! + c;
}

/** For an exactly carried a: subtracts floor(a / 2^256)·p and carries exactly again. */
function foldExact(o: Fe, a: Fe): void {
  const h = Math.floor(a[10]! * 1.52587890625e-5);
  o.set(a);
  o[10] = o[10]! - h * 65536;
  o[0] = o[0]! + h;
  o[2] = o[2]! - h * 65536;
  o[4] = o[4]! + h;
  o[9] = o[9]! + h * 256;
  carryExact(o, o);
}

/** o = a − p with an exact borrow chain (a exactly carried); returns limb 10 (its sign). */
function subP(o: Fe, a: Fe): number {
  let c = 0;
  for (let i = 0; i < LIMBS - 1; i++) {
    const t = a[i]! - P_LIMBS[i]! + c;
    c = Math.floor(t * INV_RADIX);
    o[i] = t - c * RADIX;
  }
  const top = a[LIMBS - 1]! - P_LIMBS[LIMBS - 1]! + c;
  o[LIMBS - 1] = top;
  return top;
}

const canonT = fe();
const canonU = fe();

/**
 * o = the canonical representative in [0, p) of the raw value of a (limbs 0..9 in [0, 2^24),
 * limb 10 in [0, 2^16)), for any a of weight <= 2^8. Constant time.
 */
export function canonicalRaw(o: Fe, a: Fe): void {
  const t = canonT;
  carryExact(t, a);
  // First fold: value in [−2c, 2^256 + c) with c = 2^256 − p < 2^225. Second fold: at most one
  // more ±p, which leaves the value in [0, 2^256).
  foldExact(t, t);
  foldExact(t, t);
  // Subtract p once if the value is >= p (then t − p has a non-negative top limb).
  const top = subP(canonU, t);
  const ge = 1 - ((top | 0) >>> 31);
  select(o, t, canonU, ge);
}

const outScratch = fe();

/** o = canonical raw value (not Montgomery) of the Montgomery element a. */
export function fromMont(o: Fe, a: Fe): void {
  mulP(outScratch, a, ONE_RAW);
  canonicalRaw(o, outScratch);
}

const bytesScratch = fe();

/** Writes the canonical value of the Montgomery element a as 32 big-endian bytes at out[off]. */
export function toBytes(out: Uint8Array, off: number, a: Fe): void {
  const t = bytesScratch;
  fromMont(t, a);
  // Limb i covers bits 24i .. 24i+23, that is bytes 31−3i, 30−3i, 29−3i from the start.
  for (let i = 0; i < LIMBS; i++) {
    const v = t[i]!;
    const pos = off + 31 - 3 * i;
    out[pos] = v & 0xff;
    out[pos - 1] = (v >>> 8) & 0xff;
    if (i < LIMBS - 1) out[pos - 2] = (v >>> 16) & 0xff;
  }
  wipeCanon();
  t.fill(0);
}

/** Clears the scratch of canonicalRaw/fromMont, which may hold secret-derived values. */
function wipeCanon(): void {
  canonT.fill(0);
  canonU.fill(0);
  outScratch.fill(0);
}

/** Raw limbs of the 32-byte big-endian integer at b[off..off+32) (no reduction). */
function rawFromBytes(o: Fe, b: Uint8Array, off: number): void {
  for (let i = 0; i < LIMBS; i++) {
    const pos = off + 31 - 3 * i;
    const hi = i < LIMBS - 1 ? b[pos - 2]! << 16 : 0;
    o[i] = hi | (b[pos - 1]! << 8) | b[pos]!;
  }
}

/** Montgomery form of the 32-byte big-endian integer at b[off..) (any value < 2^256). */
export function fromBytes(o: Fe, b: Uint8Array, off: number): void {
  rawFromBytes(o, b, off);
  mulP(o, o, R2);
}

const PBYTES = Uint8Array.from(P.toString(16).padStart(64, '0').match(/../g)!, (h) => parseInt(h, 16));

/** True iff the 32-byte big-endian integer at b[off..) is < p (public data; variable time). */
export function bytesBelowP(b: Uint8Array, off: number): boolean {
  for (let i = 0; i < 32; i++) {
    const x = b[off + i]!;
    const y = PBYTES[i]!;
    if (x !== y) return x < y;
  }
  return false;
}

const zScratch = fe();

/** 1 if a ≡ 0 (mod p), else 0. Constant time. */
export function isZero(a: Fe): number {
  canonicalRaw(zScratch, a);
  let acc = 0;
  for (let i = 0; i < LIMBS; i++) acc |= zScratch[i]!;
  zScratch.fill(0);
  wipeCanon();
  return ((acc | -acc) >>> 31) ^ 1;
}

const eqScratch = fe();

/** 1 if a ≡ b (mod p), else 0. Constant time. */
export function eq(a: Fe, b: Fe): number {
  sub(eqScratch, a, b);
  return isZero(eqScratch);
}

/** Parity of the canonical value of the Montgomery element a. */
export function isOdd(a: Fe): number {
  fromMont(bytesScratch, a);
  const r = bytesScratch[0]! & 1;
  bytesScratch.fill(0);
  return r;
}

/** o = a^(2^k) (k >= 1 squarings). */
function sqrK(o: Fe, a: Fe, k: number): void {
  sqrP(o, a);
  for (let i = 1; i < k; i++) sqrP(o, o);
}

/** a31 = x^(2^31 − 1), a32 = x^(2^32 − 1); u receives a30. Writing a_k = x^(2^k − 1). */
function powPrefix(a31: Fe, a32: Fe, x: Fe, t: Fe, u: Fe, v: Fe): void {
  sqrP(t, x); mulP(t, t, x); // a2
  sqrP(u, t); mulP(u, u, x); // a3
  sqrK(t, u, 3); mulP(t, t, u); // a6
  v.set(t);
  sqrK(t, t, 6); mulP(t, t, v); // a12
  sqrK(t, t, 3); mulP(t, t, u); // a15
  u.set(t);
  sqrK(t, t, 15); mulP(t, t, u); // a30
  u.set(t);
  sqrP(a31, t); mulP(a31, a31, x);
  sqrP(a32, a31); mulP(a32, a32, x);
}

const ex = fe(), et = fe(), eu = fe(), ev = fe(), e31 = fe(), e32 = fe();

function wipeExp(): void {
  for (const t of [ex, et, eu, ev, e31, e32]) t.fill(0);
}

/**
 * o = a^(p−2) = a⁻¹ (Fermat; 0 maps to 0). Fixed addition chain, 256 squarings and 15
 * multiplications, constant time. p − 2 = [31 ones][0][128 ones][32 zeros][62 ones][0][1].
 */
export function inv(o: Fe, a: Fe): void {
  ex.set(a);
  powPrefix(e31, e32, ex, et, eu, ev); // eu = a30
  const r = et;
  r.set(e31);
  sqrK(r, r, 33); mulP(r, r, e32); // 0 then 32 ones
  for (let i = 0; i < 3; i++) { sqrK(r, r, 32); mulP(r, r, e32); } // 96 more ones
  sqrK(r, r, 64); mulP(r, r, e32); // 32 zeros, 32 ones
  sqrK(r, r, 30); mulP(r, r, eu); // 30 ones
  sqrK(r, r, 2); mulP(r, r, ex); // 0, 1
  o.set(r);
  wipeExp();
}

/**
 * o = a^((p+1)/4), a square root of a if there is one (p ≡ 3 mod 4); returns 1 if o² ≡ a, else 0.
 * (p+1)/4 = [31 ones][0][128 ones][31 zeros][1][62 zeros].
 */
export function sqrt(o: Fe, a: Fe): number {
  ex.set(a);
  powPrefix(e31, e32, ex, et, eu, ev);
  const r = et;
  r.set(e31);
  sqrK(r, r, 33); mulP(r, r, e32);
  for (let i = 0; i < 3; i++) { sqrK(r, r, 32); mulP(r, r, e32); }
  sqrK(r, r, 32); mulP(r, r, ex);
  sqrK(r, r, 62);
  o.set(r);
  sqrP(eu, r);
  const ok = eq(eu, ex);
  wipeExp();
  return ok;
}
