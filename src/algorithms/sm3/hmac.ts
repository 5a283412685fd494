/**
 * HMAC-SM3: HMAC (RFC 2104 / GB/T 15852.2-2012 MAC algorithm 2 construction) over SM3 with
 * B = 64-byte blocks and L = 32-byte output:
 *   HMAC(K, m) = SM3((K0 ^ opad) ‖ SM3((K0 ^ ipad) ‖ m)),
 * where K0 is K zero-padded to 64 bytes, or SM3(K) zero-padded when K is longer than 64 bytes.
 *
 * The two padded key blocks are absorbed once when the key is set; `clone()` copies both
 * prefix states, so a caller can key once and MAC many messages.
 *
 * @module
 */
import { abytes, wipe } from '../internal/bytes.js';
import type { Hash } from '../types.js';
import { Sm3Hash, sm3 } from './sm3.js';

const IPAD = 0x36;
const OPAD = 0x5c;

/** An HMAC-SM3 computation. Internal fields are used by PBKDF2 in this folder. */
export class HmacSm3 implements Hash {
  readonly outputLen = 32;
  readonly blockLen = 64;
  /** SM3 state after (K0 ^ ipad), then the message so far. */
  readonly inner: Sm3Hash;
  /** SM3 state after (K0 ^ opad). */
  readonly outer: Sm3Hash;
  #live = true;

  /** Use `createHmacSm3(key)`; this constructor takes prepared states. */
  constructor(inner: Sm3Hash, outer: Sm3Hash) {
    this.inner = inner;
    this.outer = outer;
  }

  update(data: Uint8Array): this {
    this.check('update');
    this.inner.update(data);
    return this;
  }

  /** The 32-byte tag; the object is wiped and refuses further use. */
  digest(): Uint8Array {
    this.check('digest');
    const out = new Uint8Array(32);
    this.digestInto(out);
    this.destroy();
    return out;
  }

  /** The tag into `out[0..32)` without checking or wiping (PBKDF2 in this folder). */
  digestInto(out: Uint8Array): void {
    this.inner.digestInto(out, 0);
    this.outer.update(out).digestInto(out, 0);
  }

  /** An independent copy (keyed prefix and message so far). */
  clone(): HmacSm3 {
    this.check('clone');
    return new HmacSm3(this.inner.clone(), this.outer.clone());
  }

  /** Wipes both states; the object refuses further use. */
  destroy(): void {
    this.inner.destroy();
    this.outer.destroy();
    this.#live = false;
  }

  private check(fn: string): void {
    if (!this.#live) throw new TypeError(`hmacSm3.${fn}: digest() was already called`);
  }
}

/**
 * An incremental HMAC-SM3 keyed with `key` (any length; keys over 64 bytes are hashed first,
 * RFC 2104 §2). `clone()` copies the keyed state, so one key setup serves many messages.
 * @throws TypeError if `key` is not a Uint8Array.
 */
export function createHmacSm3(key: Uint8Array): Hash {
  return keyHmacSm3(key);
}

/** createHmacSm3 with its concrete type, for PBKDF2 in this folder. */
export function keyHmacSm3(key: Uint8Array): HmacSm3 {
  abytes(key, undefined, 'hmacSm3: key');
  const k0 = new Uint8Array(64);
  if (key.length > 64) {
    const h = sm3(key);
    k0.set(h);
    wipe(h);
  } else {
    k0.set(key);
  }
  for (let i = 0; i < 64; i++) k0[i] ^= IPAD;
  const inner = new Sm3Hash().update(k0);
  for (let i = 0; i < 64; i++) k0[i] ^= IPAD ^ OPAD;
  const outer = new Sm3Hash().update(k0);
  wipe(k0);
  return new HmacSm3(inner, outer);
}

/**
 * HMAC-SM3 of `data` under `key` in one call: 32 bytes.
 * @throws TypeError if `key` or `data` is not a Uint8Array.
 */
export function hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  abytes(data, undefined, 'hmacSm3: data');
  return keyHmacSm3(key).update(data).digest();
}
