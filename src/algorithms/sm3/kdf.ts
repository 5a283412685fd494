/**
 * The SM3 key derivation function of GM/T 0003.3-2012 / GB/T 32918.3-2016 §5.4.3 (also used by
 * GB/T 32918.4 encryption and GM/T 0044 SM9):
 *   K = Ha_1 ‖ Ha_2 ‖ … truncated to klen, with Ha_i = SM3(Z ‖ ct_i), ct_i = i as a 32-bit
 *   big-endian counter starting at 1.
 *
 * Z is absorbed once; each counter block then starts from a copy of that state, so a long Z
 * (SM2 key exchange hashes xV ‖ yV ‖ Z_A ‖ Z_B) is not re-hashed per 32 output bytes.
 *
 * @module
 */
import { abytes, wipe } from '../internal/bytes.js';
import { Sm3Hash } from './sm3.js';

/** Largest klen in bytes: the counter is 32 bits, so at most 2^32 − 1 digests (§5.4.3). */
export const SM3_KDF_MAX_BYTES = (2 ** 32 - 1) * 32;

/**
 * KDF(Z, klen) of GB/T 32918.3 §5.4.3 with klen in BYTES (the standard counts bits; every
 * GM/T use asks for whole bytes).
 * @param z shared secret bit string Z.
 * @param klen output length in bytes, 0 ≤ klen ≤ (2^32 − 1)·32.
 * @returns a fresh array of klen bytes.
 * @throws TypeError if `z` is not a Uint8Array; RangeError if `klen` is not an integer in range.
 */
export function sm3Kdf(z: Uint8Array, klen: number): Uint8Array {
  abytes(z, undefined, 'sm3Kdf: z');
  if (!Number.isSafeInteger(klen) || klen < 0 || klen > SM3_KDF_MAX_BYTES) {
    throw new RangeError(`sm3Kdf: klen must be an integer in [0, ${SM3_KDF_MAX_BYTES}] bytes`);
  }
  const out = new Uint8Array(klen);
  if (klen === 0) return out;
  const base = new Sm3Hash().update(z);
  const h = new Sm3Hash();
  const ct = new Uint8Array(4);
  const last = new Uint8Array(32);
  let off = 0;
  for (let i = 1; off < klen; i++, off += 32) {
    h.copyFrom(base);
    ct[0] = i >>> 24;
    ct[1] = i >>> 16;
    ct[2] = i >>> 8;
    ct[3] = i;
    h.update(ct);
    if (klen - off >= 32) {
      h.digestInto(out, off);
    } else {
      h.digestInto(last, 0);
      out.set(last.subarray(0, klen - off), off);
    }
  }
  base.destroy();
  h.destroy();
  wipe(last);
  return out;
}
