/**
 * CMS DigestedData (RFC 5652 §7) with SM3: content plus its digest, for integrity without a
 * key. GM/T 0010 names no DigestedData content type, so the outer type is always PKCS#7's
 * id-digestedData (1.2.840.113549.1.7.5); the inner content type follows the flavour (GM/T 0010
 * data or id-data).
 *
 * @module
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, DigestAlgorithmIdentifier, EncapsulatedContent, EncapsulatedContentInfo } from '@peculiar/asn1-cms';
import * as asn1js from 'asn1js';
import { ctEqual } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { sm3 } from '../algorithms/sm3/index.js';
import { OID } from '../formats/index.js';
import { toArrayBuffer } from './certificate.js';
import type { CmsFlavour } from './cms.js';

const ID_DIGESTED_DATA = '1.2.840.113549.1.7.5';
const DATA = { gm: OID.gmData, pkcs7: '1.2.840.113549.1.7.1' } as const;

function fromDer(der: ArrayBuffer): asn1js.AsnType {
  const r = asn1js.fromBER(der);
  if (r.offset === -1) throw new Error('bad DER');
  return r.result;
}

export function digestCms(content: Uint8Array, flavour: CmsFlavour = 'gm'): Uint8Array {
  const alg = AsnConvert.serialize(new DigestAlgorithmIdentifier({ algorithm: OID.sm3 }));
  const encap = AsnConvert.serialize(new EncapsulatedContentInfo({ eContentType: DATA[flavour], eContent: new EncapsulatedContent({ single: new OctetString(toArrayBuffer(content)) }) }));
  const digested = new asn1js.Sequence({
    value: [new asn1js.Integer({ value: 0 }), fromDer(alg), fromDer(encap), new asn1js.OctetString({ valueHex: toArrayBuffer(sm3(content)) })],
  }).toBER(false);
  return new Uint8Array(AsnConvert.serialize(new ContentInfo({ contentType: ID_DIGESTED_DATA, content: digested })));
}

/** The content of a DigestedData whose SM3 digest matches (SDR_VERIFYERR otherwise). */
export function verifyDigestedCms(der: Uint8Array): Uint8Array {
  let content: Uint8Array;
  let digest: Uint8Array;
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== ID_DIGESTED_DATA) throw new Error('type');
    const seq = fromDer(info.content) as asn1js.Sequence;
    const [, alg, encap, dig] = seq.valueBlock.value as [asn1js.Integer, asn1js.Sequence, asn1js.Sequence, asn1js.OctetString];
    if (AsnConvert.parse(alg.toBER(false), DigestAlgorithmIdentifier).algorithm !== OID.sm3) throw new CryptoError('SDR_ALGNOTSUPPORT', 'cms: DigestedData digest is not SM3');
    const e = AsnConvert.parse(encap.toBER(false), EncapsulatedContentInfo);
    content = new Uint8Array(e.eContent!.single!.buffer);
    digest = new Uint8Array(dig.valueBlock.valueHexView);
  } catch (e) {
    if (e instanceof CryptoError) throw e;
    throw new CryptoError('SDR_INARGERR', 'cms: not a CMS DigestedData (DER)');
  }
  if (!ctEqual(sm3(content), digest)) throw new CryptoError('SDR_VERIFYERR', 'cms: the digest does not match the content');
  return content;
}
