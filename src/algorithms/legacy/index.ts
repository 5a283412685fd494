/**
 * International algorithms through node:crypto (OpenSSL), behind the same interfaces as the
 * SM family so the engine's "node" backend can offer them:
 *
 * - `sha256`, `sha384` (FIPS 180-4) as `HashFunction`s.
 * - `aesGcm` (SP 800-38D) as an `Aead`; `aesCbc` (SP 800-38A) with PKCS#7 or no padding.
 * - RSA 2048..4096 (RFC 8017): key generation and import (DER, components), PKCS#1 v1.5 and
 *   PSS signatures over SHA-256/384, OAEP-SHA-256 and PKCS#1 v1.5 encryption, raw operations.
 * - ECDSA P-256 with SHA-256 (FIPS 186-5): keys, DER or raw r‖s signatures.
 * - `selfTest`: known answers for the hashes and AES modes.
 *
 * Errors: CryptoError with SDR_KEYERR (key sizes, curves, unusable keys), SDR_INARGERR
 * (lengths, out-of-range raw inputs), SDR_MACERR (GCM tag), SDR_SYMOPERR (CBC padding),
 * SDR_ENCDATAERR (RSA decryption, opaque); signature checks return false.
 *
 * @module
 */
export { sha256, sha384 } from './sha2.js';
export { aesGcm, aesCbc, type AesAead, type AesGcmOptions, type AesCbcOptions, type AesPadding } from './aes.js';
export {
  generateRsaKeyPair,
  importRsaPrivateKey,
  importRsaPublicKey,
  rsaPublicKeyFromComponents,
  rsaPrivateKeyFromComponents,
  type RsaKeyPair,
  type RsaPublicKey,
  type RsaPrivateKey,
  type RsaPublicComponents,
  type RsaPrivateComponents,
  type RsaSignatureScheme,
  type RsaEncryptionScheme,
} from './rsa.js';
export {
  generateEcdsaP256KeyPair,
  importEcdsaP256PrivateKey,
  importEcdsaP256PublicKey,
  ecdsaP256PrivateKeyFromRaw,
  ecdsaP256PublicKeyFromPoint,
  type EcdsaP256KeyPair,
  type EcdsaP256PrivateKey,
  type EcdsaP256PublicKey,
  type EcdsaSignatureFormat,
} from './ecdsa.js';
export { selfTest } from './self-test.js';
