/**
 * CMS SignedData with SM2 (GM/T 0010-2012 §7; RFC 5652 §5): attached or detached content,
 * signed attributes (content type, SM3 message digest, signing time), the signer's certificate
 * included or not. Two OID flavours: `gm` (GM/T 0010 content types 1.2.156.10197.6.1.4.2.x and
 * signature algorithm sm2-1, 1.2.156.10197.1.301.1) and `pkcs7` (id-data/id-signedData and
 * sm2sign-with-sm3, what OpenSSL and Bouncy Castle name). The signature is SM2 over the DER SET
 * of signed attributes with Z_A of the default ID.
 *
 * @module
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  Attribute, CertificateChoices, CertificateSet, ContentInfo, DigestAlgorithmIdentifier, DigestAlgorithmIdentifiers, EncapsulatedContent, EncapsulatedContentInfo,
  id_contentType, id_messageDigest, id_signingTime, IssuerAndSerialNumber, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
} from '@peculiar/asn1-cms';
import { Certificate } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { concatBytes, ctEqual, toHex } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { sm3 } from '../algorithms/sm3/index.js';
import { verify as sm2Verify } from '../algorithms/sm2/index.js';
import { OID, signatureFromDer, signatureToDer } from '../formats/index.js';
import { parseCertificate, toArrayBuffer, type ParsedCertificate, type Sm2Signer } from './certificate.js';

export type CmsFlavour = 'gm' | 'pkcs7';

const OIDS = {
  gm: { data: OID.gmData, signedData: OID.gmSignedData, signature: OID.sm2Sign },
  pkcs7: { data: '1.2.840.113549.1.7.1', signedData: '1.2.840.113549.1.7.2', signature: OID.sm2SignWithSm3 },
} as const;

export interface CmsSignOptions {
  content: Uint8Array;
  /** The signer's certificate (DER); its key is the one `signer` uses. */
  certificate: Uint8Array;
  signer: Sm2Signer;
  detached?: boolean;
  /** Include the signer's certificate (default true). */
  includeCertificate?: boolean;
  flavour?: CmsFlavour;
  signingTime?: Date;
  /** The encapsulated content's type (default: data of the flavour), e.g. id-ct-TSTInfo. */
  eContentType?: string;
  /** Detached signing from the content's SM3 digest alone (multi-part callers); `content` is then ignored. */
  contentDigest?: Uint8Array;
  /** More signed attributes (e.g. ESS signing-certificate-v2), as DER-encoded attribute values by type. */
  extraAttributes?: readonly { type: string; value: Uint8Array }[];
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

/** DER length octets. */
function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** DER of the signed attributes as a SET OF (what the signature covers), in DER order (X.690 §11.6). */
function attributesDer(attrs: readonly Attribute[]): Uint8Array {
  const encoded = attrs.map((a) => new Uint8Array(AsnConvert.serialize(a))).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  const body = concatBytes(...encoded);
  return concatBytes(Uint8Array.of(0x31), derLength(body.length), body);
}

export async function signCms(opts: CmsSignOptions): Promise<Uint8Array> {
  const flavour = OIDS[opts.flavour ?? 'gm'];
  const cert = AsnConvert.parse(opts.certificate, Certificate);
  const attrs = [
    attribute(id_contentType, new asn1js.ObjectIdentifier({ value: opts.eContentType ?? flavour.data }).toBER(false)),
    attribute(id_messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(opts.contentDigest ?? sm3(opts.content)) }).toBER(false)),
    attribute(id_signingTime, new asn1js.UTCTime({ valueDate: opts.signingTime ?? new Date() }).toBER(false)),
    ...(opts.extraAttributes ?? []).map((a) => attribute(a.type, toArrayBuffer(a.value))),
  ].sort((x, y) => Buffer.compare(Buffer.from(AsnConvert.serialize(x)), Buffer.from(AsnConvert.serialize(y))));
  const signature = signatureToDer(await opts.signer(attributesDer(attrs)));
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: cert.tbsCertificate.issuer, serialNumber: cert.tbsCertificate.serialNumber }) }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: OID.sm3 }),
    signedAttrs: attrs,
    signatureAlgorithm: new DigestAlgorithmIdentifier({ algorithm: flavour.signature }),
    signature: new OctetString(toArrayBuffer(signature)),
  });
  const signed = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: OID.sm3 })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: opts.eContentType ?? flavour.data,
      eContent: opts.detached || opts.contentDigest ? undefined : new EncapsulatedContent({ single: new OctetString(toArrayBuffer(opts.content)) }),
    }),
    certificates: opts.includeCertificate === false ? undefined : new CertificateSet([new CertificateChoices({ certificate: cert })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return new Uint8Array(AsnConvert.serialize(new ContentInfo({ contentType: flavour.signedData, content: AsnConvert.serialize(signed) })));
}

export interface CmsVerification {
  /** The content that was signed (the attached one, or the detached one given). */
  content: Uint8Array;
  /** Its content type (data, or e.g. id-ct-TSTInfo). */
  eContentType: string;
  /** The first signer's signed attributes (type → DER values), for callers that check more of them. */
  signedAttributes: Map<string, Uint8Array[]>;
  signers: { certificate: ParsedCertificate; signingTime?: Date }[];
}

/**
 * Verifies every signer of a SignedData (DER): the message digest attribute against the content,
 * the SM2 signature against the signer's certificate (from the message or `certificates`).
 * Failures are SDR_VERIFYERR naming the problem; path validation is the caller's (validatePath).
 */
export function verifyCms(der: Uint8Array, opts: { content?: Uint8Array; contentDigest?: Uint8Array; certificates?: readonly Uint8Array[] } = {}): CmsVerification {
  let signed: SignedData;
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== OIDS.gm.signedData && info.contentType !== OIDS.pkcs7.signedData) throw new Error('type');
    signed = AsnConvert.parse(info.content, SignedData);
  } catch {
    throw new CryptoError('SDR_INARGERR', 'cms: not a CMS SignedData (DER)');
  }
  const attached = signed.encapContentInfo.eContent?.single;
  const content = attached ? new Uint8Array(attached.buffer) : opts.content ?? (opts.contentDigest ? new Uint8Array(0) : undefined);
  if (!content) throw new CryptoError('SDR_INARGERR', 'cms: detached signature: the content is needed');
  const contentDigest = !attached && !opts.content && opts.contentDigest ? opts.contentDigest : sm3(content);
  if (attached && opts.content && !ctEqual(new Uint8Array(attached.buffer), opts.content)) throw new CryptoError('SDR_VERIFYERR', 'cms: the attached content differs from the one given');
  const certs = [
    ...(signed.certificates ?? []).filter((c) => c.certificate).map((c) => new Uint8Array(AsnConvert.serialize(c.certificate!))),
    ...(opts.certificates ?? []),
  ].map((d) => parseCertificate(d));
  const signers: CmsVerification['signers'] = [];
  for (const si of signed.signerInfos) {
    const ias = si.sid.issuerAndSerialNumber;
    const serial = ias ? toHex(new Uint8Array(ias.serialNumber)) : undefined;
    const cert = certs.find((c) => c.serial === serial);
    if (!cert?.publicKey) throw new CryptoError('SDR_VERIFYERR', `cms: no certificate for the signer with serial ${serial ?? '(by key id)'}`);
    if (si.digestAlgorithm.algorithm !== OID.sm3) throw new CryptoError('SDR_ALGNOTSUPPORT', `cms: digest ${si.digestAlgorithm.algorithm} is not SM3`);
    const attrs = si.signedAttrs ?? [];
    const digestAttr = attrs.find((a) => a.attrType === id_messageDigest);
    if (!digestAttr) throw new CryptoError('SDR_VERIFYERR', 'cms: no message digest attribute');
    const digest = AsnConvert.parse(digestAttr.attrValues[0]!, OctetString);
    if (!ctEqual(new Uint8Array(digest.buffer), contentDigest)) throw new CryptoError('SDR_VERIFYERR', 'cms: the message digest does not match the content');
    let sig: Uint8Array;
    try {
      sig = signatureFromDer(new Uint8Array(si.signature.buffer));
    } catch {
      throw new CryptoError('SDR_VERIFYERR', 'cms: the signature is not a DER SM2 signature');
    }
    if (!sm2Verify(cert.publicKey, attributesDer(attrs), sig)) throw new CryptoError('SDR_VERIFYERR', `cms: the signature of "${cert.subject}" does not verify`);
    const timeAttr = attrs.find((a) => a.attrType === id_signingTime);
    const signingTime = timeAttr ? (asn1js.fromBER(timeAttr.attrValues[0]!).result as asn1js.UTCTime).toDate() : undefined;
    signers.push({ certificate: cert, signingTime });
  }
  if (signers.length === 0) throw new CryptoError('SDR_VERIFYERR', 'cms: no signers');
  const signedAttributes = new Map<string, Uint8Array[]>();
  for (const a of signed.signerInfos[0]?.signedAttrs ?? []) signedAttributes.set(a.attrType, a.attrValues.map((v) => new Uint8Array(v)));
  return { content, eContentType: signed.encapContentInfo.eContentType, signedAttributes, signers };
}
