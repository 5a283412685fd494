/**
 * The user-identity hash Z and the signed digest e (GM/T 0003.2-2012 §5.5 and §6.1 A1–A2):
 *   Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA),  e = SM3(Z ‖ M),
 * where ENTL is the bit length of ID as two big-endian bytes. With no ID given, the default
 * ID of GM/T 0009-2012 §10 is used: the 16 ASCII bytes "1234567812345678".
 *
 * For the default ID the first 128 bytes hashed (ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ 14 bytes of yG) are the
 * same for every key, so the SM3 state after them is computed once per curve and cloned: a Z
 * then costs two compression calls instead of four.
 *
 * @module
 */
import { concatBytes, utf8 } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import type { Hash } from '../types.js';
import { sm3 } from '../sm3/index.js';
import type { CurveBackend, CurvePoint } from './backend.js';
import { bytesArg, parsePublicKey } from './keys.js';
import { sm2p256v1Backend as SM2 } from './sm2p256v1.js';

/** The default user ID of GM/T 0009-2012 §10 (ASCII). */
export const SM2_DEFAULT_ID = '1234567812345678';
const DEFAULT_ID_BYTES = utf8(SM2_DEFAULT_ID);

/** A user ID as bytes: strings are UTF-8 encoded; undefined means the default ID. */
export function idBytes(id: Uint8Array | string | undefined, fn: string): Uint8Array {
  const b = id === undefined ? DEFAULT_ID_BYTES : typeof id === 'string' ? utf8(id) : id;
  if (!(b instanceof Uint8Array)) throw new TypeError(`${fn}: id must be a Uint8Array or a string`);
  // ENTL is a 16-bit bit length, so an ID has at most 8191 bytes.
  if (b.length >= 8192) throw new CryptoError('SDR_USERIDERR', `${fn}: user ID must be shorter than 8192 bytes`);
  return b;
}

interface DefaultPrefix {
  /** SM3 state after the first 128 input bytes. */
  readonly state: Hash;
  /** The remaining 18 curve-constant bytes (end of yG). */
  readonly tail: Uint8Array;
}
const prefixCache = new WeakMap<CurveBackend, DefaultPrefix>();

function defaultPrefix(curve: CurveBackend): DefaultPrefix {
  let d = prefixCache.get(curve);
  if (d === undefined) {
    const head = concatBytes(Uint8Array.of(0, 128), DEFAULT_ID_BYTES, curve.zConstants);
    d = { state: sm3.create().update(head.subarray(0, 128)), tail: head.slice(128) };
    prefixCache.set(curve, d);
  }
  return d;
}

function isDefaultId(id: Uint8Array): boolean {
  if (id === DEFAULT_ID_BYTES) return true;
  if (id.length !== DEFAULT_ID_BYTES.length) return false;
  for (let i = 0; i < id.length; i++) if (id[i] !== DEFAULT_ID_BYTES[i]) return false;
  return true;
}

/** Z for a validated public key and an ID (already checked by `idBytes`). */
export function zWith(curve: CurveBackend, P: CurvePoint, id: Uint8Array): Uint8Array {
  if (isDefaultId(id)) {
    const { state, tail } = defaultPrefix(curve);
    return state.clone().update(tail).update(P.xy).digest();
  }
  const bits = id.length * 8;
  return sm3
    .create()
    .update(Uint8Array.of(bits >>> 8, bits & 0xff))
    .update(id)
    .update(curve.zConstants)
    .update(P.xy)
    .digest();
}

/** e = SM3(Z ‖ M). */
export function eWith(z: Uint8Array, message: Uint8Array): Uint8Array {
  return sm3.create().update(z).update(message).digest();
}

/**
 * Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for an SM2 public key (GM/T 0003.2 §5.5).
 * @param id user ID (bytes or UTF-8 string); default "1234567812345678" (GM/T 0009 §10).
 * @throws CryptoError SDR_KEYERR for an invalid public key, SDR_USERIDERR for an ID of 8192
 * bytes or more.
 */
export function computeZ(publicKey: Uint8Array, id?: Uint8Array | string): Uint8Array {
  const fn = 'sm2.computeZ';
  const P = parsePublicKey(SM2, publicKey, fn);
  return zWith(SM2, P, idBytes(id, fn));
}

/**
 * e = SM3(Z_A ‖ M), the digest an SM2 signature signs (GM/T 0003.2 §6.1 A1–A2).
 * @throws as computeZ.
 */
export function computeE(publicKey: Uint8Array, message: Uint8Array, id?: Uint8Array | string): Uint8Array {
  const fn = 'sm2.computeE';
  const P = parsePublicKey(SM2, publicKey, fn);
  return eWith(zWith(SM2, P, idBytes(id, fn)), bytesArg(message, fn, 'message'));
}
