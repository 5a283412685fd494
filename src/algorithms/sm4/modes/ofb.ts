/**
 * SM4-OFB (GB/T 17964-2021 §8; SDF SGD_SM4_OFB): O_i = E(O_{i-1}), O_0 = IV, C_i = P_i ^ O_i.
 * Encryption and decryption are the same operation; any length. The IV must never repeat
 * under one key.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import { encKeys, expandKey, loadWords, storeWords } from '../sm4.js';
import { cryptWords } from '../_kernels.gen.js';
import { KeystreamCore, streamModeApi, type ModeCore, type ModeSpec } from './driver.js';

class OfbCore extends KeystreamCore {
  readonly #rk: Int32Array;
  readonly #enc: Int32Array;
  readonly #reg = new Int32Array(4);

  constructor(key: Uint8Array, iv: Uint8Array) {
    super();
    this.#rk = expandKey(key);
    this.#enc = encKeys(this.#rk);
    loadWords(iv, 0, this.#reg);
  }

  protected bulk(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, n: number): void {
    const reg = this.#reg;
    for (let b = 0; b < n; b++, sOff += 16, dOff += 16) {
      cryptWords(this.#enc, reg);
      for (let k = 0; k < 4; k++) {
        const x = reg[k]!;
        const o = 4 * k;
        dst[dOff + o] = src[sOff + o]! ^ (x >>> 24);
        dst[dOff + o + 1] = src[sOff + o + 1]! ^ (x >>> 16);
        dst[dOff + o + 2] = src[sOff + o + 2]! ^ (x >>> 8);
        dst[dOff + o + 3] = src[sOff + o + 3]! ^ x;
      }
    }
  }

  protected next(): void {
    cryptWords(this.#enc, this.#reg);
    storeWords(this.#reg, this.ks, 0);
  }

  destroy(): void {
    wipe(this.#rk, this.#reg, this.ks);
  }
}

export const OFB: ModeSpec = Object.freeze({
  name: 'sm4.ofb',
  ivLen: 16,
  blockMode: false,
  core: (key: Uint8Array, iv: Uint8Array): ModeCore => new OfbCore(key, iv),
});

/** SM4-OFB, one-shot; any length. */
export const sm4Ofb = streamModeApi(OFB);
