/**
 * SM9 identity-based cryptography: GM/T 0044-2016 (= GB/T 38635.1/.2-2020) on the 256-bit BN
 * curve of Part 5, with the R-ate pairing of Part 1.
 *
 * - Keys (Parts 2, 3, 4: master and user key generation): `generateSignMasterKey`,
 *   `generateEncryptMasterKey`, `getSignMasterPublicKey`, `getEncryptMasterPublicKey`,
 *   `extractSignUserKey` (hid 0x01), `extractEncryptUserKey` (0x03), `extractExchangeUserKey` (0x02).
 * - Signatures (Part 2, steps A1–A6 / B1–B8): `sign`, `verify`; raw h ‖ S (97 bytes); the DER
 *   form is in src/formats (sm9-signature.ts).
 * - Key encapsulation (Part 4): `encapsulate`, `decapsulate`.
 * - Public-key encryption (Part 4): `encrypt`, `decrypt`; C1 ‖ C3 ‖ C2 with
 *   C3 = SM3(C2 ‖ K2) as the standard defines it (not GmSSL's HMAC), modes 'kdf' (default),
 *   'sm4-cbc', 'sm4-ecb' (PKCS#7; see encrypt.ts for the choices the standard leaves open).
 * - Key exchange with confirmation (Part 3): `createKeyExchange`.
 * - `selfTest`: the Part 5 Annex A signature and Annex C encapsulation known answers.
 *
 * Encodings: scalars 32 bytes big-endian; G1 points 04 ‖ x ‖ y (65 bytes); G2 points
 * 04 ‖ x ‖ y with Fq2 coordinates as (coefficient of u) ‖ (constant) (129 bytes); GT values in
 * the 384-byte order of Part 1 (used inside H2 and the KDF). Identities are bytes or UTF-8 strings.
 *
 * Validation: master public keys, user keys and every received point are checked: on the curve,
 * coordinates below q, and for G2 points [N]Q = O. A signature's h must lie in [1, N−1].
 *
 * Speed (this machine, warm): a pairing ≈ 4.4 ms, a GT exponentiation ≈ 2.9 ms, sign ≈ 4 ms,
 * verify ≈ 10 ms (BigInt arithmetic; Fq12 products accumulate unreduced and reduce once per
 * coefficient). Decoded master public keys and their pairing value are cached (keys.ts).
 *
 * Constant time: NOT provided. The arithmetic is JavaScript BigInt, whose timing depends on the
 * values (allocation sizes, limb counts, division). Secret scalars (master keys, r, t2, l) are
 * used with a fixed sequence of group operations (regular signed windows, no branch on scalar
 * bits) but table entries are selected by index. Use this module where timing side channels are
 * not in the threat model, or behind the native engine when one exists.
 *
 * Errors: CryptoError SDR_KEYERR (keys), SDR_ENCDATAERR (ciphertext or encapsulation),
 * SDR_INARGERR (lengths, empty plaintext), SDR_USERIDERR (empty identity), SDR_VERIFYERR (key
 * confirmation), SDR_RANDERR; `verify` returns false for a wrong signature. TypeError/RangeError
 * for misuse.
 *
 * @module
 */
export {
  SM9_HID, generateSignMasterKey, generateEncryptMasterKey, getSignMasterPublicKey,
  getEncryptMasterPublicKey, extractSignUserKey, extractEncryptUserKey, extractExchangeUserKey,
  type Sm9MasterKeyPair, type ExtractOptions,
} from './keys.js';
export { sign, verify, SIGNATURE_BYTES, type SignOptions, type VerifyOptions } from './sign.js';
export {
  encapsulate, decapsulate, encrypt, decrypt, type Encapsulation, type EncapsulateOptions,
  type EncryptOptions, type Sm9EncryptionMode,
} from './encrypt.js';
export {
  createKeyExchange, type Sm9KeyExchange, type Sm9KeyExchangeOptions, type Sm9KeyExchangeResult,
  type Sm9KeyExchangeRole,
} from './exchange.js';
export { selfTest } from './selftest.js';
