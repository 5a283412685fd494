/**
 * The SM4 block cipher (GM/T 0002-2012 = GB/T 32907-2016): key schedule, single- and
 * multi-block encryption, and the power-on known-answer test.
 *
 * Round keys are kept as 64 words in one Int32Array: 0..31 for encryption, 32..63 the same keys
 * reversed for decryption (§7.2), so wiping one array wipes both.
 *
 * @module
 */
import type { BlockCipher } from '../types.js';
import { CryptoError } from '../internal/errors.js';
import { wipe } from '../internal/bytes.js';
import { CK, FK, linearLPrime, tau } from './_tables.js';
import { cryptBlocks, cryptWords } from './_kernels.gen.js';

/** SM4 key size in bytes (the block is 16 bytes too). */
export const SM4_KEY = 16;

/**
 * Checks a 16-byte SM4 key. Not a Uint8Array -> TypeError (misuse); wrong length ->
 * CryptoError SDR_KEYERR.
 */
export function checkKey(key: unknown, what: string, len: number = SM4_KEY): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what}: key must be a Uint8Array`);
  if (key.length !== len) throw new CryptoError('SDR_KEYERR', `${what}: key must be ${len} bytes, got ${key.length}`);
  return key;
}

/**
 * Key expansion (GM/T 0002-2012 §7.3): K_i = MK_i ^ FK_i,
 * rk_i = K_{i+4} = K_i ^ L'(τ(K_{i+1} ^ K_{i+2} ^ K_{i+3} ^ CK_i)).
 * Returns 64 words: encryption keys rk_0..rk_31 then decryption keys rk_31..rk_0.
 * `key` must already be checked (16 bytes at `off`).
 */
export function expandKey(key: Uint8Array, off = 0): Int32Array {
  const rk = new Int32Array(64);
  let k0 = ((key[off]! << 24) | (key[off + 1]! << 16) | (key[off + 2]! << 8) | key[off + 3]!) ^ FK[0]!;
  let k1 = ((key[off + 4]! << 24) | (key[off + 5]! << 16) | (key[off + 6]! << 8) | key[off + 7]!) ^ FK[1]!;
  let k2 = ((key[off + 8]! << 24) | (key[off + 9]! << 16) | (key[off + 10]! << 8) | key[off + 11]!) ^ FK[2]!;
  let k3 = ((key[off + 12]! << 24) | (key[off + 13]! << 16) | (key[off + 14]! << 8) | key[off + 15]!) ^ FK[3]!;
  for (let i = 0; i < 32; i++) {
    const k4 = k0 ^ linearLPrime(tau(k1 ^ k2 ^ k3 ^ CK[i]!));
    rk[i] = k4;
    rk[63 - i] = k4;
    k0 = k1;
    k1 = k2;
    k2 = k3;
    k3 = k4;
  }
  return rk;
}

/** The encryption half of an expanded key (a view, not a copy). */
export const encKeys = (rk: Int32Array): Int32Array => rk.subarray(0, 32);
/** The decryption half of an expanded key (a view, not a copy). */
export const decKeys = (rk: Int32Array): Int32Array => rk.subarray(32, 64);

/** Reads the block at `src[off]` as four big-endian words into `w`. */
export function loadWords(src: Uint8Array, off: number, w: Int32Array): void {
  w[0] = (src[off]! << 24) | (src[off + 1]! << 16) | (src[off + 2]! << 8) | src[off + 3]!;
  w[1] = (src[off + 4]! << 24) | (src[off + 5]! << 16) | (src[off + 6]! << 8) | src[off + 7]!;
  w[2] = (src[off + 8]! << 24) | (src[off + 9]! << 16) | (src[off + 10]! << 8) | src[off + 11]!;
  w[3] = (src[off + 12]! << 24) | (src[off + 13]! << 16) | (src[off + 14]! << 8) | src[off + 15]!;
}

/** Writes the four words of `w` big-endian at `dst[off]`. */
export function storeWords(w: Int32Array, dst: Uint8Array, off: number): void {
  for (let k = 0; k < 4; k++) {
    const x = w[k]!;
    dst[off + 4 * k] = x >>> 24;
    dst[off + 4 * k + 1] = x >>> 16;
    dst[off + 4 * k + 2] = x >>> 8;
    dst[off + 4 * k + 3] = x;
  }
}

/** RangeError unless `buf[off .. off + len)` is inside `buf` (programmer misuse). */
export function checkRange(buf: unknown, off: number, len: number, what: string): void {
  if (!(buf instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  if (!Number.isSafeInteger(off) || off < 0 || off + len > buf.length) {
    throw new RangeError(`${what}: ${len} bytes at offset ${off} do not fit in ${buf.length}`);
  }
}

/**
 * SM4 with an expanded key, for callers that build their own modes (the engine, the device) and
 * for the modes in this folder. Instances hold the round keys; `destroy()` zeroes them.
 *
 * Portable path: secret-indexed table lookups, not constant-time (see _tables.ts).
 *
 * @example
 * const c = new Sm4(key);
 * c.encryptBlocks(src, 0, dst, 0, src.length / 16);
 * c.destroy();
 */
export class Sm4 implements BlockCipher {
  readonly blockSize = 16 as const;
  #rk: Int32Array;
  #enc: Int32Array;
  #dec: Int32Array;
  #live = true;

  /** @throws CryptoError SDR_KEYERR unless `key` is 16 bytes. */
  constructor(key: Uint8Array) {
    checkKey(key, 'Sm4');
    this.#rk = expandKey(key);
    this.#enc = encKeys(this.#rk);
    this.#dec = decKeys(this.#rk);
  }

  #use(what: string): void {
    if (!this.#live) throw new TypeError(`Sm4.${what}: cipher was destroyed`);
  }

  /** Encrypts the 16 bytes at `src[srcOff]` into `dst[dstOff]` (may be the same place). */
  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    this.encryptBlocks(src, srcOff, dst, dstOff, 1);
  }

  /** Decrypts the 16 bytes at `src[srcOff]` into `dst[dstOff]` (may be the same place). */
  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    this.decryptBlocks(src, srcOff, dst, dstOff, 1);
  }

  /**
   * ECB-encrypts `nBlocks` consecutive blocks: the multi-block fast path (no allocation).
   * `dst` may be `src` at the same offset; other overlaps are not supported.
   * @throws RangeError if a range does not fit its array.
   */
  encryptBlocks(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, nBlocks: number): void {
    this.#blocks(this.#enc, src, srcOff, dst, dstOff, nBlocks, 'encryptBlocks');
  }

  /** ECB-decrypts `nBlocks` consecutive blocks; same rules as `encryptBlocks`. */
  decryptBlocks(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, nBlocks: number): void {
    this.#blocks(this.#dec, src, srcOff, dst, dstOff, nBlocks, 'decryptBlocks');
  }

  #blocks(rk: Int32Array, src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, n: number, what: string): void {
    this.#use(what);
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Sm4.${what}: bad block count ${n}`);
    checkRange(src, sOff, 16 * n, `Sm4.${what}: src`);
    checkRange(dst, dOff, 16 * n, `Sm4.${what}: dst`);
    cryptBlocks(rk, src, sOff, dst, dOff, n);
  }

  /** Zeroes the round keys; any later call throws TypeError. */
  destroy(): void {
    wipe(this.#rk);
    this.#live = false;
  }
}

/** GM/T 0002-2012 Annex A.1: key = plaintext = 0123456789abcdeffedcba9876543210. */
const KAT_KEY_PT = [0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210];
const KAT_CT = [0x681edf34, 0xd206965e, 0x86b3e94f, 0x536e4246];

/**
 * Power-on known-answer test (GM/T 0002-2012 Annex A.1, as GM/T 0028 asks of a module before
 * first use): expands the Annex key, encrypts the Annex plaintext with both kernels, decrypts
 * back.
 * @throws CryptoError SDR_UNKNOWERR on any mismatch.
 */
export function selfTest(): void {
  const key = new Uint8Array(16);
  for (let i = 0; i < 16; i++) key[i] = KAT_KEY_PT[i >> 2]! >>> (24 - 8 * (i & 3));
  const rk = expandKey(key);
  const w = Int32Array.from(KAT_KEY_PT);
  cryptWords(encKeys(rk), w);
  let bad = 0;
  for (let i = 0; i < 4; i++) bad |= w[i]! ^ KAT_CT[i]!;
  const block = key.slice();
  cryptBlocks(encKeys(rk), block, 0, block, 0, 1);
  for (let i = 0; i < 16; i++) bad |= block[i]! ^ ((KAT_CT[i >> 2]! >>> (24 - 8 * (i & 3))) & 255);
  cryptBlocks(decKeys(rk), block, 0, block, 0, 1);
  for (let i = 0; i < 16; i++) bad |= block[i]! ^ key[i]!;
  wipe(rk, w, block, key);
  if (bad !== 0) throw new CryptoError('SDR_UNKNOWERR', 'sm4.selfTest: known-answer test failed');
}
