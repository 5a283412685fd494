/**
 * X.509 v3 certificates with SM2 keys, signed with sm2sign-with-sm3 (1.2.156.10197.1.501; the
 * signature over the DER TBSCertificate is SM2 with SM3 and Z_A of the default ID
 * 1234567812345678, as GM/T 0015 and OpenSSL/Bouncy Castle expect). The structures come from
 * @peculiar/asn1-x509; the SM2 parts are ours. The signer is a callback, so the private key can
 * stay in the crypto device (`deviceSigner`) or, in tests, in memory.
 *
 * @module
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, AuthorityKeyIdentifier, BasicConstraints, Certificate, ExtendedKeyUsage, Extension, Extensions, id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints, id_ce_extKeyUsage, id_ce_keyUsage, id_ce_subjectKeyIdentifier, KeyIdentifier, KeyUsage, KeyUsageFlags, Name,
  SubjectKeyIdentifier, SubjectPublicKeyInfo, TBSCertificate, Time, Validity, Version,
} from '@peculiar/asn1-x509';
import { x509 } from '../server/pki/transport-ca.js';
import { toHex } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { sm3 } from '../algorithms/sm3/index.js';
import { verify as sm2Verify } from '../algorithms/sm2/index.js';
import { encodeSm2PublicKeyDer, decodeSm2PublicKey, OID, signatureFromDer, signatureToDer } from '../formats/index.js';

/** Signs `tbs` (DER) with SM2/SM3 and the default ID; returns raw r ‖ s. */
export type Sm2Signer = (tbs: Uint8Array) => Promise<Uint8Array>;

export type CertificateUsage = 'ca' | 'sign' | 'enc' | 'tls-server' | 'tls-client' | 'tsa';

export interface CertificateSpec {
  /** Positive serial number, big-endian. */
  serial: Uint8Array;
  /** Distinguished names as strings, e.g. "CN=Mima Root CA, O=Mima, C=CN". */
  issuer: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** The subject's SM2 public key, 04 ‖ x ‖ y. */
  publicKey: Uint8Array;
  /** The issuer's SM2 public key (for the authority key identifier); the subject's own when self-signed. */
  issuerPublicKey: Uint8Array;
  usage: CertificateUsage;
  /** CA only: basicConstraints pathLenConstraint. */
  pathLength?: number;
}

export interface ParsedCertificate {
  der: Uint8Array;
  serial: string;
  issuer: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  signatureAlgorithm: string;
  /** 04 ‖ x ‖ y when the key is SM2, else undefined. */
  publicKey?: Uint8Array;
  publicKeyAlgorithm: string;
  isCa: boolean;
  pathLength?: number;
  /** Names of the keyUsage bits set (undefined when the extension is absent). */
  keyUsage?: string[];
  /** extendedKeyUsage OIDs (undefined when absent). */
  extendedKeyUsage?: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** DER of the TBSCertificate and the raw r ‖ s signature (SM2) for verification. */
  tbs: Uint8Array;
  signature: Uint8Array;
}

/** SHA-1-free key identifier: the first 20 bytes of SM3 of the public key (RFC 7093 §2 method 1 with SM3). */
export function keyIdentifier(publicKey: Uint8Array): Uint8Array {
  return sm3(publicKey).slice(0, 20);
}

export function nameOf(dn: string): Name {
  return AsnConvert.parse(new x509.Name(dn).toArrayBuffer(), Name);
}

export function nameToString(n: Name): string {
  return new x509.Name(AsnConvert.serialize(n)).toString();
}

const USAGE_BITS: Record<CertificateUsage, number> = {
  ca: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature,
  sign: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
  enc: KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment | KeyUsageFlags.keyAgreement,
  'tls-server': KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement,
  'tls-client': KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement,
  tsa: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
};

/** A fresh ArrayBuffer holding `b` (the ASN.1 classes take ArrayBuffers). */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return Uint8Array.prototype.slice.call(b).buffer as ArrayBuffer;
}

const SM2_SIGN_ALG = (): AlgorithmIdentifier => new AlgorithmIdentifier({ algorithm: OID.sm2SignWithSm3 });

/** Builds, signs and returns the DER of a certificate. */
export async function issueCertificate(spec: CertificateSpec, signer: Sm2Signer): Promise<Uint8Array> {
  if (spec.serial.length === 0 || spec.serial[0]! & 0x80) throw new CryptoError('SDR_INARGERR', 'certificate: the serial must be a positive integer');
  if (spec.notAfter <= spec.notBefore) throw new CryptoError('SDR_INARGERR', 'certificate: notAfter must be after notBefore');
  const spki = AsnConvert.parse(encodeSm2PublicKeyDer(spec.publicKey), SubjectPublicKeyInfo);
  const ext = (extnID: string, critical: boolean, value: unknown): Extension =>
    new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const extensions: Extension[] = [
    ext(id_ce_basicConstraints, true, new BasicConstraints(spec.usage === 'ca' ? { cA: true, pathLenConstraint: spec.pathLength } : {})),
    ext(id_ce_keyUsage, true, new KeyUsage(USAGE_BITS[spec.usage])),
    ext(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(toArrayBuffer(keyIdentifier(spec.publicKey)))),
    ext(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(keyIdentifier(spec.issuerPublicKey))) })),
  ];
  if (spec.usage === 'tls-server' || spec.usage === 'tls-client') {
    extensions.push(ext(id_ce_extKeyUsage, false, new ExtendedKeyUsage([spec.usage === 'tls-server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'])));
  }
  // RFC 3161 §2.3: a TSA certificate has exactly id-kp-timeStamping, marked critical.
  if (spec.usage === 'tsa') extensions.push(ext(id_ce_extKeyUsage, true, new ExtendedKeyUsage(['1.3.6.1.5.5.7.3.8'])));
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(spec.serial),
    signature: SM2_SIGN_ALG(),
    issuer: nameOf(spec.issuer),
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }), // UTCTime to 2049, then GeneralizedTime
    subject: nameOf(spec.subject),
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(extensions),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signatureToDer(await signer(tbsDer));
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: SM2_SIGN_ALG(), signatureValue: toArrayBuffer(signature) });
  return new Uint8Array(AsnConvert.serialize(cert));
}

/** Reads a certificate (DER, or PEM text). Malformed input is SDR_INARGERR. */
export function parseCertificate(input: Uint8Array | string): ParsedCertificate {
  let der: Uint8Array;
  let cert: Certificate;
  try {
    der = typeof input === 'string' ? new Uint8Array(new x509.X509Certificate(input).rawData) : input;
    cert = AsnConvert.parse(der, Certificate);
  } catch {
    throw new CryptoError('SDR_INARGERR', 'certificate: not an X.509 certificate (PEM or DER)');
  }
  const t = cert.tbsCertificate;
  const find = (oid: string): Extension | undefined => t.extensions?.find((e) => e.extnID === oid);
  const bc = find(id_ce_basicConstraints);
  const basic = bc ? AsnConvert.parse(bc.extnValue, BasicConstraints) : undefined;
  const ku = find(id_ce_keyUsage);
  const usageBits = ku ? AsnConvert.parse(ku.extnValue, KeyUsage).toNumber() : undefined;
  const eku = find(id_ce_extKeyUsage);
  const ski = find(id_ce_subjectKeyIdentifier);
  const aki = find(id_ce_authorityKeyIdentifier);
  const spkiDer = new Uint8Array(AsnConvert.serialize(t.subjectPublicKeyInfo));
  let publicKey: Uint8Array | undefined;
  try {
    publicKey = decodeSm2PublicKey(spkiDer);
  } catch {
    publicKey = undefined;
  }
  let signature: Uint8Array = new Uint8Array(cert.signatureValue);
  if (cert.signatureAlgorithm.algorithm === OID.sm2SignWithSm3) {
    try {
      signature = signatureFromDer(signature);
    } catch {
      throw new CryptoError('SDR_INARGERR', 'certificate: the SM2 signature is not DER');
    }
  }
  const keyUsage = usageBits === undefined ? undefined : Object.entries(KeyUsageFlags)
    .filter(([k, v]) => Number.isNaN(Number(k)) && typeof v === 'number' && (usageBits & v) !== 0).map(([k]) => k);
  const when = (x: Time): Date => x.getTime();
  return {
    der,
    serial: toHex(new Uint8Array(t.serialNumber)),
    issuer: nameToString(t.issuer),
    subject: nameToString(t.subject),
    notBefore: when(t.validity.notBefore),
    notAfter: when(t.validity.notAfter),
    signatureAlgorithm: cert.signatureAlgorithm.algorithm,
    publicKey,
    publicKeyAlgorithm: t.subjectPublicKeyInfo.algorithm.algorithm,
    isCa: basic?.cA ?? false,
    pathLength: basic?.pathLenConstraint,
    keyUsage,
    extendedKeyUsage: eku ? [...AsnConvert.parse(eku.extnValue, ExtendedKeyUsage)] : undefined,
    subjectKeyId: ski ? toHex(new Uint8Array(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer)) : undefined,
    authorityKeyId: aki ? toHex(new Uint8Array(AsnConvert.parse(aki.extnValue, AuthorityKeyIdentifier).keyIdentifier?.buffer ?? new ArrayBuffer(0))) : undefined,
    tbs: new Uint8Array(AsnConvert.serialize(t)),
    signature,
  };
}

/** True when `cert` carries an sm2sign-with-sm3 signature that `issuerPublicKey` verifies. */
export function verifyCertificateSignature(cert: ParsedCertificate, issuerPublicKey: Uint8Array): boolean {
  if (cert.signatureAlgorithm !== OID.sm2SignWithSm3) return false;
  try {
    return sm2Verify(issuerPublicKey, cert.tbs, cert.signature);
  } catch {
    return false;
  }
}

/** PEM of a certificate DER. */
export function certificateToPem(der: Uint8Array): string {
  return new x509.X509Certificate(der).toString('pem');
}
