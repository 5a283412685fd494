/**
 * What SM4-GCM and SM4-CCM share as `Aead`s: the random-nonce layout nonce ‖ ciphertext ‖ tag,
 * argument checks, and one opaque error for every failed open.
 *
 * @module
 */
import type { Aead } from '../../types.js';
import { CryptoError } from '../../internal/errors.js';
import { osRandom, type RandomSource } from '../../internal/random.js';

/** An SM4 AEAD instance; `destroy()` zeroes its key schedule and tables. */
export interface Sm4Aead extends Aead {
  destroy(): void;
}

/** Options shared by the SM4 AEADs. */
export interface AeadCommonOptions {
  /** Tag length in bytes (default 16, as RFC 8998). */
  tagLength?: number;
  /** Source of the nonces `seal` draws (default: the OS, via node:crypto). */
  random?: RandomSource;
}

/** The one error every failed open raises: it says nothing about why. */
export function authFailed(what: string): CryptoError {
  return new CryptoError('SDR_MACERR', `${what}: authentication failed`);
}

/** An integer option in `allowed`, or the default. Wrong type -> TypeError; other value -> SDR_INARGERR. */
export function intOption(value: unknown, dflt: number, allowed: (v: number) => boolean, what: string): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${what}: expected an integer`);
  if (!allowed(value)) throw new CryptoError('SDR_INARGERR', `${what}: ${value} is not allowed`);
  return value;
}

function bytesArg(x: unknown, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  return x;
}

const EMPTY = new Uint8Array(0);

/**
 * The Aead surface over a mode's two operations. Subclasses check nonces (`checkNonce`) and
 * implement `sealInto` (writes ciphertext ‖ tag at `out[off]`) and `openFrom` (returns the
 * plaintext, or throws `authFailed` having released nothing).
 */
export abstract class AeadBase implements Sm4Aead {
  readonly keyLen = 16;
  /** Algorithm name as the engine and device select it, e.g. 'sm4-gcm'. */
  readonly name: string;
  readonly nonceLen: number;
  readonly tagLen: number;
  /** Prefix of error messages, e.g. 'sm4.gcm'. */
  readonly #prefix: string;
  readonly #random: RandomSource;
  #live = true;

  protected constructor(name: string, prefix: string, nonceLen: number, tagLen: number, random: RandomSource | undefined) {
    if (random !== undefined && typeof random !== 'function') throw new TypeError(`${prefix}: random must be a function`);
    this.name = name;
    this.#prefix = prefix;
    this.nonceLen = nonceLen;
    this.tagLen = tagLen;
    this.#random = random ?? osRandom;
  }

  /** Throws CryptoError SDR_INARGERR if the mode cannot take this nonce. */
  protected abstract checkNonce(nonce: Uint8Array, what: string): void;
  protected abstract sealInto(nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, out: Uint8Array, off: number, what: string): void;
  protected abstract openFrom(nonce: Uint8Array, data: Uint8Array, off: number, len: number, aad: Uint8Array, what: string): Uint8Array;
  protected abstract wipeState(): void;

  /** Draws a fresh nonce and returns nonce ‖ ciphertext ‖ tag. */
  seal(plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = `${this.#prefix}.seal`;
    this.#use(what);
    const pt = bytesArg(plaintext, `${what}: plaintext`);
    const ad = aad === undefined ? EMPTY : bytesArg(aad, `${what}: aad`);
    const nonce = this.#random(this.nonceLen);
    if (!(nonce instanceof Uint8Array) || nonce.length !== this.nonceLen) {
      throw new CryptoError('SDR_RANDERR', `${what}: random source returned a wrong-sized nonce`);
    }
    const out = new Uint8Array(this.nonceLen + pt.length + this.tagLen);
    out.set(nonce);
    this.sealInto(nonce, pt, ad, out, this.nonceLen, what);
    return out;
  }

  /** Opens nonce ‖ ciphertext ‖ tag as produced by `seal`. */
  open(sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = `${this.#prefix}.open`;
    this.#use(what);
    const data = bytesArg(sealed, `${what}: sealed`);
    const ad = aad === undefined ? EMPTY : bytesArg(aad, `${what}: aad`);
    if (data.length < this.nonceLen + this.tagLen) throw authFailed(what);
    const nonce = data.subarray(0, this.nonceLen);
    return this.openFrom(nonce, data, this.nonceLen, data.length - this.nonceLen, ad, what);
  }

  /** Encrypts under a caller-chosen nonce (SDF AuthEnc, TLS): ciphertext ‖ tag. Never repeat a nonce under one key. */
  sealWithNonce(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = `${this.#prefix}.sealWithNonce`;
    this.#use(what);
    const n = bytesArg(nonce, `${what}: nonce`);
    const pt = bytesArg(plaintext, `${what}: plaintext`);
    const ad = aad === undefined ? EMPTY : bytesArg(aad, `${what}: aad`);
    this.checkNonce(n, what);
    const out = new Uint8Array(pt.length + this.tagLen);
    this.sealInto(n, pt, ad, out, 0, what);
    return out;
  }

  /** Opens ciphertext ‖ tag under a caller-given nonce. */
  openWithNonce(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = `${this.#prefix}.openWithNonce`;
    this.#use(what);
    const n = bytesArg(nonce, `${what}: nonce`);
    const data = bytesArg(ciphertextAndTag, `${what}: ciphertext`);
    const ad = aad === undefined ? EMPTY : bytesArg(aad, `${what}: aad`);
    this.checkNonce(n, what);
    if (data.length < this.tagLen) throw authFailed(what);
    return this.openFrom(n, data, 0, data.length, ad, what);
  }

  /** Zeroes the key schedule and tables; later calls throw TypeError. */
  destroy(): void {
    this.#live = false;
    this.wipeState();
  }

  #use(what: string): void {
    if (!this.#live) throw new TypeError(`${what}: instance was destroyed`);
  }
}
