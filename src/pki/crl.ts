/**
 * Certificate revocation lists (RFC 5280 §5) signed with sm2sign-with-sm3: `createCrl` from the
 * CA's revocation records, `parseCrl` with the SM2 signature checked against the CA's key, and
 * `isRevoked` for path validation.
 *
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, AuthorityKeyIdentifier, CertificateList, CRLNumber, CRLReason, Extension, Extensions, id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber, id_ce_cRLReasons, KeyIdentifier, RevokedCertificate, TBSCertList, Time, Version,
} from '@peculiar/asn1-x509';
import { OctetString } from '@peculiar/asn1-schema';
import { fromHex, toHex } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { verify as sm2Verify } from '../algorithms/sm2/index.js';
import { OID, pemDecode, pemEncode, signatureFromDer, signatureToDer } from '../formats/index.js';
import { keyIdentifier, nameOf, nameToString, toArrayBuffer, type Sm2Signer } from './certificate.js';

export interface RevokedEntry {
  serial: string;
  at: Date;
  /** RFC 5280 CRLReason (0 unspecified, 1 keyCompromise, 4 superseded, 5 cessationOfOperation ...). */
  reason: number;
}

export interface ParsedCrl {
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: RevokedEntry[];
  tbs: Uint8Array;
  signature: Uint8Array;
}

export async function createCrl(opts: { issuer: string; issuerPublicKey: Uint8Array; number: number; thisUpdate: Date; nextUpdate: Date; revoked: readonly RevokedEntry[] },
  signer: Sm2Signer): Promise<Uint8Array> {
  const ext = (extnID: string, value: unknown): Extension => new Extension({ extnID, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: new AlgorithmIdentifier({ algorithm: OID.sm2SignWithSm3 }),
    issuer: nameOf(opts.issuer),
    thisUpdate: new Time(opts.thisUpdate),
    nextUpdate: new Time(opts.nextUpdate),
    revokedCertificates: opts.revoked.length === 0 ? undefined : opts.revoked.map((r) => new RevokedCertificate({
      userCertificate: toArrayBuffer(fromHex(r.serial)),
      revocationDate: new Time(r.at),
      crlEntryExtensions: [ext(id_ce_cRLReasons, new CRLReason(r.reason))],
    })),
    crlExtensions: new Extensions([
      ext(id_ce_authorityKeyIdentifier, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(keyIdentifier(opts.issuerPublicKey))) })),
      ext(id_ce_cRLNumber, new CRLNumber(opts.number)),
    ]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const sig = signatureToDer(await signer(tbsDer));
  const crl = new CertificateList({ tbsCertList: tbs, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sm2SignWithSm3 }), signature: toArrayBuffer(sig) });
  return new Uint8Array(AsnConvert.serialize(crl));
}

export function crlToPem(der: Uint8Array): string {
  return pemEncode('X509 CRL', der);
}

export function parseCrl(input: Uint8Array | string): ParsedCrl {
  let crl: CertificateList;
  try {
    const der = typeof input === 'string' ? pemDecode(input, 'X509 CRL').der : input;
    crl = AsnConvert.parse(der, CertificateList);
  } catch {
    throw new CryptoError('SDR_INARGERR', 'crl: not an X.509 CRL (PEM or DER)');
  }
  const t = crl.tbsCertList;
  let signature: Uint8Array;
  try {
    signature = signatureFromDer(new Uint8Array(crl.signature));
  } catch {
    throw new CryptoError('SDR_INARGERR', 'crl: the SM2 signature is not DER');
  }
  return {
    issuer: nameToString(t.issuer),
    thisUpdate: t.thisUpdate.getTime(),
    nextUpdate: t.nextUpdate?.getTime(),
    revoked: (t.revokedCertificates ?? []).map((r) => {
      const reasonExt = r.crlEntryExtensions?.find((e) => e.extnID === id_ce_cRLReasons);
      return { serial: toHex(new Uint8Array(r.userCertificate)), at: r.revocationDate.getTime(), reason: reasonExt ? AsnConvert.parse(reasonExt.extnValue, CRLReason).reason : 0 };
    }),
    tbs: new Uint8Array(AsnConvert.serialize(t)),
    signature,
  };
}

/** True when the CRL's sm2sign-with-sm3 signature verifies under `issuerPublicKey`. */
export function verifyCrlSignature(crl: ParsedCrl, issuerPublicKey: Uint8Array): boolean {
  try {
    return sm2Verify(issuerPublicKey, crl.tbs, crl.signature);
  } catch {
    return false;
  }
}
