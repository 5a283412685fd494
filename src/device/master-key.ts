/**
 * The device master key (MK): 32 random bytes that exist only in memory while the device is
 * unlocked. Everything secret at rest is protected by keys derived from it:
 *
 *   wrap key  (16 bytes, SM4-GCM) = first 16 bytes of HMAC-SM3(MK, "mima/v1/wrap")
 *   audit key (32 bytes, HMAC-SM3) = HMAC-SM3(MK, "mima/v1/audit")
 *   check value                    = HMAC-SM3(MK, "mima/v1/check")  (stored; proves a
 *                                    reconstructed MK is the right one without revealing it)
 *
 * One PRF call per label (the HKDF-Expand idea with a single block): labels separate the uses,
 * so the audit key can be handed to the audit log without giving it the power to unwrap keys.
 *
 * @module
 */
import { ctEqual, utf8, wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import type { RandomSource } from '../algorithms/internal/random.js';
import { hmacSm3 } from '../algorithms/sm3/index.js';

export const MASTER_KEY_BYTES = 32;

const LABEL_WRAP = utf8('mima/v1/wrap');
const LABEL_AUDIT = utf8('mima/v1/audit');
const LABEL_CHECK = utf8('mima/v1/check');

export class MasterKey {
  #mk: Uint8Array;

  private constructor(mk: Uint8Array) {
    this.#mk = mk;
  }

  static generate(rand: RandomSource): MasterKey {
    const mk = rand(MASTER_KEY_BYTES);
    if (mk.length !== MASTER_KEY_BYTES) throw new CryptoError('SDR_RANDERR', 'device: random source failed');
    return new MasterKey(mk);
  }

  /** Takes ownership of `bytes` (wiped by `destroy`). */
  static fromBytes(bytes: Uint8Array): MasterKey {
    if (bytes.length !== MASTER_KEY_BYTES) throw new CryptoError('SDR_KEYERR', 'device: master key has the wrong length');
    return new MasterKey(bytes);
  }

  /** A copy of the key itself: only for splitting into shares or sealing. */
  exportForSealing(): Uint8Array {
    return this.#mk.slice();
  }

  wrapKey(): Uint8Array {
    return hmacSm3(this.#mk, LABEL_WRAP).slice(0, 16);
  }

  auditKey(): Uint8Array {
    return hmacSm3(this.#mk, LABEL_AUDIT);
  }

  checkValue(): Uint8Array {
    return hmacSm3(this.#mk, LABEL_CHECK);
  }

  /** True when this key has the stored check value (constant-time comparison). */
  matches(check: Uint8Array): boolean {
    const mine = this.checkValue();
    const ok = ctEqual(mine, check);
    wipe(mine);
    return ok;
  }

  destroy(): void {
    wipe(this.#mk);
  }
}
