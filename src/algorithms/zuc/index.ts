/**
 * ZUC stream cipher family (GM/T 0001-2012 = GB/T 33133-2016/2021; 3GPP 128-EEA3/128-EIA3).
 *
 * - `Zuc128`: the ZUC-128 keystream generator (16-byte key and IV; GM/T 0001.1).
 * - `eea3(key, count, bearer, direction, message, lengthBits?)`: 128-EEA3 confidentiality
 *   (GM/T 0001.2); returns ⌈lengthBits/8⌉ bytes with the bits after lengthBits zeroed.
 * - `eia3(key, count, bearer, direction, message, lengthBits?)`: 128-EIA3 integrity
 *   (GM/T 0001.3); returns the 4-byte MAC, big-endian.
 * - `Zuc256`, `zuc256Mac`: ZUC-256 of "The ZUC-256 Stream Cipher" (ZUC design team, 2018),
 *   the version the peers implement (GmSSL, Bouncy Castle, gmsm, intel-ipsec-mb): 32-byte key,
 *   184-bit IV given as 25 bytes (IV17..IV24 one 6-bit value per byte) or 23 packed bytes, MAC
 *   tags of 32, 64 or 128 bits. The 2021 addendum (128-bit IV, 48 rounds) is not implemented.
 * - `selfTest`: known-answer tests for the power-up self-test.
 *
 * Portable path: the S-boxes are secret-indexed table lookups (not constant-time against cache
 * observation); the MAC word step is branch-free.
 *
 * Errors: CryptoError SDR_KEYERR (key length), SDR_INARGERR (IV length, COUNT/BEARER/
 * DIRECTION/LENGTH out of range), SDR_UNKNOWERR (self-test); TypeError for non-Uint8Array
 * input and use after `destroy()`; RangeError for bad word counts or MAC sizes.
 *
 * @module
 */
export { Zuc128, eea3, eia3 } from './zuc128.js';
export { Zuc256, zuc256Mac } from './zuc256.js';
export { selfTest } from './selftest.js';
