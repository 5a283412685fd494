/**
 * CMS EnvelopedData with SM2 key transport and SM4-CBC content encryption (GM/T 0010-2012 §8;
 * RFC 5652 §6): a fresh 16-byte SM4 key encrypts the content (CBC, PKCS#7 padding, random IV as
 * the algorithm parameter); the key is SM2-encrypted to each recipient certificate's public key
 * as a GM/T 0009 SM2Cipher (key encryption algorithm sm2-3, 1.2.156.10197.1.301.3), recipients
 * named by issuer and serial. Content types follow the flavour (GM/T 0010 or PKCS#7 OIDs).
 * Decryption takes a callback for the SM2 decryption, so the recipient's key can stay in the
 * crypto device.
 *
 * @module
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  ContentInfo, EncryptedContent, EncryptedContentInfo, EnvelopedData, IssuerAndSerialNumber, KeyTransRecipientInfo, RecipientIdentifier,
  RecipientInfo, RecipientInfos,
} from '@peculiar/asn1-cms';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { randomBytes } from 'node:crypto';
import { toHex, wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { encrypt as sm2Encrypt } from '../algorithms/sm2/index.js';
import { sm4Cbc } from '../algorithms/sm4/index.js';
import { ciphertextFromAsn1, ciphertextToAsn1, OID } from '../formats/index.js';
import { parseCertificate, toArrayBuffer } from './certificate.js';
import type { CmsFlavour } from './cms.js';

const TYPES = {
  gm: { data: OID.gmData, enveloped: OID.gmEnvelopedData },
  pkcs7: { data: '1.2.840.113549.1.7.1', enveloped: '1.2.840.113549.1.7.3' },
} as const;

/** Encrypts `content` to the recipients' certificates (DER); returns the EnvelopedData ContentInfo (DER). */
export function encryptCms(content: Uint8Array, recipients: readonly Uint8Array[], flavour: CmsFlavour = 'gm'): Uint8Array {
  if (recipients.length === 0) throw new CryptoError('SDR_INARGERR', 'cms: at least one recipient certificate is needed');
  const types = TYPES[flavour];
  const key = new Uint8Array(randomBytes(16));
  const iv = new Uint8Array(randomBytes(16));
  try {
    const infos = recipients.map((der) => {
      const cert = AsnConvert.parse(der, Certificate);
      const pub = parseCertificate(der).publicKey;
      if (!pub) throw new CryptoError('SDR_KEYERR', 'cms: a recipient certificate has no SM2 public key');
      return new RecipientInfo({
        ktri: new KeyTransRecipientInfo({
          version: 0,
          rid: new RecipientIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: cert.tbsCertificate.issuer, serialNumber: cert.tbsCertificate.serialNumber }) }),
          keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sm2Encrypt }),
          encryptedKey: new OctetString(toArrayBuffer(ciphertextToAsn1(sm2Encrypt(pub, key), 'c1c3c2'))),
        }),
      });
    });
    const enveloped = new EnvelopedData({
      version: 0,
      recipientInfos: new RecipientInfos(infos),
      encryptedContentInfo: new EncryptedContentInfo({
        contentType: types.data,
        contentEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sm4Cbc, parameters: AsnConvert.serialize(new OctetString(toArrayBuffer(iv))) }),
        encryptedContent: new EncryptedContent({ value: new OctetString(toArrayBuffer(sm4Cbc.encrypt(key, iv, content))) }),
      }),
    });
    return new Uint8Array(AsnConvert.serialize(new ContentInfo({ contentType: types.enveloped, content: AsnConvert.serialize(enveloped) })));
  } finally {
    wipe(key);
  }
}

/**
 * Decrypts an EnvelopedData with the SM2 private key behind `decrypt` (C1 ‖ C3 ‖ C2 in,
 * plaintext out). With the recipient certificate (DER) its RecipientInfo is picked by issuer and
 * serial; without, each key-transport RecipientInfo is tried. A message not addressed to the key,
 * or that does not decrypt, is SDR_ENCDATAERR.
 */
export async function decryptCms(der: Uint8Array, recipient: Uint8Array | undefined, decrypt: (c1c3c2: Uint8Array) => Promise<Uint8Array>): Promise<Uint8Array> {
  let env: EnvelopedData;
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== TYPES.gm.enveloped && info.contentType !== TYPES.pkcs7.enveloped) throw new Error('type');
    env = AsnConvert.parse(info.content, EnvelopedData);
  } catch {
    throw new CryptoError('SDR_INARGERR', 'cms: not a CMS EnvelopedData (DER)');
  }
  const me = recipient ? parseCertificate(recipient) : undefined;
  const candidates = env.recipientInfos.filter((r) => r.ktri && (!me || (r.ktri.rid.issuerAndSerialNumber && toHex(new Uint8Array(r.ktri.rid.issuerAndSerialNumber.serialNumber)) === me.serial)));
  if (candidates.length === 0) throw new CryptoError('SDR_ENCDATAERR', `cms: the message is not addressed to ${me ? `"${me.subject}"` : 'any key-transport recipient'}`);
  const alg = env.encryptedContentInfo.contentEncryptionAlgorithm;
  if (alg.algorithm !== OID.sm4Cbc || !alg.parameters) throw new CryptoError('SDR_ALGNOTSUPPORT', `cms: content encryption ${alg.algorithm} is not SM4-CBC`);
  const iv = new Uint8Array(AsnConvert.parse(alg.parameters, OctetString).buffer);
  let key: Uint8Array | undefined;
  for (const ri of candidates) {
    try {
      key = await decrypt(ciphertextFromAsn1(new Uint8Array(ri.ktri!.encryptedKey.buffer)));
      break;
    } catch {
      // not this recipient's key: try the next
    }
  }
  if (!key) throw new CryptoError('SDR_ENCDATAERR', 'cms: no recipient key of this message decrypts with the given key');
  try {
    const ct = env.encryptedContentInfo.encryptedContent?.value;
    if (!ct) throw new CryptoError('SDR_ENCDATAERR', 'cms: no encrypted content');
    return sm4Cbc.decrypt(key, iv, new Uint8Array(ct.buffer));
  } catch (e) {
    if (e instanceof CryptoError && e.code === 'SDR_ENCDATAERR') throw e;
    throw new CryptoError('SDR_ENCDATAERR', 'cms: the content does not decrypt');
  } finally {
    wipe(key);
  }
}
