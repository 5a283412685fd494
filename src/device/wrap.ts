/**
 * Secrets at rest: SM4-GCM under the master wrap key, with the record's identity and
 * attributes as associated data, so a wrapped key moved to another slot, relabelled or paired
 * with another public key fails to unwrap.
 *
 * Layout: nonce (12) ‖ ciphertext ‖ tag (16), as `Aead.seal` writes it.
 *
 * @module
 */
import { utf8, wipe } from '../algorithms/internal/bytes.js';
import { CryptoError, isCryptoError } from '../algorithms/internal/errors.js';
import { sm4Gcm } from '../algorithms/sm4/index.js';

/** What a wrapped secret belongs to; every field goes into the AAD. */
export interface WrapContext {
  /** Record kind, e.g. 'key-pair', 'kek', 'named-key', 'backup'. */
  kind: string;
  /** The record's identity within its kind, e.g. '7/sign' or a key name and version. */
  id: string;
  /** Further bound attributes (algorithm, public key in hex, ...). */
  attributes?: Record<string, string | number>;
}

/** Canonical AAD: JSON of [kind, id, attributes sorted by name]. */
export function wrapAad(ctx: WrapContext): Uint8Array {
  const attrs = Object.entries(ctx.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return utf8(JSON.stringify(['mima/v1', ctx.kind, ctx.id, attrs]));
}

export function wrapSecret(wrapKey: Uint8Array, ctx: WrapContext, secret: Uint8Array): Uint8Array {
  const aead = sm4Gcm(wrapKey);
  try {
    return aead.seal(secret, wrapAad(ctx));
  } finally {
    aead.destroy();
  }
}

/** @throws CryptoError SDR_KEYERR when the record was altered, moved or wrapped by another device. */
export function unwrapSecret(wrapKey: Uint8Array, ctx: WrapContext, wrapped: Uint8Array): Uint8Array {
  const aead = sm4Gcm(wrapKey);
  try {
    return aead.open(wrapped, wrapAad(ctx));
  } catch (e) {
    if (isCryptoError(e)) {
      throw new CryptoError('SDR_KEYERR', `device: stored ${ctx.kind} ${ctx.id} fails its integrity check (altered or moved)`);
    }
    throw e;
  } finally {
    aead.destroy();
  }
}

/** Wipes a key after `fn` has used it. */
export function withKey<T>(key: Uint8Array, fn: (key: Uint8Array) => T): T {
  try {
    return fn(key);
  } finally {
    wipe(key);
  }
}
