/**
 * Password verifiers: salted PBKDF2-HMAC-SM3, never the password. Checked in constant time;
 * lockout bookkeeping is the caller's (device.ts), which persists the failure counters.
 *
 * @module
 */
import { ctEqual, wipe } from '../algorithms/internal/bytes.js';
import type { RandomSource } from '../algorithms/internal/random.js';
import { pbkdf2HmacSm3 } from '../algorithms/sm3/index.js';
import type { PasswordVerifier } from '../store/index.js';

const HASH_BYTES = 32;
const SALT_BYTES = 16;

export function makeVerifier(password: Uint8Array, iterations: number, rand: RandomSource): PasswordVerifier {
  const salt = rand(SALT_BYTES);
  return { salt, iterations, hash: pbkdf2HmacSm3(password, salt, iterations, HASH_BYTES), failures: 0, lockedUntil: 0 };
}

/** True when `password` matches; the comparison takes the same time either way. */
export function checkPassword(v: PasswordVerifier, password: Uint8Array): boolean {
  const h = pbkdf2HmacSm3(password, v.salt, v.iterations, HASH_BYTES);
  const ok = ctEqual(h, v.hash);
  wipe(h);
  return ok;
}
