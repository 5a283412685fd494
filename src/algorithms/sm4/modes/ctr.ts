/**
 * SM4-CTR (GB/T 17964-2021 §9; SDF SGD_SM4_CTR): the IV is the first counter block, a 128-bit
 * big-endian integer incremented by one per block over the whole block, wrapping mod 2^128 (as
 * in draft-ribose-cfrg-sm4 §8.5, GmSSL, OpenSSL and node "sm4-ctr"). Any length; the counter
 * block must never repeat under one key.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import { encKeys, expandKey, loadWords } from '../sm4.js';
import { ctrXorBlocks } from '../_kernels.gen.js';
import { KeystreamCore, streamModeApi, type ModeCore, type ModeSpec } from './driver.js';

class CtrCore extends KeystreamCore {
  readonly #rk: Int32Array;
  readonly #enc: Int32Array;
  readonly #ctr = new Int32Array(4);

  constructor(key: Uint8Array, iv: Uint8Array) {
    super();
    this.#rk = expandKey(key);
    this.#enc = encKeys(this.#rk);
    loadWords(iv, 0, this.#ctr);
  }

  protected bulk(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, n: number): void {
    ctrXorBlocks(this.#enc, this.#ctr, src, sOff, dst, dOff, n, true);
  }

  protected next(): void {
    // Keystream of one block: E(ctr) XORed into zeros.
    this.ks.fill(0);
    ctrXorBlocks(this.#enc, this.#ctr, this.ks, 0, this.ks, 0, 1, true);
  }

  destroy(): void {
    wipe(this.#rk, this.#ctr, this.ks);
  }
}

export const CTR: ModeSpec = Object.freeze({
  name: 'sm4.ctr',
  ivLen: 16,
  blockMode: false,
  core: (key: Uint8Array, iv: Uint8Array): ModeCore => new CtrCore(key, iv),
});

/** SM4-CTR (128-bit big-endian counter), one-shot; any length. */
export const sm4Ctr = streamModeApi(CTR);
