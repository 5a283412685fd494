/**
 * SM4 block cipher (GM/T 0002-2012 = GB/T 32907-2016) and its modes of operation.
 *
 * - `Sm4`: the block cipher with an expanded key (`BlockCipher`), with a multi-block path.
 * - One-shot unauthenticated modes (GB/T 17964-2021; SDF SGD_SM4_*): `sm4Ecb`, `sm4Cbc`
 *   (PKCS#7 padding by default, 'none' for SDF), `sm4Cfb` (128-bit feedback), `sm4Ofb`,
 *   `sm4Ctr` (128-bit big-endian counter). `createSm4Cipher` for multi-part use.
 * - `sm4CbcMac` / `createSm4CbcMac`: the SDF SGD_SM4_MAC CBC-MAC (no padding).
 * - AEADs (`Aead`): `sm4Gcm` (SP 800-38D) and `sm4Ccm` (SP 800-38C), RFC 8998 parameters by
 *   default; `seal` draws its own nonce.
 * - `sm4Xts`: XTS with ciphertext stealing, GB/T 17964-2021 (default) or IEEE 1619 tweak order.
 * - `selfTest`: the GM/T 0002 Annex A.1 known-answer test.
 *
 * Portable path: the cipher and GHASH use secret-indexed table lookups and are not
 * constant-time against an attacker who can observe the CPU cache.
 *
 * Errors: CryptoError with SDR_KEYERR (key length), SDR_INARGERR (IV/nonce/data lengths),
 * SDR_SYMOPERR (bad padding), SDR_MACERR (failed tag); TypeError/RangeError for misuse.
 *
 * @module
 */
export { Sm4, selfTest } from './sm4.js';
export { sm4Ecb } from './modes/ecb.js';
export { sm4Cbc } from './modes/cbc.js';
export { sm4Cfb } from './modes/cfb.js';
export { sm4Ofb } from './modes/ofb.js';
export { sm4Ctr } from './modes/ctr.js';
export type { Sm4Padding, PaddingOptions, Sm4Cipher, Sm4StreamModeApi } from './modes/driver.js';
export { createSm4Cipher, type Sm4Mode, type Sm4CipherOptions } from './modes/cipher.js';
export { sm4CbcMac, createSm4CbcMac, type Sm4CbcMac } from './modes/cbc-mac.js';
export { sm4Gcm, type Sm4GcmOptions } from './modes/gcm.js';
export { sm4Ccm, type Sm4CcmOptions } from './modes/ccm.js';
export type { Sm4Aead, AeadCommonOptions } from './modes/aead.js';
export { sm4Xts, type Sm4XtsStandard, type Sm4XtsOptions } from './modes/xts.js';
