/**
 * Encodings of keys, signatures and ciphertexts (SM2 first), and the OIDs they use.
 *
 * - `OID`, `oidName`, `describeOid`: GM/T 0006 Annex A, GM/T 0010 §5 and RFC 5480/8017 OIDs.
 * - PEM (RFC 7468): `pemEncode`, `pemDecode`, `pemDecodeAll`, `looksLikePem`.
 * - SM2 keys: PKCS#8 (RFC 5208 + RFC 5915) and SPKI (RFC 5480) with id-ecPublicKey and the
 *   sm2 named curve, as OpenSSL 3 writes them; SEC1 on input; raw GM/T 0018 forms.
 * - SM2 signatures: raw r‖s <-> DER SM2Signature (GM/T 0009-2012 §7.3), strict DER on input.
 * - SM2 ciphertexts: C1C3C2 / C1C2C3 <-> DER SM2Cipher (GM/T 0009-2012 §7.2).
 * - SM9 signatures: raw h‖S <-> DER SM9Signature (GM/T 0080; GmSSL's form), strict DER on input.
 *
 * ASN.1 is mapped with @peculiar/asn1-schema (+ asn1-x509, -pkcs8, -ecc); strict-DER checks
 * the library does not make are in der.ts (internal).
 *
 * Errors: CryptoError with SDR_INARGERR (malformed PEM, a signature that is not DER),
 * SDR_KEYERR (unusable key: structure, curve, encryption), SDR_ENCDATAERR (malformed SM2
 * ciphertext); TypeError/RangeError for misuse.
 *
 * @module
 */
export { OID, oidName, describeOid, type OidName } from './oids.js';
export { pemEncode, pemDecode, pemDecodeAll, looksLikePem, type PemBlock } from './pem.js';
export {
  encodeSm2PrivateKeyDer,
  encodeSm2PrivateKeyPem,
  decodeSm2PrivateKey,
  encodeSm2PublicKeyDer,
  encodeSm2PublicKeyPem,
  decodeSm2PublicKey,
  sm2PublicKeyToRaw,
  sm2PublicKeyFromRaw,
  type Sm2PrivateKeyInfo,
} from './sm2-keys.js';
export { signatureToDer, signatureFromDer } from './sm2-signature.js';
export { sm9SignatureToDer, sm9SignatureFromDer } from './sm9-signature.js';
export {
  ciphertextToAsn1,
  ciphertextFromAsn1,
  convertCiphertext,
  type Sm2CiphertextLayout,
  type Sm2CiphertextFormat,
} from './sm2-ciphertext.js';
