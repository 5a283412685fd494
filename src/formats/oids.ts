/**
 * The object identifiers Mima reads and writes, in one table.
 *
 * Sources, by group:
 * - GM/T 0006-2012 "Cryptographic application identifier criterion specification", Annex A
 *   (the 1.2.156.10197.1 arc: SM1/SM4/SM2/SM3/SM9 and the SM2/RSA signature schemes), as also
 *   listed by bcgit/bc-java `asn1/gm/GMObjectIdentifiers.java` and guanzhi/GmSSL `src/x509_alg.c`.
 * - SM4 mode arcs beyond .104.4 (.5 to .12): bcgit/bc-java `GMObjectIdentifiers` (sms4_cfb1 ..
 *   sms4_wrap_pad) and OpenSSL `crypto/objects/objects.txt` (.5-.7 known to OpenSSL 3.0,
 *   .8/.9 to later releases) -- practice, not GM/T 0006.
 * - HMAC-SM3: 1.2.156.10197.1.401.2 ("SM3 with key", BC `hmac_sm3`) and 1.2.156.10197.1.401.3.1
 *   (id-hmacWithSM3 of GM/T 0091-2020 Table A.1, as OpenSSL objects.txt has it after 3.0; 3.0.19
 *   does not know it). Both occur; which one a peer uses must be checked per peer.
 * - GM/T 0010-2012 "SM2 cryptography message syntax specification" §5 (1.2.156.10197.6.1.4.2).
 * - id-ecPublicKey and the ECDSA/NIST curve arcs: RFC 5480 §2.1.1 and §2.2, RFC 5758 §3.2;
 *   SM2 keys in PKCS#8/SPKI use id-ecPublicKey with namedCurve sm2 (OpenSSL/GmSSL practice,
 *   /work/shared/specs/algorithms.md §1.4).
 * - RSA: RFC 8017 Appendix C (PKCS #1); hashes: RFC 5754 §2 / NIST CSOR.
 *
 * @module
 */

/** Names -> dotted OIDs. Values are never renumbered; add new names at the end of a group. */
export const OID = Object.freeze({
  // GM/T 0006 Annex A: block ciphers.
  sm1: '1.2.156.10197.1.102',
  ssf33: '1.2.156.10197.1.103',
  sm4: '1.2.156.10197.1.104',
  sm4Ecb: '1.2.156.10197.1.104.1',
  sm4Cbc: '1.2.156.10197.1.104.2',
  sm4Ofb: '1.2.156.10197.1.104.3',
  sm4Cfb: '1.2.156.10197.1.104.4',
  // OpenSSL objects.txt (not in GM/T 0006).
  sm4Cfb1: '1.2.156.10197.1.104.5',
  sm4Cfb8: '1.2.156.10197.1.104.6',
  sm4Ctr: '1.2.156.10197.1.104.7',
  sm4Gcm: '1.2.156.10197.1.104.8',
  sm4Ccm: '1.2.156.10197.1.104.9',
  sm4Xts: '1.2.156.10197.1.104.10',
  sm4Wrap: '1.2.156.10197.1.104.11',
  sm4WrapPad: '1.2.156.10197.1.104.12',

  // GM/T 0006 Annex A: public-key algorithms. `sm2` is also the namedCurve of sm2p256v1.
  sm2: '1.2.156.10197.1.301',
  sm2Sign: '1.2.156.10197.1.301.1',
  sm2KeyExchange: '1.2.156.10197.1.301.2',
  sm2Encrypt: '1.2.156.10197.1.301.3',
  sm9: '1.2.156.10197.1.302',
  sm9Sign: '1.2.156.10197.1.302.1',
  sm9KeyExchange: '1.2.156.10197.1.302.2',
  sm9Encrypt: '1.2.156.10197.1.302.3',

  // GM/T 0006 Annex A: hash. HMAC-SM3 has two identifiers in use (see the module doc).
  sm3: '1.2.156.10197.1.401',
  sm3WithKey: '1.2.156.10197.1.401.2',
  hmacWithSm3: '1.2.156.10197.1.401.3.1',

  // GM/T 0006 Annex A: signature schemes.
  sm2SignWithSm3: '1.2.156.10197.1.501',
  sm2SignWithSha1: '1.2.156.10197.1.502',
  sm2SignWithSha256: '1.2.156.10197.1.503',
  rsaSignWithSm3: '1.2.156.10197.1.504',
  rsaSignWithSha1: '1.2.156.10197.1.505',
  rsaSignWithSha256: '1.2.156.10197.1.506',

  // GM/T 0010-2012 §5: SM2 cryptographic message syntax content types.
  gmData: '1.2.156.10197.6.1.4.2.1',
  gmSignedData: '1.2.156.10197.6.1.4.2.2',
  gmEnvelopedData: '1.2.156.10197.6.1.4.2.3',
  gmSignedAndEnvelopedData: '1.2.156.10197.6.1.4.2.4',
  gmEncryptedData: '1.2.156.10197.6.1.4.2.5',
  gmKeyAgreementInfo: '1.2.156.10197.6.1.4.2.6',

  // RFC 5480 §2.1.1 (key type) and §2.1.1.1 (named curves we name in messages or use).
  idEcPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  secp256k1: '1.3.132.0.10',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  // RFC 5758 §3.2.
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',

  // RFC 8017 Appendix C.
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  sha384WithRsaEncryption: '1.2.840.113549.1.1.12',
  // RFC 5958 / PKCS #5 v2 (RFC 8018 Appendix A.4): what an encrypted PKCS#8 key names.
  pbes2: '1.2.840.113549.1.5.13',

  // RFC 5754 §2 (NIST CSOR hashAlgs).
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
} as const);

/** A name in the table. */
export type OidName = keyof typeof OID;

const BY_VALUE: ReadonlyMap<string, OidName> = new Map(
  (Object.keys(OID) as OidName[]).map((name) => [OID[name], name] as const),
);

/** The table name of a dotted OID, or undefined when Mima does not know it. */
export function oidName(oid: string): OidName | undefined {
  return BY_VALUE.get(oid);
}

/** "name (dotted)" for messages, or just the dotted form when unknown. */
export function describeOid(oid: string): string {
  const name = BY_VALUE.get(oid);
  return name === undefined ? oid : `${name} (${oid})`;
}
