/**
 * SM4-CFB with 128-bit feedback (GB/T 17964-2021 §7 with j = 128; SDF SGD_SM4_CFB; OpenSSL
 * and node "sm4-cfb"): C_i = P_i ^ E(C_{i-1}), C_0 = IV. Any length; a final partial block
 * uses the leading bytes of the keystream block.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import { encKeys, expandKey, loadWords, storeWords } from '../sm4.js';
import { cryptWords } from '../_kernels.gen.js';
import { streamModeApi, type ModeCore, type ModeSpec } from './driver.js';

class CfbCore implements ModeCore {
  readonly #rk: Int32Array;
  readonly #decrypt: boolean;
  /** Input of the next block encryption: the IV, then the last whole ciphertext block. */
  readonly #reg = new Int32Array(4);
  readonly #w = new Int32Array(4);
  /** Keystream of a block in progress, and its ciphertext so far (the next register). */
  readonly #ks = new Uint8Array(16);
  readonly #fb = new Uint8Array(16);
  #pos = 16;

  constructor(key: Uint8Array, iv: Uint8Array, decrypt: boolean) {
    this.#rk = expandKey(key);
    this.#decrypt = decrypt;
    loadWords(iv, 0, this.#reg);
  }

  process(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void {
    let i = this.#partial(src, sOff, dst, dOff, 0, len);
    const rk = encKeys(this.#rk);
    const reg = this.#reg;
    const w = this.#w;
    for (; len - i >= 16; i += 16) {
      cryptWords(rk, reg); // reg = keystream
      loadWords(src, sOff + i, w); // w = input block
      for (let k = 0; k < 4; k++) {
        const x = reg[k]! ^ w[k]!;
        reg[k] = this.#decrypt ? w[k]! : x; // next register = ciphertext
        w[k] = x;
      }
      storeWords(w, dst, dOff + i);
    }
    if (i < len) {
      w.set(reg);
      cryptWords(rk, w);
      storeWords(w, this.#ks, 0);
      this.#pos = 0;
      this.#partial(src, sOff, dst, dOff, i, len);
    }
  }

  /** Continues a block in progress from chunk position i; returns the next position. */
  #partial(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, i: number, len: number): number {
    let pos = this.#pos;
    for (; pos < 16 && i < len; i++, pos++) {
      const x = src[sOff + i]!;
      const y = x ^ this.#ks[pos]!;
      dst[dOff + i] = y;
      this.#fb[pos] = this.#decrypt ? x : y;
    }
    if (pos === 16 && this.#pos < 16) loadWords(this.#fb, 0, this.#reg);
    this.#pos = pos;
    return i;
  }

  destroy(): void {
    wipe(this.#rk, this.#reg, this.#w, this.#ks, this.#fb);
  }
}

export const CFB: ModeSpec = Object.freeze({
  name: 'sm4.cfb',
  ivLen: 16,
  blockMode: false,
  core: (key: Uint8Array, iv: Uint8Array, decrypt: boolean): ModeCore => new CfbCore(key, iv, decrypt),
});

/** SM4-CFB (128-bit feedback), one-shot; any length. */
export const sm4Cfb = streamModeApi(CFB);
