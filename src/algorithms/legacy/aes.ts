/**
 * AES (FIPS 197) in GCM (NIST SP 800-38D) and CBC (SP 800-38A §6.2) through node:crypto,
 * with the same contracts as the SM4 modes, so the engine can swap one for the other:
 *
 * - `aesGcm(key)` is an `Aead`: 16-byte tag; `seal` draws a 12-byte nonce and returns
 *   nonce ‖ ciphertext ‖ tag; `sealWithNonce`/`openWithNonce` take nonces of 1 to 128 bytes
 *   (12 bytes is the fast path of §7.1; an empty one is refused, as it leaks H; OpenSSL stops at
 *   128 bytes, where SM4-GCM has no limit). Every failed open
 *   is one CryptoError SDR_MACERR, "authentication failed", and no plaintext is returned (what
 *   OpenSSL decrypted before the tag check is zeroed).
 * - `aesCbc.encrypt/decrypt(key, iv, data, { padding })`: PKCS#7 (RFC 5652 §6.3) by default or
 *   'none'. Errors as SM4-CBC: key length -> SDR_KEYERR; IV length, partial blocks, empty
 *   ciphertext with padding -> SDR_INARGERR; bad padding -> SDR_SYMOPERR.
 *
 * Keys are 16, 24 or 32 bytes. The AEAD keeps a private copy of the key, zeroed by
 * `destroy()`; OpenSSL's expanded keys live only for one call each.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import type { Aead } from '../types.js';
import { CryptoError } from '../internal/errors.js';
import { concatBytes, wipe } from '../internal/bytes.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { pkcs7LastBlock, pkcs7PadLength } from '../internal/pkcs7.js';

/** PKCS#7 or none, as for SM4. */
export type AesPadding = 'pkcs7' | 'none';

/** Options of `aesCbc`. */
export interface AesCbcOptions {
  /** Default 'pkcs7': any length encrypts and decrypts back. 'none' needs whole blocks. */
  padding?: AesPadding;
}

/** Options of `aesGcm`. */
export interface AesGcmOptions {
  /** Source of the nonces `seal` draws (default: the OS). */
  random?: RandomSource;
}

/** An AES-GCM instance; `destroy()` zeroes its key copy. */
export interface AesAead extends Aead {
  destroy(): void;
}

const TAG_LEN = 16;
const NONCE_LEN = 12;
/** OpenSSL 3.0's GCM takes IVs up to 1024 bits (providers' GCM_IV_MAX_SIZE); node passes that on. */
const MAX_NONCE_LEN = 128;
const EMPTY = new Uint8Array(0);

function checkKey(key: unknown, what: string): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what}: key must be a Uint8Array`);
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new CryptoError('SDR_KEYERR', `${what}: key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
  return key;
}

function bytesArg(x: unknown, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  return x;
}

function authFailed(what: string): CryptoError {
  return new CryptoError('SDR_MACERR', `${what}: authentication failed`);
}

class AesGcm implements AesAead {
  readonly name = 'aes.gcm';
  readonly keyLen: number;
  readonly nonceLen = NONCE_LEN;
  readonly tagLen = TAG_LEN;
  readonly #key: Uint8Array;
  readonly #cipher: CipherGCMTypes;
  readonly #random: RandomSource;
  #live = true;

  constructor(key: Uint8Array, random: RandomSource) {
    this.#key = key.slice();
    this.keyLen = key.length;
    this.#cipher = `aes-${key.length * 8}-gcm` as CipherGCMTypes;
    this.#random = random;
  }

  seal(plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = 'aes.gcm.seal';
    const pt = this.#args(what, plaintext, aad);
    const nonce = this.#random(NONCE_LEN);
    if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_LEN) {
      throw new CryptoError('SDR_RANDERR', `${what}: random source returned a wrong-sized nonce`);
    }
    const out = new Uint8Array(NONCE_LEN + pt.length + TAG_LEN);
    out.set(nonce);
    this.#sealInto(nonce, pt, aad ?? EMPTY, out, NONCE_LEN);
    return out;
  }

  open(sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = 'aes.gcm.open';
    const data = this.#args(what, sealed, aad);
    if (data.length < NONCE_LEN + TAG_LEN) throw authFailed(what);
    return this.#open(data.subarray(0, NONCE_LEN), data.subarray(NONCE_LEN), aad ?? EMPTY, what);
  }

  /** Encrypts under a caller-chosen nonce: ciphertext ‖ tag. Never repeat a nonce under one key. */
  sealWithNonce(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = 'aes.gcm.sealWithNonce';
    const pt = this.#args(what, plaintext, aad);
    const out = new Uint8Array(pt.length + TAG_LEN);
    this.#sealInto(this.#nonce(nonce, what), pt, aad ?? EMPTY, out, 0);
    return out;
  }

  openWithNonce(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad?: Uint8Array): Uint8Array {
    const what = 'aes.gcm.openWithNonce';
    const data = this.#args(what, ciphertextAndTag, aad);
    const n = this.#nonce(nonce, what);
    if (data.length < TAG_LEN) throw authFailed(what);
    return this.#open(n, data, aad ?? EMPTY, what);
  }

  destroy(): void {
    this.#live = false;
    wipe(this.#key);
  }

  #args(what: string, data: unknown, aad: unknown): Uint8Array {
    if (!this.#live) throw new TypeError(`${what}: instance was destroyed`);
    if (aad !== undefined) bytesArg(aad, `${what}: aad`);
    return bytesArg(data, `${what}: data`);
  }

  #nonce(nonce: unknown, what: string): Uint8Array {
    const n = bytesArg(nonce, `${what}: nonce`);
    if (n.length === 0) throw new CryptoError('SDR_INARGERR', `${what}: nonce must not be empty`);
    if (n.length > MAX_NONCE_LEN) throw new CryptoError('SDR_INARGERR', `${what}: nonce of ${n.length} bytes exceeds ${MAX_NONCE_LEN}`);
    return n;
  }

  /** Writes ciphertext ‖ tag at out[off]; `out` has exactly the room for them. */
  #sealInto(nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, out: Uint8Array, off: number): void {
    const c = createCipheriv(this.#cipher, this.#key, nonce, { authTagLength: TAG_LEN });
    if (aad.length > 0) c.setAAD(aad);
    const a = c.update(pt);
    out.set(a, off);
    out.set(c.final(), off + a.length); // empty for GCM, kept for form
    out.set(c.getAuthTag(), off + pt.length);
  }

  #open(nonce: Uint8Array, data: Uint8Array, aad: Uint8Array, what: string): Uint8Array {
    const ctLen = data.length - TAG_LEN;
    const d = createDecipheriv(this.#cipher, this.#key, nonce, { authTagLength: TAG_LEN });
    d.setAuthTag(data.subarray(ctLen));
    if (aad.length > 0) d.setAAD(aad);
    const pt = d.update(data.subarray(0, ctLen));
    try {
      d.final(); // throws when the tag does not match
    } catch {
      wipe(pt);
      throw authFailed(what);
    }
    const out = new Uint8Array(pt);
    wipe(pt);
    return out;
  }
}

/**
 * AES-GCM with a 16-byte tag and 12-byte random nonces.
 * @throws CryptoError SDR_KEYERR (key not 16, 24 or 32 bytes); TypeError.
 */
export function aesGcm(key: Uint8Array, opts: AesGcmOptions = {}): AesAead {
  checkKey(key, 'aes.gcm');
  if (opts.random !== undefined && typeof opts.random !== 'function') throw new TypeError('aes.gcm: random must be a function');
  return new AesGcm(key, opts.random ?? osRandom);
}

function cbc(key: unknown, iv: unknown, data: unknown, decrypt: boolean, opts: AesCbcOptions | undefined, what: string): Uint8Array {
  const k = checkKey(key, what);
  const v = bytesArg(iv, `${what}: iv`);
  const src = bytesArg(data, `${what}: data`);
  const padding = opts?.padding ?? 'pkcs7';
  if (padding !== 'pkcs7' && padding !== 'none') throw new TypeError(`${what}: padding must be 'pkcs7' or 'none'`);
  const pad = padding === 'pkcs7';
  if (v.length !== 16) throw new CryptoError('SDR_INARGERR', `${what}: iv must be 16 bytes, got ${v.length}`);
  const n = src.length;
  if ((decrypt || !pad) && n % 16 !== 0) throw new CryptoError('SDR_INARGERR', `${what}: length ${n} is not a multiple of 16`);
  if (decrypt && pad && n === 0) throw new CryptoError('SDR_INARGERR', `${what}: empty ciphertext`);
  const name = `aes-${k.length * 8}-cbc`;
  if (!decrypt) {
    const c = createCipheriv(name, k, v).setAutoPadding(false);
    if (!pad) return concatBytes(c.update(src), c.final());
    const whole = n - (n % 16);
    const last = pkcs7LastBlock(src);
    const out = new Uint8Array(whole + 16);
    out.set(c.update(src.subarray(0, whole)));
    out.set(c.update(last), whole);
    c.final();
    wipe(last);
    return out;
  }
  const d = createDecipheriv(name, k, v).setAutoPadding(false);
  const a = d.update(src);
  const out = concatBytes(a, d.final());
  wipe(a);
  if (!pad) return out;
  try {
    return out.slice(0, n - pkcs7PadLength(out, n, what));
  } finally {
    wipe(out);
  }
}

/** AES-CBC, one-shot. */
export const aesCbc = Object.freeze({
  /**
   * Encrypts `data` (any length with the default PKCS#7 padding; whole blocks with 'none').
   * @throws CryptoError SDR_KEYERR (key length), SDR_INARGERR (IV not 16 bytes; padding 'none'
   *   and a partial block); TypeError.
   */
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, opts?: AesCbcOptions): Uint8Array {
    return cbc(key, iv, data, false, opts, 'aes.cbc.encrypt');
  },
  /**
   * Decrypts whole blocks and, by default, removes PKCS#7 padding.
   * @throws CryptoError SDR_KEYERR, SDR_INARGERR (IV length, partial block, empty with
   *   padding), SDR_SYMOPERR (bad padding); TypeError.
   */
  decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, opts?: AesCbcOptions): Uint8Array {
    return cbc(key, iv, data, true, opts, 'aes.cbc.decrypt');
  },
});
