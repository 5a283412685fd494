/**
 * SM3 cryptographic hash (GM/T 0004-2012 = GB/T 32905-2016) and what is built on it.
 *
 * - `sm3`: `sm3(data)` → 32-byte digest; `sm3.create()` → incremental `Hash` (`update`,
 *   `digest` once, `clone` to cache a prefix such as SM2's Z_A).
 * - `hmacSm3` / `createHmacSm3`: HMAC-SM3 (RFC 2104, 64-byte blocks, 32-byte tags).
 * - `sm3Kdf`: the key derivation function of GB/T 32918.3/.4 §5.4.3 (klen in bytes).
 * - `pbkdf2HmacSm3`: PBKDF2 (RFC 8018) with HMAC-SM3.
 * - `selfTest`: the GM/T 0004-2012 Annex A known-answer test (device power-up).
 *
 * SM3 uses no secret-indexed tables or secret-dependent branches: its time depends only on the
 * input length.
 *
 * Errors: TypeError for non-Uint8Array inputs and for use after `digest()`; RangeError for
 * out-of-range lengths and iteration counts; CryptoError SDR_UNKNOWERR from `selfTest`.
 *
 * @module
 */
export { sm3, sm3State, selfTest } from './sm3.js';
export { hmacSm3, createHmacSm3 } from './hmac.js';
export { sm3Kdf } from './kdf.js';
export { pbkdf2HmacSm3 } from './pbkdf2.js';
