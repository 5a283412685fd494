/**
 * A `CurveBackend` over generic.ts (BigInt, variable time) for any curve with p ≡ 3 (mod 4).
 * It exists to run the GM/T 0003 Parts 2–4 Annex A test-curve examples through the same scheme
 * code as sm2p256v1, and as an independent reference for the fast backend in the tests. It is
 * not exported from index.ts and must not be used with secrets in production.
 *
 * @module
 */
import { bigIntToBytes, bytesToBigInt, concatBytes } from '../internal/bytes.js';
import type { CurveBackend, CurvePoint } from './backend.js';
import type { CurveParams } from './curve.js';
import { invert, isOnCurve, liftX, mod, pointAdd, pointMul, type Affine } from './generic.js';

interface GenericPoint extends CurvePoint {
  readonly P: { x: bigint; y: bigint };
}

export function genericBackend(c: CurveParams): CurveBackend {
  // decodePoint does no subgroup check and the key exchange uses [h·t] = [t]: cofactor 1 only.
  if (c.h !== 1n) throw new RangeError('genericBackend: only curves with cofactor 1 are supported');
  const enc = (x: bigint): Uint8Array => bigIntToBytes(x, 32);
  const xy = (P: Affine): Uint8Array => {
    if (P === null) throw new RangeError('genericBackend: point at infinity');
    return concatBytes(enc(P.x), enc(P.y));
  };
  const point = (P: { x: bigint; y: bigint }): GenericPoint => ({ xy: xy(P), P });
  const G = { x: c.gx, y: c.gy };
  const num = (b: Uint8Array): bigint => bytesToBigInt(b);

  return Object.freeze({
    params: c,
    zConstants: concatBytes(enc(mod(c.a, c.p)), enc(c.b), enc(c.gx), enc(c.gy)),
    nBytes: enc(c.n),
    decodePoint(bytes: Uint8Array): CurvePoint | null {
      let x: bigint, y: bigint;
      if (bytes.length === 65 && bytes[0] === 4) {
        x = num(bytes.subarray(1, 33));
        y = num(bytes.subarray(33));
      } else if (bytes.length === 64) {
        x = num(bytes.subarray(0, 32));
        y = num(bytes.subarray(32));
      } else if (bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3)) {
        x = num(bytes.subarray(1));
        if (x >= c.p) return null;
        const yy = liftX(c, x, bytes[0] === 3);
        if (yy === null) return null;
        y = yy;
      } else return null;
      const P = { x, y };
      return isOnCurve(c, P) ? point(P) : null;
    },
    mulBase: (k) => xy(pointMul(c, num(k), G)),
    mulBaseMany: (ks) => ks.map((k) => xy(pointMul(c, num(k), G))),
    mulPoint: (k, P) => xy(pointMul(c, num(k), (P as GenericPoint).P)),
    mulBaseAndPoint: (k, P) => [xy(pointMul(c, num(k), G)), xy(pointMul(c, num(k), (P as GenericPoint).P))],
    mulAddVartime(P, k, Q) {
      const R = pointAdd(c, (P as GenericPoint).P, pointMul(c, num(k), (Q as GenericPoint).P));
      return R === null ? null : point(R);
    },
    verifyCore(P, e, r, s, t) {
      const R = pointAdd(c, pointMul(c, s, G), pointMul(c, t, (P as GenericPoint).P));
      return R !== null && mod(e + R.x, c.n) === r;
    },
    precompute() {},
    scalarInvert: (x) => enc(invert(num(x), c.n)),
    scalarSignS: (dInv, d, k, r) => enc(mod(num(dInv) * (num(k) - num(r) * num(d)), c.n)),
    scalarMulAdd: (a, b, x) => enc(mod(num(a) + num(b) * num(x), c.n)),
  } satisfies CurveBackend);
}
