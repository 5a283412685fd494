/**
 * Passphrase protection for a small secret (a master-key share or the dev-sealed master key):
 * PBKDF2-HMAC-SM3 → SM4-GCM, with a label bound as associated data so a blob made for one
 * purpose cannot be opened as another.
 *
 * Layout: "MPS1" ‖ iterations (4, big-endian) ‖ salt (16) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
 *
 * @module
 */
import { concatBytes, readU32BE, utf8, wipe, writeU32BE } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { RandomSource } from '../../algorithms/internal/random.js';
import { pbkdf2HmacSm3 } from '../../algorithms/sm3/index.js';
import { sm4Gcm } from '../../algorithms/sm4/index.js';

const MAGIC = utf8('MPS1');
/** Work factor for passphrases held by people (about 0.1 s here). */
export const PASSPHRASE_ITERATIONS = 200_000;

function deriveKey(passphrase: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array {
  return pbkdf2HmacSm3(passphrase, salt, iterations, 16);
}

export function sealWithPassphrase(secret: Uint8Array, passphrase: Uint8Array, label: string, rand: RandomSource,
  iterations = PASSPHRASE_ITERATIONS): Uint8Array {
  const salt = rand(16);
  const key = deriveKey(passphrase, salt, iterations);
  const aead = sm4Gcm(key, { random: rand });
  try {
    const it = new Uint8Array(4);
    writeU32BE(it, 0, iterations);
    return concatBytes(MAGIC, it, salt, aead.seal(secret, utf8(label)));
  } finally {
    aead.destroy();
    wipe(key);
  }
}

/** @throws CryptoError SDR_MIMA_AUTH for a wrong passphrase or a damaged blob. */
export function openWithPassphrase(blob: Uint8Array, passphrase: Uint8Array, label: string): Uint8Array {
  const bad = (): CryptoError => new CryptoError('SDR_MIMA_AUTH', `${label}: wrong passphrase, or the data is damaged`);
  if (blob.length < 4 + 4 + 16 + 12 + 16 || !MAGIC.every((b, i) => blob[i] === b)) throw bad();
  const iterations = readU32BE(blob, 4);
  if (iterations < 1000 || iterations > 10_000_000) throw bad();
  const key = deriveKey(passphrase, blob.subarray(8, 24), iterations);
  const aead = sm4Gcm(key);
  try {
    return aead.open(blob.subarray(24), utf8(label));
  } catch {
    throw bad();
  } finally {
    aead.destroy();
    wipe(key);
  }
}
