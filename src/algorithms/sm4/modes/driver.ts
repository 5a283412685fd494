/**
 * What the unauthenticated SM4 modes share: argument checks, PKCS#7 padding, the one-shot
 * driver and the incremental (multi-part) cipher. A mode module only supplies a `ModeCore`
 * that transforms bytes; everything a caller can get wrong is checked here, once.
 *
 * Error contract (GM/T 0018 codes): wrong key length -> SDR_KEYERR; wrong IV length, or input
 * that is not a whole number of blocks when the mode needs one -> SDR_INARGERR; bad padding on
 * decryption -> SDR_SYMOPERR. Wrong types and impossible options -> TypeError / RangeError.
 *
 * @module
 */
import { CryptoError } from '../../internal/errors.js';
import { wipe } from '../../internal/bytes.js';
import { pkcs7PadLength } from '../../internal/pkcs7.js';
import { checkKey } from '../sm4.js';

/** PKCS#7 (RFC 5652 §6.3) or none. SDF (GM/T 0018) never pads: its callers pass 'none'. */
export type Sm4Padding = 'pkcs7' | 'none';

/** The byte transform of one mode under one key, IV and direction. */
export interface ModeCore {
  /**
   * Transforms `len` bytes of `src` into `dst` (may be `src` at the same offset), carrying the
   * chaining state to the next call. Block modes are only given whole blocks.
   */
  process(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void;
  /** Zeroes the round keys and chaining state. */
  destroy(): void;
}

/** A mode as the driver sees it. */
export interface ModeSpec {
  /** Prefix for messages, e.g. 'sm4.cbc'. */
  readonly name: string;
  /** 16, or 0 for ECB (which takes no IV). */
  readonly ivLen: 0 | 16;
  /** Block modes (ECB, CBC) work on whole blocks and may pad; stream modes take any length. */
  readonly blockMode: boolean;
  /** Builds the core; key and IV are already checked. */
  core(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ModeCore;
}

/** Options of the block modes (ECB, CBC). */
export interface PaddingOptions {
  /** Default 'pkcs7': any length encrypts and decrypts back. 'none' needs whole blocks. */
  padding?: Sm4Padding;
}

const NO_IV = new Uint8Array(0);

export function checkData(data: unknown, what: string): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError(`${what}: data must be a Uint8Array`);
  return data;
}

/** ECB takes no IV (undefined, null or empty); the others exactly 16 bytes. */
export function checkIv(spec: ModeSpec, iv: unknown, what: string): Uint8Array {
  if (spec.ivLen === 0) {
    if (iv === undefined || iv === null || (iv instanceof Uint8Array && iv.length === 0)) return NO_IV;
    if (iv instanceof Uint8Array) throw new CryptoError('SDR_INARGERR', `${what}: ECB takes no IV`);
    throw new TypeError(`${what}: iv must be a Uint8Array`);
  }
  if (!(iv instanceof Uint8Array)) throw new TypeError(`${what}: iv must be a Uint8Array`);
  if (iv.length !== spec.ivLen) {
    throw new CryptoError('SDR_INARGERR', `${what}: iv must be ${spec.ivLen} bytes, got ${iv.length}`);
  }
  return iv;
}

/** The padding to use: block modes default to PKCS#7; stream modes never pad. */
export function checkPadding(spec: ModeSpec, padding: unknown, what: string): boolean {
  if (padding === undefined) return spec.blockMode;
  if (padding !== 'pkcs7' && padding !== 'none') throw new TypeError(`${what}: padding must be 'pkcs7' or 'none'`);
  if (padding === 'pkcs7' && !spec.blockMode) throw new RangeError(`${what}: ${spec.name} does not pad`);
  return padding === 'pkcs7';
}

function notWhole(what: string, len: number): CryptoError {
  return new CryptoError('SDR_INARGERR', `${what}: length ${len} is not a multiple of 16`);
}

/** Writes the PKCS#7 block for the `len` (< 16) trailing bytes at `src[off]` into `block`. */
function padBlock(src: Uint8Array, off: number, len: number, block: Uint8Array): void {
  const p = 16 - len;
  block.set(src.subarray(off, off + len));
  block.fill(p, len);
}

/**
 * One-shot encryption or decryption of `data` into a fresh array. After PKCS#7 removal the
 * result is a view of a fresh buffer whose last bytes hold the removed padding (no copy).
 */
export function oneShot(
  spec: ModeSpec,
  key: unknown,
  iv: unknown,
  data: unknown,
  decrypt: boolean,
  padding: unknown,
  what: string,
): Uint8Array {
  checkKey(key, what);
  const ivb = checkIv(spec, iv, what);
  const src = checkData(data, what);
  const pad = checkPadding(spec, padding, what);
  const n = src.length;
  if (spec.blockMode && (decrypt || !pad) && n % 16 !== 0) throw notWhole(what, n);
  if (pad && decrypt && n === 0) throw new CryptoError('SDR_INARGERR', `${what}: empty ciphertext`);
  const core = spec.core(key as Uint8Array, ivb, decrypt);
  try {
    if (!pad) {
      const out = new Uint8Array(n);
      core.process(src, 0, out, 0, n);
      return out;
    }
    if (!decrypt) {
      const whole = n - (n % 16);
      const out = new Uint8Array(whole + 16);
      core.process(src, 0, out, 0, whole);
      const last = new Uint8Array(16);
      padBlock(src, whole, n - whole, last);
      core.process(last, 0, out, whole, 16);
      wipe(last);
      return out;
    }
    const out = new Uint8Array(n);
    core.process(src, 0, out, 0, n);
    try {
      return out.subarray(0, n - pkcs7PadLength(out, n, what));
    } catch (e) {
      wipe(out);
      throw e;
    }
  } finally {
    core.destroy();
  }
}

/** A multi-part cipher (SDF EncryptInit/Update/Final and the like). */
export interface Sm4Cipher {
  /** Processes the next chunk and returns the output it completes (possibly empty). */
  update(chunk: Uint8Array): Uint8Array;
  /** Returns the remaining output (padding applied or removed) and wipes the state. */
  final(): Uint8Array;
  /** Wipes the state without finishing; later calls throw TypeError. */
  destroy(): void;
}

/**
 * The incremental driver. Block modes keep up to one block back (a whole block when
 * decrypting with padding, since only the last block carries it); stream modes return every
 * byte at once.
 */
export class StreamingCipher implements Sm4Cipher {
  readonly #spec: ModeSpec;
  readonly #core: ModeCore;
  readonly #decrypt: boolean;
  readonly #pad: boolean;
  readonly #what: string;
  readonly #buf = new Uint8Array(16);
  #bufLen = 0;
  #live = true;

  constructor(spec: ModeSpec, key: unknown, iv: unknown, decrypt: boolean, padding: unknown, what: string) {
    checkKey(key, what);
    const ivb = checkIv(spec, iv, what);
    this.#pad = checkPadding(spec, padding, what);
    this.#spec = spec;
    this.#decrypt = decrypt;
    this.#what = what;
    this.#core = spec.core(key as Uint8Array, ivb, decrypt);
  }

  update(chunk: Uint8Array): Uint8Array {
    this.#use('update');
    checkData(chunk, `${this.#what}.update`);
    const len = chunk.length;
    if (!this.#spec.blockMode) {
      const out = new Uint8Array(len);
      this.#core.process(chunk, 0, out, 0, len);
      return out;
    }
    const total = this.#bufLen + len;
    // Decrypting with padding: hold the last whole block back for final().
    const keep = this.#decrypt && this.#pad ? Math.min(total, ((total - 1) % 16) + 1) : total % 16;
    const emit = total - keep;
    if (emit === 0) {
      this.#buf.set(chunk, this.#bufLen);
      this.#bufLen = total;
      return new Uint8Array(0);
    }
    const out = new Uint8Array(emit);
    let used = 0;
    let done = 0;
    if (this.#bufLen > 0) {
      used = 16 - this.#bufLen;
      this.#buf.set(chunk.subarray(0, used), this.#bufLen);
      this.#core.process(this.#buf, 0, out, 0, 16);
      done = 16;
    }
    this.#core.process(chunk, used, out, done, emit - done);
    used += emit - done;
    this.#buf.set(chunk.subarray(used));
    this.#bufLen = len - used;
    return out;
  }

  final(): Uint8Array {
    this.#use('final');
    const what = `${this.#what}.final`;
    try {
      const n = this.#bufLen;
      if (!this.#spec.blockMode) return new Uint8Array(0);
      if (!this.#pad) {
        if (n !== 0) throw new CryptoError('SDR_INARGERR', `${what}: input is not a multiple of 16 bytes`);
        return new Uint8Array(0);
      }
      if (!this.#decrypt) {
        const out = new Uint8Array(16);
        this.#buf.fill(16 - n, n);
        this.#core.process(this.#buf, 0, out, 0, 16);
        return out;
      }
      if (n !== 16) throw new CryptoError('SDR_INARGERR', `${what}: ciphertext is not a positive multiple of 16 bytes`);
      this.#core.process(this.#buf, 0, this.#buf, 0, 16);
      return this.#buf.slice(0, 16 - pkcs7PadLength(this.#buf, 16, what));
    } finally {
      this.destroy();
    }
  }

  destroy(): void {
    if (!this.#live) return;
    this.#live = false;
    this.#core.destroy();
    wipe(this.#buf);
    this.#bufLen = 0;
  }

  #use(fn: string): void {
    if (!this.#live) throw new TypeError(`${this.#what}.${fn}: cipher already finished or destroyed`);
  }
}

/**
 * Keystream modes (OFB, CTR): whole blocks go through `bulk`, a partial block through one
 * keystream block kept in `ks` until used up.
 */
export abstract class KeystreamCore implements ModeCore {
  protected readonly ks = new Uint8Array(16);
  protected pos = 16; // ks[pos..16) not yet used

  /** XORs the keystream of `n` whole blocks into `dst`. */
  protected abstract bulk(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, n: number): void;
  /** Writes the next keystream block into `ks` and advances the state. */
  protected abstract next(): void;
  abstract destroy(): void;

  process(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void {
    let i = this.#useKs(src, sOff, dst, dOff, 0, len);
    const n = Math.floor((len - i) / 16);
    if (n > 0) {
      this.bulk(src, sOff + i, dst, dOff + i, n);
      i += 16 * n;
    }
    if (i < len) {
      this.next();
      this.pos = 0;
      this.#useKs(src, sOff, dst, dOff, i, len);
    }
  }

  /** XORs unused keystream bytes into positions i.. of the chunk; returns the next position. */
  #useKs(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, i: number, len: number): number {
    const ks = this.ks;
    let pos = this.pos;
    for (; pos < 16 && i < len; i++, pos++) dst[dOff + i] = src[sOff + i]! ^ ks[pos]!;
    this.pos = pos;
    return i;
  }
}

/** One-shot API of a stream mode (CFB, OFB, CTR): any length, no padding. */
export interface Sm4StreamModeApi {
  /**
   * Encrypts `data` of any length; the output has the same length.
   * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (IV not 16 bytes).
   */
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** Decrypts `data` of any length; same errors as `encrypt`. */
  decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

export function streamModeApi(spec: ModeSpec): Sm4StreamModeApi {
  return Object.freeze({
    encrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array =>
      oneShot(spec, key, iv, data, false, undefined, `${spec.name}.encrypt`),
    decrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array =>
      oneShot(spec, key, iv, data, true, undefined, `${spec.name}.decrypt`),
  });
}
