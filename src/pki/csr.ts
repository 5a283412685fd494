/**
 * PKCS#10 certification requests (RFC 2986) with SM2 keys, signed with sm2sign-with-sm3 (the
 * signature over the DER CertificationRequestInfo, default ID). `createCsr` takes a signer so
 * the key can stay in the crypto device; `parseCsr` checks the proof of possession.
 *
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { CryptoError } from '../algorithms/internal/errors.js';
import { verify as sm2Verify } from '../algorithms/sm2/index.js';
import { decodeSm2PublicKey, encodeSm2PublicKeyDer, OID, pemDecode, pemEncode, signatureFromDer, signatureToDer } from '../formats/index.js';
import { nameOf, nameToString, toArrayBuffer, type Sm2Signer } from './certificate.js';

export interface ParsedCsr {
  subject: string;
  /** 04 ‖ x ‖ y. */
  publicKey: Uint8Array;
}

export async function createCsr(subject: string, publicKey: Uint8Array, signer: Sm2Signer): Promise<Uint8Array> {
  const info = new CertificationRequestInfo({
    subject: nameOf(subject),
    subjectPKInfo: AsnConvert.parse(encodeSm2PublicKeyDer(publicKey), SubjectPublicKeyInfo),
    attributes: new Attributes(),
  });
  const sig = signatureToDer(await signer(new Uint8Array(AsnConvert.serialize(info))));
  const req = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sm2SignWithSm3 }),
    signature: toArrayBuffer(sig),
  });
  return new Uint8Array(AsnConvert.serialize(req));
}

export function csrToPem(der: Uint8Array): string {
  return pemEncode('CERTIFICATE REQUEST', der);
}

/** Reads a CSR (PEM or DER) and checks its SM2 signature (proof of possession): SDR_VERIFYERR if it fails. */
export function parseCsr(input: Uint8Array | string): ParsedCsr {
  let req: CertificationRequest;
  try {
    const der = typeof input === 'string' ? pemDecode(input, 'CERTIFICATE REQUEST').der : input;
    req = AsnConvert.parse(der, CertificationRequest);
  } catch {
    throw new CryptoError('SDR_INARGERR', 'csr: not a PKCS#10 certification request (PEM or DER)');
  }
  if (req.signatureAlgorithm.algorithm !== OID.sm2SignWithSm3) throw new CryptoError('SDR_ALGNOTSUPPORT', `csr: signature algorithm ${req.signatureAlgorithm.algorithm} is not sm2sign-with-sm3`);
  const info = req.certificationRequestInfo;
  const publicKey = decodeSm2PublicKey(new Uint8Array(AsnConvert.serialize(info.subjectPKInfo)));
  let ok = false;
  try {
    ok = sm2Verify(publicKey, new Uint8Array(AsnConvert.serialize(info)), signatureFromDer(new Uint8Array(req.signature)));
  } catch {
    ok = false;
  }
  if (!ok) throw new CryptoError('SDR_VERIFYERR', 'csr: the signature does not verify (no proof of possession)');
  return { subject: nameToString(info.subject), publicKey };
}
