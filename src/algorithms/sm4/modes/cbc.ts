/**
 * SM4-CBC (GB/T 17964-2021 §6; SDF SGD_SM4_CBC): C_i = E(P_i ^ C_{i-1}), C_0 = IV.
 * The IV must be unpredictable for each message (GB/T 17964 §6, SP 800-38A Appendix C).
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import { decKeys, encKeys, expandKey, loadWords, storeWords } from '../sm4.js';
import { cryptWords } from '../_kernels.gen.js';
import { oneShot, type ModeCore, type ModeSpec, type PaddingOptions } from './driver.js';

class CbcCore implements ModeCore {
  readonly #rk: Int32Array;
  readonly #decrypt: boolean;
  /** The previous ciphertext block (the IV at first). */
  readonly #prev = new Int32Array(4);
  readonly #w = new Int32Array(4);

  constructor(key: Uint8Array, iv: Uint8Array, decrypt: boolean) {
    this.#rk = expandKey(key);
    this.#decrypt = decrypt;
    loadWords(iv, 0, this.#prev);
  }

  process(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void {
    const prev = this.#prev;
    const w = this.#w;
    if (!this.#decrypt) {
      const rk = encKeys(this.#rk);
      for (let o = 0; o < len; o += 16) {
        loadWords(src, sOff + o, w);
        prev[0] ^= w[0]!;
        prev[1] ^= w[1]!;
        prev[2] ^= w[2]!;
        prev[3] ^= w[3]!;
        cryptWords(rk, prev);
        storeWords(prev, dst, dOff + o);
      }
      return;
    }
    const rk = decKeys(this.#rk);
    for (let o = 0; o < len; o += 16) {
      loadWords(src, sOff + o, w);
      // Keep C_i before it is overwritten (dst may be src).
      const c0 = w[0]!, c1 = w[1]!, c2 = w[2]!, c3 = w[3]!;
      cryptWords(rk, w);
      w[0] ^= prev[0]!;
      w[1] ^= prev[1]!;
      w[2] ^= prev[2]!;
      w[3] ^= prev[3]!;
      storeWords(w, dst, dOff + o);
      prev[0] = c0;
      prev[1] = c1;
      prev[2] = c2;
      prev[3] = c3;
    }
  }

  destroy(): void {
    wipe(this.#rk, this.#prev, this.#w);
  }
}

export const CBC: ModeSpec = Object.freeze({
  name: 'sm4.cbc',
  ivLen: 16,
  blockMode: true,
  core: (key: Uint8Array, iv: Uint8Array, decrypt: boolean): ModeCore => new CbcCore(key, iv, decrypt),
});

/** SM4-CBC, one-shot. */
export const sm4Cbc = Object.freeze({
  /**
   * Encrypts `data` (any length with the default PKCS#7 padding; whole blocks with 'none').
   * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (IV not 16 bytes, or
   *   padding 'none' and a partial block).
   */
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, opts?: PaddingOptions): Uint8Array {
    return oneShot(CBC, key, iv, data, false, opts?.padding, 'sm4.cbc.encrypt');
  },
  /**
   * Decrypts `data` (whole blocks) and, by default, removes PKCS#7 padding.
   * @throws CryptoError SDR_KEYERR, SDR_INARGERR (IV length, not whole blocks, empty with
   *   padding), SDR_SYMOPERR (bad padding).
   */
  decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, opts?: PaddingOptions): Uint8Array {
    return oneShot(CBC, key, iv, data, true, opts?.padding, 'sm4.cbc.decrypt');
  },
});
