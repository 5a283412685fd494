/**
 * SM4 CBC-MAC as SDF_CalculateMAC computes it for SGD_SM4_MAC (GM/T 0018-2012 §6.5.6,
 * GB/T 15852.1 MAC algorithm 1 without padding): the last block of the CBC encryption of the
 * data under the given IV. The data must be a non-zero multiple of 16 bytes: SDF never pads,
 * so the caller formats the message.
 *
 * Warning: raw CBC-MAC is only secure for messages of one fixed length per key (variable
 * lengths allow forgeries by concatenation). Use it for SDF compatibility; prefer HMAC-SM3 or
 * SM4-GCM elsewhere.
 *
 * @module
 */
import { CryptoError } from '../../internal/errors.js';
import { wipe } from '../../internal/bytes.js';
import { checkKey, encKeys, expandKey, loadWords, storeWords } from '../sm4.js';
import { cryptWords } from '../_kernels.gen.js';
import { checkData } from './driver.js';

/** Absorbs `n` whole blocks of `data[off..]` into the CBC-MAC state `r`, using scratch `w`. */
export function macBlocks(rk: Int32Array, r: Int32Array, w: Int32Array, data: Uint8Array, off: number, n: number): void {
  for (let b = 0; b < n; b++, off += 16) {
    loadWords(data, off, w);
    r[0] ^= w[0]!;
    r[1] ^= w[1]!;
    r[2] ^= w[2]!;
    r[3] ^= w[3]!;
    cryptWords(rk, r);
  }
}

function checkIv16(iv: unknown, what: string): Uint8Array {
  if (!(iv instanceof Uint8Array)) throw new TypeError(`${what}: iv must be a Uint8Array`);
  if (iv.length !== 16) throw new CryptoError('SDR_INARGERR', `${what}: iv must be 16 bytes, got ${iv.length}`);
  return iv;
}

/** An incremental SM4 CBC-MAC (SDF CalculateMAC multi-part). */
export interface Sm4CbcMac {
  /** Absorbs the next chunk (any length; blocks may straddle chunks). */
  update(data: Uint8Array): this;
  /**
   * Returns the 16-byte MAC and wipes the state.
   * @throws CryptoError SDR_INARGERR if the total length is zero or not a multiple of 16.
   */
  digest(): Uint8Array;
  /** Wipes the state; later calls throw TypeError. */
  destroy(): void;
}

class CbcMac implements Sm4CbcMac {
  readonly #rk: Int32Array;
  readonly #r = new Int32Array(4);
  readonly #w = new Int32Array(4);
  readonly #buf = new Uint8Array(16);
  #bufLen = 0;
  #total = 0;
  #live = true;
  readonly #what: string;

  constructor(key: Uint8Array, iv: Uint8Array, what: string) {
    this.#what = what;
    checkKey(key, what);
    checkIv16(iv, what);
    this.#rk = expandKey(key);
    loadWords(iv, 0, this.#r);
  }

  update(data: Uint8Array): this {
    if (!this.#live) throw new TypeError(`${this.#what}.update: MAC already finished or destroyed`);
    checkData(data, `${this.#what}.update`);
    const rk = encKeys(this.#rk);
    let off = 0;
    this.#total += data.length;
    if (this.#bufLen > 0) {
      off = Math.min(16 - this.#bufLen, data.length);
      this.#buf.set(data.subarray(0, off), this.#bufLen);
      this.#bufLen += off;
      if (this.#bufLen < 16) return this;
      macBlocks(rk, this.#r, this.#w, this.#buf, 0, 1);
      this.#bufLen = 0;
    }
    const n = Math.floor((data.length - off) / 16);
    macBlocks(rk, this.#r, this.#w, data, off, n);
    off += 16 * n;
    this.#buf.set(data.subarray(off));
    this.#bufLen = data.length - off;
    return this;
  }

  digest(): Uint8Array {
    if (!this.#live) throw new TypeError(`${this.#what}.digest: MAC already finished or destroyed`);
    try {
      if (this.#total === 0 || this.#bufLen !== 0) {
        throw new CryptoError('SDR_INARGERR', `${this.#what}.digest: data length ${this.#total} is not a positive multiple of 16`);
      }
      const mac = new Uint8Array(16);
      storeWords(this.#r, mac, 0);
      return mac;
    } finally {
      this.destroy();
    }
  }

  destroy(): void {
    this.#live = false;
    wipe(this.#rk, this.#r, this.#w, this.#buf);
  }
}

/**
 * Starts an incremental SM4 CBC-MAC under `key` (16 bytes) and `iv` (16 bytes; SDF callers
 * usually pass zeros).
 * @throws CryptoError SDR_KEYERR, SDR_INARGERR (IV length).
 */
export function createSm4CbcMac(key: Uint8Array, iv: Uint8Array): Sm4CbcMac {
  return new CbcMac(key, iv, 'sm4.createCbcMac');
}

/**
 * SM4 CBC-MAC of `data` (a non-zero multiple of 16 bytes, no padding): 16 bytes.
 * @throws CryptoError SDR_KEYERR, SDR_INARGERR (IV length, data length).
 */
export function sm4CbcMac(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const mac = new CbcMac(key, iv, 'sm4.cbcMac');
  return mac.update(data).digest();
}
