/**
 * SM4-XTS for storage encryption: XEX with ciphertext stealing, in the two variants in use.
 *
 * - 'GB' (default): GB/T 17964-2021 XTS. The tweak is multiplied by α in GCM's bit order:
 *   the 16 bytes as a big-endian integer shifted right one bit, 0xE1 XORed into the first byte
 *   when a 1 falls off the end (OpenSSL `xts_standard` "GB", crypto/modes/xts128gb.c; GmSSL).
 *   The default because Mima's users are Chinese vendors whose storage products follow GB/T.
 * - 'IEEE': IEEE Std 1619-2018. The tweak is a little-endian integer shifted left one bit,
 *   0x87 XORed into the first byte on carry-out. A data unit may hold at most 2^20 blocks
 *   (§5.1); longer inputs are refused.
 *
 * Both: key = Key1 ‖ Key2 (32 bytes; Key1 encrypts data, Key2 the tweak), data of at least 16
 * bytes; a final partial block is handled by ciphertext stealing (IEEE 1619 §5.3.2, the same in
 * GB/T 17964), so the output has the input's length. Equal key halves are refused for both
 * variants (IEEE 1619-2018 §5.1 requires Key1 ≠ Key2; with equal halves the tweak encryption
 * becomes an ordinary data encryption an attacker can provoke).
 *
 * @module
 */
import { ctEqual, wipe } from '../../internal/bytes.js';
import { CryptoError } from '../../internal/errors.js';
import { checkKey, decKeys, encKeys, expandKey, loadWords, storeWords } from '../sm4.js';
import { cryptWords } from '../_kernels.gen.js';
import { checkData } from './driver.js';

/** Which XTS: GB/T 17964-2021 or IEEE 1619. */
export type Sm4XtsStandard = 'GB' | 'IEEE';

export interface Sm4XtsOptions {
  /** Default 'GB'. */
  standard?: Sm4XtsStandard;
}

/** IEEE 1619-2018 §5.1: at most 2^20 128-bit blocks per data unit. */
const IEEE_MAX_BLOCKS = 2 ** 20;

/** T = T·α in GB/T 17964 bit order (big-endian words, right shift, 0xE1 into the top byte). */
function mulAlphaGb(t: Int32Array): void {
  const t0 = t[0]!, t1 = t[1]!, t2 = t[2]!, t3 = t[3]!;
  t[3] = (t3 >>> 1) | (t2 << 31);
  t[2] = (t2 >>> 1) | (t1 << 31);
  t[1] = (t1 >>> 1) | (t0 << 31);
  t[0] = (t0 >>> 1) ^ (-(t3 & 1) & 0xe1000000);
}

/**
 * T = T·α in IEEE 1619 bit order, on the same big-endian words: every byte shifts left one bit
 * and takes the top bit of the byte before it; the top bit of byte 15 comes back as 0x87 in
 * byte 0.
 */
function mulAlphaIeee(t: Int32Array): void {
  const t0 = t[0]!, t1 = t[1]!, t2 = t[2]!, t3 = t[3]!;
  const shift = (w: number): number => ((w << 1) & 0xfefefefe) | ((w >>> 15) & 0x00010101);
  t[0] = shift(t0) ^ (-((t3 >>> 7) & 1) & 0x87000000);
  t[1] = shift(t1) | (((t0 >>> 7) & 1) << 24);
  t[2] = shift(t2) | (((t1 >>> 7) & 1) << 24);
  t[3] = shift(t3) | (((t2 >>> 7) & 1) << 24);
}

/** out = E/D(rk, src[off] ^ t) ^ t, one block, into dst[dOff]. */
function xexBlock(rk: Int32Array, t: Int32Array, w: Int32Array, src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number): void {
  loadWords(src, sOff, w);
  for (let k = 0; k < 4; k++) w[k] ^= t[k]!;
  cryptWords(rk, w);
  for (let k = 0; k < 4; k++) w[k] ^= t[k]!;
  storeWords(w, dst, dOff);
}

function xts(key: unknown, tweak: unknown, data: unknown, opts: Sm4XtsOptions | undefined, decrypt: boolean): Uint8Array {
  const what = decrypt ? 'sm4.xts.decrypt' : 'sm4.xts.encrypt';
  const k = checkKey(key, what, 32);
  if (!(tweak instanceof Uint8Array)) throw new TypeError(`${what}: tweak must be a Uint8Array`);
  if (tweak.length !== 16) throw new CryptoError('SDR_INARGERR', `${what}: tweak must be 16 bytes, got ${tweak.length}`);
  const src = checkData(data, what);
  const standard = opts?.standard ?? 'GB';
  if (standard !== 'GB' && standard !== 'IEEE') throw new TypeError(`${what}: standard must be 'GB' or 'IEEE'`);
  if (ctEqual(k.subarray(0, 16), k.subarray(16, 32))) {
    throw new CryptoError('SDR_KEYERR', `${what}: the two key halves must differ`);
  }
  const len = src.length;
  if (len < 16) throw new CryptoError('SDR_INARGERR', `${what}: data must be at least 16 bytes, got ${len}`);
  if (standard === 'IEEE' && len > 16 * IEEE_MAX_BLOCKS) {
    throw new CryptoError('SDR_INARGERR', `${what}: IEEE 1619 data units hold at most 2^20 blocks`);
  }
  const mulAlpha = standard === 'GB' ? mulAlphaGb : mulAlphaIeee;

  const rk1 = expandKey(k, 0);
  const rk2 = expandKey(k, 16);
  const rk = decrypt ? decKeys(rk1) : encKeys(rk1);
  const t = new Int32Array(4);
  const w = new Int32Array(4);
  const tPrev = new Int32Array(4);
  const last = new Uint8Array(16);
  const out = new Uint8Array(len);
  try {
    loadWords(tweak, 0, t);
    cryptWords(encKeys(rk2), t); // T_0 = E(Key2, tweak)
    const full = Math.floor(len / 16);
    const rest = len - 16 * full;
    // With stealing, the last whole block is handled together with the partial one.
    const plain = rest === 0 ? full : full - 1;
    for (let j = 0, o = 0; j < plain; j++, o += 16) {
      xexBlock(rk, t, w, src, o, out, o);
      mulAlpha(t);
    }
    if (rest > 0) {
      const o = 16 * plain; // the last whole block; the partial one follows at o + 16
      if (!decrypt) {
        // CC = XEX(P_{m-1}, T_{m-1}); C_m = CC[0..rest); C_{m-1} = XEX(P_m ‖ CC[rest..16), T_m).
        xexBlock(rk, t, w, src, o, last, 0);
        out.set(last.subarray(0, rest), o + 16);
        last.set(src.subarray(o + 16, len));
        mulAlpha(t);
        xexBlock(rk, t, w, last, 0, out, o);
      } else {
        // Decryption takes the two tweaks in the opposite order (IEEE 1619 §5.4.2).
        tPrev.set(t);
        mulAlpha(t);
        xexBlock(rk, t, w, src, o, last, 0); // PP = XEX^-1(C_{m-1}, T_m)
        out.set(last.subarray(0, rest), o + 16);
        last.set(src.subarray(o + 16, len));
        xexBlock(rk, tPrev, w, last, 0, out, o);
      }
    }
    return out;
  } finally {
    wipe(rk1, rk2, t, w, tPrev, last);
  }
}

/** SM4-XTS, one data unit per call. */
export const sm4Xts = Object.freeze({
  /**
   * Encrypts one data unit (>= 16 bytes; any length above, by ciphertext stealing) under
   * `key` = Key1 ‖ Key2 and the 16-byte `tweak` (e.g. the sector number).
   * @throws CryptoError SDR_KEYERR (key not 32 bytes, or equal halves), SDR_INARGERR (tweak not
   *   16 bytes, data shorter than 16 bytes, IEEE data unit over 2^20 blocks).
   */
  encrypt(key: Uint8Array, tweak: Uint8Array, data: Uint8Array, opts?: Sm4XtsOptions): Uint8Array {
    return xts(key, tweak, data, opts, false);
  },
  /** Decrypts one data unit; same arguments and errors as `encrypt`. */
  decrypt(key: Uint8Array, tweak: Uint8Array, data: Uint8Array, opts?: Sm4XtsOptions): Uint8Array {
    return xts(key, tweak, data, opts, true);
  },
});
