/**
 * The seam between the SM2 schemes (sign.ts, encrypt.ts, exchange.ts, keys.ts, z.ts) and the
 * curve arithmetic. The schemes are written once against `CurveBackend`; two backends exist:
 * - `sm2p256v1.ts`: the fast, constant-time-where-it-matters arithmetic for the recommended
 *   curve of GM/T 0003.5 (the only one the public API uses);
 * - `generic-backend.ts`: BigInt arithmetic for any curve, used to run the GM/T 0003 Parts 2–4
 *   test-curve examples through the same scheme code and as an independent cross-check.
 *
 * Scalars cross this interface as 32-byte big-endian arrays (secret ones are never turned into
 * BigInts by the fast backend); public scalars (r, s, e) as bigint.
 *
 * @module
 */
import type { CurveParams } from './curve.js';

/** A validated public point on the backend's curve (never the point at infinity). */
export interface CurvePoint {
  /** x ‖ y, 32 bytes each, big-endian. */
  readonly xy: Uint8Array;
}

export interface CurveBackend {
  readonly params: CurveParams;
  /** a ‖ b ‖ xG ‖ yG, 32 bytes each: the curve part of Z (GM/T 0003.2 §5.5). */
  readonly zConstants: Uint8Array;
  /** n as 32 big-endian bytes. */
  readonly nBytes: Uint8Array;

  /**
   * Decodes a point given as 04‖x‖y (65 bytes), 02/03‖x (33 bytes) or x‖y (64 bytes) and checks
   * x, y < p and the curve equation (GM/T 0003.1 §6.2 public-key validation; h = 1, so every
   * curve point except infinity is valid). Returns null when any check fails.
   */
  decodePoint(bytes: Uint8Array): CurvePoint | null;

  /** [k]G for a secret scalar k in [1, n−1]; x ‖ y. Constant time where the backend can. */
  mulBase(k: Uint8Array): Uint8Array;
  /** [k_i]G for many secret scalars, sharing one field inversion (Montgomery's trick). */
  mulBaseMany(ks: readonly Uint8Array[]): Uint8Array[];
  /** [k]P for a secret scalar k in [1, n−1]; x ‖ y. Constant time where the backend can. */
  mulPoint(k: Uint8Array, P: CurvePoint): Uint8Array;
  /** [k]G and [k]P together (encryption's C1 and shared point), sharing one field inversion. */
  mulBaseAndPoint(k: Uint8Array, P: CurvePoint): [Uint8Array, Uint8Array];
  /** P + [k]Q for a public scalar k (key exchange); null at infinity. Variable time. */
  mulAddVartime(P: CurvePoint, k: Uint8Array, Q: CurvePoint): CurvePoint | null;
  /**
   * Signature check core (GM/T 0003.2 §7.1 B5–B7): with t = (r + s) mod n ≠ 0, computes
   * (x1, y1) = [s]G + [t]P and returns (e + x1) mod n = r. Public inputs only.
   */
  verifyCore(P: CurvePoint, e: bigint, r: bigint, s: bigint, t: bigint): boolean;
  /** Attaches a precomputed table to P so that later `verifyCore` and `mulPoint` calls are faster. */
  precompute(P: CurvePoint): void;

  /** x⁻¹ mod n for a secret x (constant time where the backend can). */
  scalarInvert(x: Uint8Array): Uint8Array;
  /** dInv·(k − r·d) mod n, the SM2 signature's s (GM/T 0003.2 §6.1 A6). */
  scalarSignS(dInv: Uint8Array, d: Uint8Array, k: Uint8Array, r: Uint8Array): Uint8Array;
  /** (a + b·c) mod n (key exchange's t = d + x̄·r, GM/T 0003.3 §6.1 A5). */
  scalarMulAdd(a: Uint8Array, b: Uint8Array, c: Uint8Array): Uint8Array;
}
