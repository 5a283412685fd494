/**
 * Variable-base scalar multiplication on sm2p256v1.
 *
 * - `mulCt(k, P)`: secret k (decryption, encryption's k·P_B, key exchange). Fixed 5-bit signed
 *   windows: 52 windows of 5 doublings and one addition of a table point chosen by a full scan
 *   with arithmetic masking, so the sequence of operations and memory accesses is the same for
 *   every k. Infinity and zero digits are handled with 0/1 flags.
 * - `mulVartime` / `mulDoubleVartime`: public scalars only (verification, key exchange's
 *   public x̄·R). Width-5 wNAF, branches on the digits.
 * The additions are incomplete. In `mulCt` the only step that can meet P = Q for 1 <= k < n is
 * the last addition (for k = n − 6); it is handled there without branching. Anything else that
 * would leave Z ≡ 0 (k ≡ 0 mod n, or in the variable-time paths) is detected at the end and
 * answered by the generic complete implementation.
 *
 * @module
 */
import { cmov, cneg, isZero, select, type Fe } from './field.js';
import {
  add, addVartime, dbl, jac, jacCopy, jacFromAffine, lastH, lastR, madd, setInfinity, wipeJac,
  type Jac,
} from './point.js';
import { maskedRead11, recode } from './comb.js';

const L = 11;
const W = 5;
const CT_WINDOWS = 52; // ceil(256 / 5); 256 % 5 ≠ 0, so no extra carry digit
const CT_ENTRIES = 16;

const STRIDE = 3 * L; // X, Y, Z per entry
const table = new Float64Array(CT_ENTRIES * STRIDE);
const qbuf = new Float64Array(STRIDE);
const q: Jac = { X: qbuf.subarray(0, L), Y: qbuf.subarray(L, 2 * L), Z: qbuf.subarray(2 * L, STRIDE) };
const sum = jac(), tj = jac();

/**
 * o = k·P for a secret 32-byte big-endian k and an affine point P = (px, py) on the curve.
 * Returns 1 on success, 0 if the result is not a finite point computed correctly (k ≡ 0 mod n
 * and nonzero: recompute with the generic implementation); k = 0 gives infinity and returns 1.
 */
export function mulCt(o: Jac, px: Fe, py: Fe, k: Uint8Array): number {
  // Table: i·P for i = 1..16 (Jacobian).
  jacFromAffine(tj, px, py);
  putEntry(0, tj);
  dbl(tj, tj);
  putEntry(1, tj);
  for (let i = 2; i < CT_ENTRIES; i++) {
    madd(tj, tj, px, py); // i·P + P, never exceptional for 2 <= i <= 15
    putEntry(i, tj);
  }
  const digits = new Int32Array(CT_WINDOWS);
  recode(k, W, digits);
  setInfinity(o);
  let accInf = 1;
  for (let j = CT_WINDOWS - 1; j >= 0; j--) {
    if (j !== CT_WINDOWS - 1) for (let s = 0; s < W; s++) dbl(o, o);
    const d = digits[j]!;
    const sign = d >>> 31;
    const abs = (d ^ -sign) + sign;
    // Read every entry, keep entry |d| by masking (zeros for d = 0).
    maskedRead11(qbuf, 0, table, 0, STRIDE, CT_ENTRIES, abs);
    maskedRead11(qbuf, L, table, L, STRIDE, CT_ENTRIES, abs);
    maskedRead11(qbuf, 2 * L, table, 2 * L, STRIDE, CT_ENTRIES, abs);
    cneg(q.Y, sign);
    add(sum, o, q);
    if (j === 0) {
      // Last window only (j is public): acc = [32·A]P can equal q = [d]P here — for k = n − 6 —
      // and the incomplete addition would return Z = 0. Compute 2q as well and keep it when
      // H ≡ R ≡ 0, branch-free. Earlier windows cannot meet this case: 32·A exceeds |d| and
      // stays below n.
      const same = isZero(lastH) & isZero(lastR);
      dbl(tj, q);
      select(sum.X, sum.X, tj.X, same);
      select(sum.Y, sum.Y, tj.Y, same);
      select(sum.Z, sum.Z, tj.Z, same);
    }
    select(sum.X, sum.X, q.X, accInf);
    select(sum.Y, sum.Y, q.Y, accInf);
    select(sum.Z, sum.Z, q.Z, accInf);
    const zero = ((abs - 1) >>> 31) & 1; // abs === 0
    cmov(o.X, sum.X, 1 ^ zero);
    cmov(o.Y, sum.Y, 1 ^ zero);
    cmov(o.Z, sum.Z, 1 ^ zero);
    accInf &= zero;
  }
  digits.fill(0);
  table.fill(0);
  qbuf.fill(0);
  wipeJac(sum);
  wipeJac(tj);
  return accInf | (1 ^ isZero(o.Z));
}

function putEntry(i: number, p: Jac): void {
  table.set(p.X, i * STRIDE);
  table.set(p.Y, i * STRIDE + L);
  table.set(p.Z, i * STRIDE + 2 * L);
}

/** Width-w NAF of a 32-byte big-endian scalar: digits odd in (−2^(w−1), 2^(w−1)) or 0. */
export function wnaf(k: Uint8Array, w: number): Int8Array {
  const bits = new Uint8Array(256 + w + 2);
  for (let i = 0; i < 256; i++) bits[i] = (k[31 - (i >> 3)]! >> (i & 7)) & 1;
  const out = new Int8Array(257);
  const full = 1 << w, half = 1 << (w - 1);
  let i = 0;
  while (i < 257) {
    if (bits[i] === 0) {
      i++;
      continue;
    }
    let v = 0;
    for (let b = 0; b < w; b++) v |= bits[i + b]! << b;
    for (let b = 0; b < w; b++) bits[i + b] = 0;
    if (v >= half) {
      v -= full;
      let j = i + w; // add 2^w back: carry a one into bit i + w
      while (bits[j] === 1) bits[j++] = 0;
      bits[j] = 1;
    }
    out[i] = v;
    i += w;
  }
  return out;
}

const VT_W = 5;
const VT_ENTRIES = 1 << (VT_W - 2); // odd multiples 1, 3, ..., 15

/** Odd multiples P, 3P, ..., 15P of the affine point (px, py), Jacobian. */
function oddMultiples(px: Fe, py: Fe): Jac[] {
  const t: Jac[] = [];
  const p1 = jac();
  jacFromAffine(p1, px, py);
  t.push(p1);
  const twoP = jac();
  dbl(twoP, p1);
  for (let i = 1; i < VT_ENTRIES; i++) {
    const n = jac();
    add(n, t[i - 1]!, twoP); // (2i−1)P + 2P; never exceptional for i < 8
    t.push(n);
  }
  return t;
}

const neg = jac();

/** o = k·P for public k (variable time). Handles every case. */
export function mulVartime(o: Jac, px: Fe, py: Fe, k: Uint8Array): void {
  const naf = wnaf(k, VT_W);
  const table = oddMultiples(px, py);
  let empty = true;
  for (let i = 256; i >= 0; i--) {
    if (!empty) dbl(o, o);
    const d = naf[i]!;
    if (d === 0) continue;
    const e = table[(Math.abs(d) - 1) >> 1]!;
    let pt = e;
    if (d < 0) {
      jacCopy(neg, e);
      cneg(neg.Y, 1);
      pt = neg;
    }
    if (empty) {
      jacCopy(o, pt);
      empty = false;
    } else add(o, o, pt);
  }
  if (empty) {
    setInfinity(o);
    return;
  }
  // An exceptional step leaves Z ≡ 0 for good; redo with complete additions then.
  if (isZero(o.Z)) mulVartimeSlow(o, table, naf);
}

function mulVartimeSlow(o: Jac, table: Jac[], naf: Int8Array): void {
  setInfinity(o);
  for (let i = 256; i >= 0; i--) {
    dbl(o, o);
    const d = naf[i]!;
    if (d === 0) continue;
    jacCopy(neg, table[(Math.abs(d) - 1) >> 1]!);
    if (d < 0) cneg(neg.Y, 1);
    addVartime(o, o, neg);
  }
}
