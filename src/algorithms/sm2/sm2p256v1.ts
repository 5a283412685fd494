/**
 * The fast `CurveBackend` for sm2p256v1 (GM/T 0003.5-2012 §5.1): Float64 limb arithmetic
 * (field.ts, scalar.ts), Jacobian points (point.ts), a fixed-base comb for G (comb.ts) and
 * windowed variable-base multiplication (mul.ts).
 *
 * Secret scalars (k·G, k·P, the scalar steps of signing and key exchange) go through the
 * constant-time paths; public ones (verification, x̄·R in key exchange) through the `Vartime`
 * ones. The fast paths use incomplete additions; comb.ts and mul.ts show why valid secret
 * scalars never meet their exceptional cases. Should a result still come out as Z ≡ 0 (only for
 * out-of-range scalars), it is recomputed with the BigInt arithmetic of generic.ts, which is
 * variable time.
 *
 * @module
 */
import { bytesToBigInt, concatBytes, bigIntToBytes } from '../internal/bytes.js';
import type { CurveBackend, CurvePoint } from './backend.js';
import { buildComb, combMul, combMulVartime, type CombTable } from './comb.js';
import { SM2P256V1 } from './curve.js';
import {
  add as fadd, bytesBelowP, cneg, eq, fe, feFromBigInt, fromBytes, inv, isOdd, isZero, lin, mul,
  sqr, sqrt, toBytes, type Fe,
} from './field.js';
import { pointMul } from './generic.js';
import { mulCt, mulVartime } from './mul.js';
import {
  addVartime, jac, jacFromAffine, onCurve, toAffine, wipeJac, wipeScratch, type Jac,
} from './point.js';
import * as S from './scalar.js';

const C = SM2P256V1;
const COMB_W = 6;

/** A decoded public point: affine Montgomery coordinates, and a comb table once precomputed. */
interface FastPoint extends CurvePoint {
  readonly x: Fe;
  readonly y: Fe;
  table: CombTable | undefined;
}

let gTable: CombTable | undefined;
/** The comb table of G, built on first use (see comb.ts for the cost). */
function baseTable(): CombTable {
  if (gTable === undefined) {
    const G = jac();
    jacFromAffine(G, feFromBigInt(C.gx), feFromBigInt(C.gy));
    gTable = buildComb(G, COMB_W);
  }
  return gTable;
}

const B = feFromBigInt(C.b);

/** x ‖ y bytes of a finite Jacobian point (one field inversion). */
function encodeJac(p: Jac): Uint8Array {
  const x = fe(), y = fe();
  toAffine(x, y, p, inv);
  const out = new Uint8Array(64);
  toBytes(out, 0, x);
  toBytes(out, 32, y);
  x.fill(0);
  y.fill(0);
  return out;
}

function genericXY(k: Uint8Array, P: { x: bigint; y: bigint }): Uint8Array {
  const R = pointMul(C, bytesToBigInt(k), P);
  if (R === null) throw new RangeError('sm2: scalar multiple is the point at infinity');
  return concatBytes(bigIntToBytes(R.x, 32), bigIntToBytes(R.y, 32));
}

function affineBig(P: FastPoint): { x: bigint; y: bigint } {
  return { x: bytesToBigInt(P.xy.subarray(0, 32)), y: bytesToBigInt(P.xy.subarray(32)) };
}

function decodePoint(bytes: Uint8Array): FastPoint | null {
  let off: number;
  const compressed = bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3);
  if (bytes.length === 65 && bytes[0] === 4) off = 1;
  else if (bytes.length === 64) off = 0;
  else if (compressed) off = 1;
  else return null;
  if (!bytesBelowP(bytes, off)) return null;
  const x = fe(), y = fe();
  fromBytes(x, bytes, off);
  if (compressed) {
    // y² = x³ − 3x + b; p ≡ 3 (mod 4), so y = rhs^((p+1)/4) when rhs is a square.
    const rhs = fe();
    sqr(rhs, x);
    mul(rhs, rhs, x);
    lin(rhs, rhs, 1, x, -3);
    fadd(rhs, rhs, B);
    if (!sqrt(y, rhs)) return null;
    if (isOdd(y) !== (bytes[0]! & 1)) cneg(y, 1);
    const xy = new Uint8Array(64);
    xy.set(bytes.subarray(1, 33));
    toBytes(xy, 32, y);
    return { xy, x, y, table: undefined };
  }
  if (!bytesBelowP(bytes, off + 32)) return null;
  fromBytes(y, bytes, off + 32);
  if (!onCurve(x, y)) return null;
  return { xy: bytes.slice(off, off + 64), x, y, table: undefined };
}

function mulBase(k: Uint8Array): Uint8Array {
  const o = jac();
  const ok = combMul(o, baseTable(), k);
  const out = ok ? encodeJac(o) : genericXY(k, { x: C.gx, y: C.gy });
  wipeJac(o);
  wipeScratch();
  return out;
}

function mulBaseMany(ks: readonly Uint8Array[]): Uint8Array[] {
  const pts: (Jac | Uint8Array)[] = ks.map((k) => {
    const o = jac();
    if (combMul(o, baseTable(), k)) return o;
    return genericXY(k, { x: C.gx, y: C.gy });
  });
  wipeScratch();
  // Montgomery's trick over the Jacobian results: one inversion for all Z.
  const jacs = pts.filter((p): p is Jac => !(p instanceof Uint8Array));
  const prefix = jacs.map(() => fe());
  const acc = fe();
  acc.set(feFromBigInt(1n));
  jacs.forEach((p, i) => {
    prefix[i]!.set(acc);
    mul(acc, acc, p.Z);
  });
  const zi = fe(), t = fe(), zi2 = fe(), x = fe(), y = fe();
  inv(zi, acc);
  const enc = new Map<Jac, Uint8Array>();
  for (let i = jacs.length - 1; i >= 0; i--) {
    const p = jacs[i]!;
    mul(t, zi, prefix[i]!); // 1/Z_i
    mul(zi, zi, p.Z);
    sqr(zi2, t);
    mul(x, p.X, zi2);
    mul(zi2, zi2, t);
    mul(y, p.Y, zi2);
    const out = new Uint8Array(64);
    toBytes(out, 0, x);
    toBytes(out, 32, y);
    enc.set(p, out);
    wipeJac(p);
  }
  for (const a of [acc, zi, t, zi2, x, y, ...prefix]) a.fill(0);
  return pts.map((p) => (p instanceof Uint8Array ? p : enc.get(p)!));
}

function mulPoint(k: Uint8Array, P: CurvePoint): Uint8Array {
  const Q = P as FastPoint;
  const o = jac();
  // A prepared point has a comb table: the constant-time comb is ~4x faster than the window.
  const ok = Q.table !== undefined ? combMul(o, Q.table, k) : mulCt(o, Q.x, Q.y, k);
  const out = ok ? encodeJac(o) : genericXY(k, affineBig(Q));
  wipeJac(o);
  wipeScratch();
  return out;
}

/** x ‖ y of two finite Jacobian points with one inversion (Montgomery's trick). */
function encodeJacPair(a: Jac, b: Jac): [Uint8Array, Uint8Array] {
  const t = fe(), u = fe(), ia = fe(), ib = fe();
  mul(t, a.Z, b.Z);
  inv(t, t); // 1/(Za·Zb)
  mul(ia, t, b.Z);
  mul(ib, t, a.Z);
  const out = (p: Jac, zi: Fe): Uint8Array => {
    const r = new Uint8Array(64);
    sqr(u, zi);
    mul(t, p.X, u);
    toBytes(r, 0, t);
    mul(u, u, zi);
    mul(t, p.Y, u);
    toBytes(r, 32, t);
    return r;
  };
  const res: [Uint8Array, Uint8Array] = [out(a, ia), out(b, ib)];
  for (const x of [t, u, ia, ib]) x.fill(0);
  return res;
}

function mulBaseAndPoint(k: Uint8Array, P: CurvePoint): [Uint8Array, Uint8Array] {
  const Q = P as FastPoint;
  const a = jac(), b = jac();
  const okA = combMul(a, baseTable(), k);
  const okB = Q.table !== undefined ? combMul(b, Q.table, k) : mulCt(b, Q.x, Q.y, k);
  let res: [Uint8Array, Uint8Array];
  if (okA & okB) res = encodeJacPair(a, b);
  else res = [mulBase(k), genericXY(k, affineBig(Q))]; // guard only: not reached for 1 <= k < n
  wipeJac(a);
  wipeJac(b);
  wipeScratch();
  return res;
}

function mulAddVartime(P: CurvePoint, k: Uint8Array, Q: CurvePoint): CurvePoint | null {
  const p = P as FastPoint, q = Q as FastPoint;
  const o = jac(), pj = jac();
  mulVartime(o, q.x, q.y, k);
  jacFromAffine(pj, p.x, p.y);
  addVartime(o, o, pj);
  if (isZero(o.Z)) return null;
  const x = fe(), y = fe();
  toAffine(x, y, o, inv);
  const xy = new Uint8Array(64);
  toBytes(xy, 0, x);
  toBytes(xy, 32, y);
  const out: FastPoint = { xy, x, y, table: undefined };
  return out;
}

const vA = jac(), vB = jac();
const vZ2 = fe(), vC = fe();

function verifyCore(P: CurvePoint, e: bigint, r: bigint, s: bigint, t: bigint): boolean {
  const p = P as FastPoint;
  combMulVartime(vA, baseTable(), bigIntToBytes(s, 32));
  const tb = bigIntToBytes(t, 32);
  if (p.table !== undefined) combMulVartime(vB, p.table, tb);
  else mulVartime(vB, p.x, p.y, tb);
  addVartime(vA, vA, vB);
  if (isZero(vA.Z)) return false;
  // Accept iff (e + x1) mod n = r, i.e. x1 ≡ r − e (mod n) with x1 = X/Z² in [0, p): x1 is
  // c = (r − e) mod n or c + n (p < 2n). Compare X with c·Z² instead of inverting Z.
  const c = ((r - e) % C.n + C.n) % C.n;
  sqr(vZ2, vA.Z);
  for (const cand of c + C.n < C.p ? [c, c + C.n] : [c]) {
    vC.set(feFromBigInt(cand));
    mul(vC, vC, vZ2);
    if (eq(vC, vA.X)) return true;
  }
  return false;
}

function precompute(P: CurvePoint): void {
  const p = P as FastPoint;
  if (p.table !== undefined) return;
  const j = jac();
  jacFromAffine(j, p.x, p.y);
  p.table = buildComb(j, COMB_W);
}

const sa = S.sc(), sb = S.sc(), sc = S.sc(), sd = S.sc();

function scalarOut(a: S.Sc): Uint8Array {
  const out = new Uint8Array(32);
  S.toBytes(out, 0, a);
  for (const t of [sa, sb, sc, sd]) t.fill(0);
  return out;
}

export const sm2p256v1Backend: CurveBackend = Object.freeze({
  params: C,
  zConstants: concatBytes(...[C.a, C.b, C.gx, C.gy].map((v) => bigIntToBytes(v, 32))),
  nBytes: bigIntToBytes(C.n, 32),
  decodePoint,
  mulBase,
  mulBaseMany,
  mulPoint,
  mulBaseAndPoint,
  mulAddVartime,
  verifyCore,
  precompute,
  scalarInvert(x: Uint8Array): Uint8Array {
    S.fromBytes(sa, x);
    S.inv(sa, sa);
    return scalarOut(sa);
  },
  scalarSignS(dInv: Uint8Array, d: Uint8Array, k: Uint8Array, r: Uint8Array): Uint8Array {
    S.fromBytes(sa, r);
    S.fromBytes(sb, d);
    S.mul(sa, sa, sb); // r·d
    S.fromBytes(sc, k);
    S.sub(sa, sc, sa); // k − r·d
    S.fromBytes(sd, dInv);
    S.mul(sa, sd, sa);
    return scalarOut(sa);
  },
  scalarMulAdd(a: Uint8Array, b: Uint8Array, c: Uint8Array): Uint8Array {
    S.fromBytes(sa, b);
    S.fromBytes(sb, c);
    S.mul(sa, sa, sb);
    S.fromBytes(sc, a);
    S.add(sa, sc, sa);
    return scalarOut(sa);
  },
} satisfies CurveBackend);
