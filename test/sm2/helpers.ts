/**
 * Shared pieces of the SM2 tests: replayable random sources, an independent SM2 reference built
 * on @noble/curves points and node:crypto's SM3 (test-only), and the two curves' parameters.
 */
import { createHash } from 'node:crypto';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { bigIntToBytes, bytesToBigInt, concatBytes, fromHex } from '../../src/algorithms/internal/bytes.js';
import type { RandomSource } from '../../src/algorithms/internal/random.js';
import type { CurveParams } from '../../src/algorithms/sm2/curve.js';
import { SM2P256V1 } from '../../src/algorithms/sm2/curve.js';
import { gmConstants } from '../helpers/vectors.js';

export const C = SM2P256V1;
export const N = C.n;
export const b32 = (x: bigint): Uint8Array => bigIntToBytes(x, 32);
export const num = (b: Uint8Array): bigint => bytesToBigInt(b);

/** A random source that returns the given values in order, then fails the test. */
export function replay(...hexes: string[]): RandomSource {
  const queue = hexes.map((h) => fromHex(h));
  return (n: number) => {
    const v = queue.shift();
    if (v === undefined) throw new Error('replay: random source exhausted');
    if (v.length !== n) throw new Error(`replay: asked for ${n} bytes, have ${v.length}`);
    return v;
  };
}

/** The GM/T 0003 Parts 2–4 Annex A test curve, from test-vectors.json constants. */
export function testCurve(): CurveParams {
  const c = gmConstants('sm2_test_curve_fp256') as Record<string, string | number>;
  const h = (k: string): bigint => BigInt('0x' + String(c[k]));
  return Object.freeze({ name: 'sm2-test-curve', p: h('p'), a: h('a'), b: h('b'), n: h('n'), gx: h('gx'), gy: h('gy'), h: 1n });
}

/** sm2p256v1 as an @noble/curves Weierstrass point class (independent arithmetic). */
export const NoblePoint = weierstrass({ p: C.p, n: C.n, h: 1n, a: C.a, b: C.b, Gx: C.gx, Gy: C.gy });

/** 64-byte x ‖ y of a noble point. */
export function nobleXY(P: InstanceType<typeof NoblePoint>): Uint8Array {
  const { x, y } = P.toAffine();
  return concatBytes(b32(x), b32(y));
}

/** node:crypto SM3 (test-only reference). */
export function sm3ref(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** Reference Z and e (GM/T 0003.2 §5.5, §6.1) with node's SM3. */
export function eRef(pubXY: Uint8Array, msg: Uint8Array, id: Uint8Array, c: CurveParams = C): Uint8Array {
  const entl = id.length * 8;
  const z = sm3ref(Uint8Array.of(entl >> 8, entl & 255), id, b32(((c.a % c.p) + c.p) % c.p), b32(c.b), b32(c.gx), b32(c.gy), pubXY);
  return sm3ref(z, msg);
}

/** Reference SM2 verification on noble points (GM/T 0003.2 §7.1). */
export function verifyRef(pubXY: Uint8Array, msg: Uint8Array, sig: Uint8Array, id: Uint8Array): boolean {
  const r = num(sig.subarray(0, 32)), s = num(sig.subarray(32));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const t = (r + s) % N;
  if (t === 0n) return false;
  const P = NoblePoint.fromAffine({ x: num(pubXY.subarray(0, 32)), y: num(pubXY.subarray(32)) });
  const R = NoblePoint.BASE.multiply(s).add(P.multiply(t));
  if (R.is0()) return false;
  return (num(eRef(pubXY, msg, id)) + R.toAffine().x) % N === r;
}

/** A scalar in [1, n−1] from 32 random-ish bytes. */
export function scalarFrom(bytes: Uint8Array, n: bigint = N): bigint {
  return (num(bytes) % (n - 1n)) + 1n;
}

/** Scalars that stress window recodings and exceptional additions. */
export function edgeScalars(n: bigint = N): bigint[] {
  const out = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 15n, 16n, 17n, 31n, 32n, 33n, 63n, 64n, 65n,
    n - 1n, n - 2n, n - 3n, n - 4n, n - 5n, n - 6n, n - 7n, n - 8n, n - 16n, n - 32n, n - 64n,
    (n - 1n) / 2n, (n + 1n) / 2n, 1n << 128n, (1n << 128n) - 1n, 1n << 252n, (1n << 255n) - 1n,
    1n << 255n, 0xffffffffn, (1n << 64n) + 1n];
  // Long runs of ones and zeros.
  for (let k = 8; k < 256; k += 37) {
    out.push((1n << BigInt(k)) - 1n); // ones at the bottom
    out.push(((1n << 256n) - 1n) ^ ((1n << BigInt(k)) - 1n)); // ones at the top, zeros below
  }
  return out.map((x) => ((x % n) + n) % n).filter((x) => x !== 0n);
}
