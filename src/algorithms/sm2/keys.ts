/**
 * SM2 keys (GM/T 0003.1-2012 §6: key pair generation and public-key validation; encodings of
 * §4.2.8–4.2.9): private keys are 32-byte big-endian integers d in [1, n − 2] (n − 1 is excluded
 * because signing needs (1 + d)⁻¹), public keys are points P = [d]G.
 *
 * Public keys are accepted as 04‖x‖y (65 bytes), 02/03‖x (33 bytes) or the raw x‖y (64 bytes)
 * that GM/T 0018 structures carry; they are returned as 04‖x‖y unless compression is asked for.
 *
 * @module
 */
import { abytes, concatBytes, wipe } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import type { RandomSource } from '../internal/random.js';
import type { CurveBackend, CurvePoint } from './backend.js';
import { sm2p256v1Backend as SM2 } from './sm2p256v1.js';

/** 1 if a < b, else 0, for big-endian byte arrays of equal length; constant time. */
export function ctLess(a: Uint8Array, b: Uint8Array): number {
  let borrow = 0;
  for (let i = a.length - 1; i >= 0; i--) borrow = ((a[i]! - b[i]! - borrow) >>> 31) & 1;
  return borrow;
}

/** 1 if every byte is zero, else 0; constant time. */
export function ctIsZero(a: Uint8Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i]!;
  return ((acc - 1) >>> 31) & 1;
}

/** n − 1 and n − 2 style bounds: n minus a small integer, as 32 big-endian bytes. */
export function nMinus(curve: CurveBackend, k: number): Uint8Array {
  const out = curve.nBytes.slice();
  let borrow = k;
  for (let i = 31; i >= 0 && borrow > 0; i--) {
    const v = out[i]! - borrow;
    out[i] = v & 0xff;
    borrow = v < 0 ? 1 : 0;
  }
  return out;
}

const boundCache = new WeakMap<CurveBackend, Uint8Array>();
/** n − 1 as bytes: private keys must be below it. */
function privBound(curve: CurveBackend): Uint8Array {
  let b = boundCache.get(curve);
  if (b === undefined) boundCache.set(curve, (b = nMinus(curve, 1)));
  return b;
}

/** 1 if d is a valid private key (1 <= d <= n − 2); constant time. */
export function isValidPrivate(curve: CurveBackend, d: Uint8Array): number {
  return (1 ^ ctIsZero(d)) & ctLess(d, privBound(curve));
}

/** Checks and returns a private key; throws CryptoError SDR_KEYERR otherwise. */
export function parsePrivateKey(curve: CurveBackend, d: unknown, fn: string): Uint8Array {
  if (!(d instanceof Uint8Array)) throw new TypeError(`${fn}: privateKey must be a Uint8Array`);
  if (d.length !== 32) throw new CryptoError('SDR_KEYERR', `${fn}: private key must be 32 bytes`);
  if (!isValidPrivate(curve, d)) {
    throw new CryptoError('SDR_KEYERR', `${fn}: private key out of range [1, n-2]`);
  }
  return d;
}

/** Decodes and validates a public key; throws CryptoError SDR_KEYERR otherwise. */
export function parsePublicKey(curve: CurveBackend, pub: unknown, fn: string, what = 'public key'): CurvePoint {
  if (!(pub instanceof Uint8Array)) throw new TypeError(`${fn}: ${what} must be a Uint8Array`);
  const P = curve.decodePoint(pub);
  if (P === null) {
    throw new CryptoError('SDR_KEYERR', `${fn}: invalid ${what} (encoding, coordinate range or curve equation)`);
  }
  return P;
}

/**
 * A uniformly random scalar in [1, bound − 1] (bound given as 32 bytes) by rejection sampling:
 * 32 random bytes are accepted when they fall in range, so the result is exactly the random
 * source's output (which lets tests replay the standards' fixed k). A rejected draw reveals
 * nothing about the accepted one.
 */
export function randomScalar(rand: RandomSource, bound: Uint8Array, fn: string): Uint8Array {
  for (let i = 0; i < 64; i++) {
    const k = rand(32);
    if (!(k instanceof Uint8Array) || k.length !== 32) {
      throw new CryptoError('SDR_RANDERR', `${fn}: random source returned a wrong length`);
    }
    if ((1 ^ ctIsZero(k)) & ctLess(k, bound)) return k;
    wipe(k);
  }
  throw new CryptoError('SDR_RANDERR', `${fn}: random source keeps returning out-of-range values`);
}

/** 04 ‖ x ‖ y. */
export function uncompressed(xy: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(4), xy);
}

/** 02/03 ‖ x (03 when y is odd). */
export function compressed(xy: Uint8Array): Uint8Array {
  const out = new Uint8Array(33);
  out[0] = 2 | (xy[63]! & 1);
  out.set(xy.subarray(0, 32), 1);
  return out;
}

/** Key generation (GM/T 0003.1 §6.1) on any backend. */
export function generateKeyPairWith(curve: CurveBackend, rand: RandomSource, fn: string):
  { privateKey: Uint8Array; publicKey: Uint8Array } {
  const d = randomScalar(rand, privBound(curve), fn);
  return { privateKey: d, publicKey: uncompressed(curve.mulBase(d)) };
}

/**
 * The public key of a private key: 04‖x‖y, or 02/03‖x with `{ compressed: true }`.
 * @throws CryptoError SDR_KEYERR for an invalid private key.
 */
export function getPublicKey(privateKey: Uint8Array, opts: { compressed?: boolean } = {}): Uint8Array {
  const d = parsePrivateKey(SM2, privateKey, 'sm2.getPublicKey');
  const xy = SM2.mulBase(d);
  return opts.compressed === true ? compressed(xy) : uncompressed(xy);
}

/** Throws CryptoError SDR_KEYERR unless privateKey is 32 bytes encoding 1 <= d <= n − 2. */
export function validatePrivateKey(privateKey: Uint8Array): void {
  parsePrivateKey(SM2, privateKey, 'sm2.validatePrivateKey');
}

/**
 * Public-key validation (GM/T 0003.1 §6.2): right length and prefix, x and y below p, on the
 * curve (compressed keys: x has a square root). Infinity has no encoding here, and h = 1.
 * @throws CryptoError SDR_KEYERR when any check fails.
 */
export function validatePublicKey(publicKey: Uint8Array): void {
  parsePublicKey(SM2, publicKey, 'sm2.validatePublicKey');
}

/** 02/03 ‖ x of a valid public key (any accepted encoding). @throws CryptoError SDR_KEYERR */
export function compressPublicKey(publicKey: Uint8Array): Uint8Array {
  return compressed(parsePublicKey(SM2, publicKey, 'sm2.compressPublicKey').xy);
}

/** 04 ‖ x ‖ y of a valid public key (any accepted encoding). @throws CryptoError SDR_KEYERR */
export function decompressPublicKey(publicKey: Uint8Array): Uint8Array {
  return uncompressed(parsePublicKey(SM2, publicKey, 'sm2.decompressPublicKey').xy);
}

/** Byte-array check for API inputs other than keys (TypeError for non-arrays). */
export function bytesArg(x: unknown, fn: string, what: string, len?: number): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${fn}: ${what} must be a Uint8Array`);
  return len === undefined ? x : abytes(x, len, `${fn}: ${what}`);
}
