/**
 * A textbook affine elliptic-curve scalar multiplication over a prime field with BigInt, used
 * only to recompute the shared point (x2, y2) of the GM/T SM2 encryption examples so that the
 * KDF output can be checked against the published ciphertext. Slow and variable-time: tests only.
 */
import { gmConstants } from '../helpers/vectors.js';

export interface Curve {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  G: Pt;
}
export type Pt = { x: bigint; y: bigint } | null; // null = point at infinity

const big = (h: unknown): bigint => BigInt('0x' + String(h));

export function curveFromConstants(name: string): Curve {
  const c = gmConstants(name);
  return { p: big(c['p']), a: big(c['a']), b: big(c['b']), n: big(c['n']), G: { x: big(c['gx']), y: big(c['gy']) } };
}

const mod = (v: bigint, p: bigint): bigint => ((v % p) + p) % p;

function inv(v: bigint, p: bigint): bigint {
  // Fermat: v^(p-2) mod p (p prime).
  let r = 1n;
  let base = mod(v, p);
  for (let e = p - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * base) % p;
    base = (base * base) % p;
  }
  return r;
}

export function add(C: Curve, P: Pt, Q: Pt): Pt {
  if (P === null) return Q;
  if (Q === null) return P;
  const { p } = C;
  let l: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, p) === 0n) return null;
    l = mod((3n * P.x * P.x + C.a) * inv(2n * P.y, p), p);
  } else {
    l = mod((Q.y - P.y) * inv(Q.x - P.x, p), p);
  }
  const x = mod(l * l - P.x - Q.x, p);
  return { x, y: mod(l * (P.x - x) - P.y, p) };
}

export function mul(C: Curve, k: bigint, P: Pt): Pt {
  let R: Pt = null;
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    R = add(C, R, R);
    if ((k >> i) & 1n) R = add(C, R, P);
  }
  return R;
}

export function onCurve(C: Curve, P: Pt): boolean {
  if (P === null) return false;
  return mod(P.y * P.y - (P.x * P.x * P.x + C.a * P.x + C.b), C.p) === 0n;
}

export function coord(v: bigint): Uint8Array {
  const h = v.toString(16).padStart(64, '0');
  return Uint8Array.from({ length: 32 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
}
