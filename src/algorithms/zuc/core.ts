/**
 * The ZUC engine shared by ZUC-128 and ZUC-256: key/IV loading, the initialisation stage and a
 * byte-addressed keystream reader over the generated kernels.
 *
 * References: GM/T 0001.1-2012 (= GB/T 33133.1-2016) and the 3GPP "Specification of the 3GPP
 * Confidentiality and Integrity Algorithms 128-EEA3 & 128-EIA3, Document 2: ZUC
 * Specification" v1.6 (§3.2 LFSR, §3.3 bit reorganisation, §3.4 F, §3.5 key loading,
 * §3.6 execution); ZUC-256: "The ZUC-256 Stream Cipher", ZUC design team, 2018 (its key and IV
 * loading with 7-bit constants; the rest of the cipher is ZUC-128's).
 *
 * State layout: Int32Array(18) = LFSR cells s0..s15 (31-bit, in [1, 2^31 − 1]), R1, R2.
 *
 * @module
 */
import { abytes } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { keystreamWords, xorBlocks } from './_kernels.gen.js';
import { D128 } from './_sbox.js';

/** The initialisation stage (§3.6.1), generated with its rounds written out. */
export { initialise } from './_kernels.gen.js';

/** Creates a state array. */
export const newState = (): Int32Array => new Int32Array(18);

/** ZUC-128 key loading (§3.5): s_i = k_i ‖ d_i ‖ iv_i (8 + 15 + 8 bits). */
export function load128(st: Int32Array, key: Uint8Array, iv: Uint8Array): void {
  for (let i = 0; i < 16; i++) st[i] = (key[i]! << 23) | (D128[i]! << 8) | iv[i]!;
  st[16] = 0;
  st[17] = 0;
}

const cell = (a: number, b: number, c: number, d: number): number => (a << 23) | (b << 16) | (c << 8) | d;

/**
 * ZUC-256 key loading ("The ZUC-256 Stream Cipher", initialisation): 32 key bytes K0..K31, IV bytes
 * IV0..IV16 (8 bits) and IV17..IV24 (6 bits each, given here as `iv6[0..7]`), and the 16
 * seven-bit constants `d` (one set for the keystream, one per MAC tag length).
 * Each cell is a 31-bit string a(8) ‖ b(7) ‖ c(8) ‖ d(8).
 */
export function load256(st: Int32Array, K: Uint8Array, IV: Uint8Array, iv6: Uint8Array, d: readonly number[]): void {
  st[0] = cell(K[0]!, d[0]!, K[21]!, K[16]!);
  st[1] = cell(K[1]!, d[1]!, K[22]!, K[17]!);
  st[2] = cell(K[2]!, d[2]!, K[23]!, K[18]!);
  st[3] = cell(K[3]!, d[3]!, K[24]!, K[19]!);
  st[4] = cell(K[4]!, d[4]!, K[25]!, K[20]!);
  st[5] = cell(IV[0]!, d[5]! | iv6[0]!, K[5]!, K[26]!);
  st[6] = cell(IV[1]!, d[6]! | iv6[1]!, K[6]!, K[27]!);
  st[7] = cell(IV[10]!, d[7]! | iv6[2]!, K[7]!, IV[2]!);
  st[8] = cell(K[8]!, d[8]! | iv6[3]!, IV[3]!, IV[11]!);
  st[9] = cell(K[9]!, d[9]! | iv6[4]!, IV[12]!, IV[4]!);
  st[10] = cell(IV[5]!, d[10]! | iv6[5]!, K[10]!, K[28]!);
  st[11] = cell(K[11]!, d[11]! | iv6[6]!, IV[6]!, IV[13]!);
  st[12] = cell(K[12]!, d[12]! | iv6[7]!, IV[7]!, IV[14]!);
  st[13] = cell(K[13]!, d[13]!, IV[15]!, IV[8]!);
  st[14] = cell(K[14]!, d[14]! | (K[31]! >>> 4), IV[16]!, IV[9]!);
  st[15] = cell(K[15]!, d[15]! | (K[31]! & 0x0f), K[30]!, K[29]!);
  st[16] = 0;
  st[17] = 0;
}

/**
 * A keystream reader: the keystream is a byte stream (each 32-bit word big-endian), consumed
 * by bytes or by words from the current position, generated 16 words at a time.
 */
export class KeystreamReader {
  readonly st: Int32Array;
  /** The current block of 16 keystream words. */
  readonly #buf = new Int32Array(16);
  /** Bytes of #buf already consumed (64 = empty). */
  #pos = 64;

  constructor(st: Int32Array) {
    this.st = st;
  }

  #refill(): void {
    keystreamWords(this.st, this.#buf, 0, 1);
    this.#pos = 0;
  }

  #byte(): number {
    if (this.#pos === 64) this.#refill();
    const p = this.#pos++;
    return (this.#buf[p >>> 2]! >>> (24 - 8 * (p & 3))) & 255;
  }

  /** The next 4 keystream bytes as a big-endian uint32. */
  word(): number {
    if ((this.#pos & 3) === 0) {
      if (this.#pos === 64) this.#refill();
      const w = this.#buf[this.#pos >>> 2]!;
      this.#pos += 4;
      return w >>> 0;
    }
    return ((this.#byte() << 24) | (this.#byte() << 16) | (this.#byte() << 8) | this.#byte()) >>> 0;
  }

  /** The next `n` words. */
  words(n: number): Uint32Array {
    const out = new Uint32Array(n);
    let i = 0;
    while (i < n && this.#pos !== 64) out[i++] = this.word();
    const blocks = Math.floor((n - i) / 16);
    if (blocks > 0 && (this.#pos & 3) === 0) {
      keystreamWords(this.st, out, i, blocks);
      i += blocks * 16;
    }
    while (i < n) out[i++] = this.word();
    return out;
  }

  /** `src` XOR the next `src.length` keystream bytes, into a fresh array. */
  xor(src: Uint8Array): Uint8Array {
    const n = src.length;
    const out = new Uint8Array(n);
    let i = 0;
    while (i < n && this.#pos !== 64) out[i] = src[i++]! ^ this.#byte();
    const blocks = Math.floor((n - i) / 64);
    if (blocks > 0) {
      xorBlocks(this.st, src, i, out, i, blocks);
      i += blocks * 64;
    }
    while (i < n) out[i] = src[i++]! ^ this.#byte();
    return out;
  }

  /** Overwrites the state and buffered keystream. */
  wipe(): void {
    this.st.fill(0);
    this.#buf.fill(0);
    this.#pos = 64;
  }
}

/**
 * The public keystream generator behaviour shared by `Zuc128` and `Zuc256`: the keystream is one
 * stream of bytes (each 32-bit keystream word big-endian); `nextWord`, `keystream` and
 * `xorKeystream` all continue from where the previous call stopped, so `xorKeystream` can
 * encrypt a message in parts.
 */
export class ZucGenerator {
  readonly #ks: KeystreamReader;
  readonly #name: string;
  #live = true;

  /** Takes an initialised state (owned from now on) and the class name for messages. */
  protected constructor(st: Int32Array, name: string) {
    this.#ks = new KeystreamReader(st);
    this.#name = name;
  }

  /** The next keystream word (uint32). */
  nextWord(): number {
    this.check('nextWord');
    return this.#ks.word();
  }

  /** The next `nWords` keystream words. @throws RangeError unless 0 ≤ nWords ≤ 2^28 (integer). */
  keystream(nWords: number): Uint32Array {
    this.check('keystream');
    checkCount(nWords, `${this.#name}.keystream: nWords`);
    return this.#ks.words(nWords);
  }

  /**
   * `data` XOR the next `data.length` keystream bytes, as a fresh array (encrypts or decrypts).
   * @throws TypeError if `data` is not a Uint8Array.
   */
  xorKeystream(data: Uint8Array): Uint8Array {
    this.check('xorKeystream');
    abytes(data, undefined, `${this.#name}.xorKeystream: data`);
    return this.#ks.xor(data);
  }

  /** Wipes the state; the object refuses further use. */
  destroy(): void {
    this.#ks.wipe();
    this.#live = false;
  }

  private check(fn: string): void {
    if (!this.#live) throw new TypeError(`${this.#name}.${fn}: generator was destroyed`);
  }
}

/** A key of `len` bytes, else CryptoError SDR_KEYERR (TypeError if not a Uint8Array). */
export function checkKey(key: Uint8Array, fn: string, len: number): void {
  abytes(key, undefined, `${fn}: key`);
  if (key.length !== len) throw new CryptoError('SDR_KEYERR', `${fn}: key must be ${len} bytes, got ${key.length}`);
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > 2 ** 28) throw new RangeError(`${what}: must be an integer in [0, 2^28]`);
}
