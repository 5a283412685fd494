/**
 * The timestamp authority (RFC 3161 with SM2/SM3): answers a TimeStampReq with a token — CMS
 * SignedData over a TSTInfo, signed by a key that stays in the crypto device, carrying the ESS
 * signing-certificate-v2 attribute (SM3 hash of the TSA certificate) — and verifies tokens.
 *
 * Decisions: SM3 imprints only (badAlg otherwise); one policy per TSA (a request naming another
 * is unacceptedPolicy); serial numbers from a durable store counter, so they never repeat across
 * restarts; accuracy one second; genTime never goes backwards within a TSA process and TSTInfo
 * says `ordering` true for that process; the nonce is echoed; the certificate is included when
 * the request asks (certReq). Tokens use the PKCS#7 OIDs (id-signedData, sm2sign-with-sm3), as
 * RFC 3161 clients expect.
 *
 * @module
 */
import * as asn1js from 'asn1js';
import { ctEqual, toHex } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { sm3 } from '../algorithms/sm3/index.js';
import { OID } from '../formats/index.js';
import { signCms, verifyCms } from '../pki/cms.js';
import { parseCertificate, type ParsedCertificate, type Sm2Signer } from '../pki/certificate.js';
import { validatePath } from '../pki/validate.js';
import {
  decodeRequest, decodeResponse, decodeTstInfo, encodeResponse, encodeTstInfo, FAILURE, ID_CT_TSTINFO, PKI_STATUS, type TstInfo,
} from './asn1.js';

const ID_AA_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
/** Mima's default TSA policy (an arc under the private-enterprise-free example arc; configurable). */
export const DEFAULT_TSA_POLICY = '1.2.156.10197.6.1.4.2.99';

export interface TsaConfig {
  /** The TSA certificate (DER): extendedKeyUsage timeStamping, the key `signer` uses. */
  certificate: Uint8Array;
  signer: Sm2Signer;
  policy?: string;
  accuracyMs?: number;
  /** The next serial number (durable, never repeating). */
  nextSerial: () => Promise<bigint>;
}

/** ESS SigningCertificateV2 { certs: [ESSCertIDv2 { hashAlgorithm: SM3, certHash }] } (RFC 5035). */
function signingCertificateV2(cert: Uint8Array): Uint8Array {
  return new Uint8Array(new asn1js.Sequence({
    value: [new asn1js.Sequence({
      value: [new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sm3 })] }),
          new asn1js.OctetString({ valueHex: sm3(cert).slice().buffer }),
        ],
      })],
    })],
  }).toBER(false));
}

export class TimestampAuthority {
  readonly #config: TsaConfig;
  #lastTime = 0;

  constructor(config: TsaConfig) {
    const c = parseCertificate(config.certificate);
    if (!c.publicKey) throw new CryptoError('SDR_KEYERR', 'tsa: the TSA certificate has no SM2 key');
    this.#config = config;
  }

  get policy(): string {
    return this.#config.policy ?? DEFAULT_TSA_POLICY;
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp (never throws for a bad request). */
  async respond(requestDer: Uint8Array, now = new Date()): Promise<Uint8Array> {
    let req;
    try {
      req = decodeRequest(requestDer);
    } catch {
      return encodeResponse(PKI_STATUS.rejection, undefined, { bit: FAILURE.badDataFormat, text: 'malformed TimeStampReq' });
    }
    if (req.hashAlgorithm !== OID.sm3) return encodeResponse(PKI_STATUS.rejection, undefined, { bit: FAILURE.badAlg, text: `only SM3 imprints are accepted, not ${req.hashAlgorithm}` });
    if (req.imprint.length !== 32) return encodeResponse(PKI_STATUS.rejection, undefined, { bit: FAILURE.badDataFormat, text: 'an SM3 imprint is 32 bytes' });
    if (req.policy && req.policy !== this.policy) return encodeResponse(PKI_STATUS.rejection, undefined, { bit: FAILURE.unacceptedPolicy, text: `this TSA issues under policy ${this.policy}` });
    try {
      // genTime never goes backwards (ordering within this TSA process).
      const t = Math.max(now.getTime(), this.#lastTime + 1);
      this.#lastTime = t;
      const tst: TstInfo = {
        policy: this.policy, hashAlgorithm: OID.sm3, imprint: req.imprint, serial: await this.#config.nextSerial(), genTime: new Date(t),
        accuracyMs: this.#config.accuracyMs ?? 1000, ordering: true, nonce: req.nonce,
      };
      const token = await signCms({
        content: encodeTstInfo(tst), certificate: this.#config.certificate, signer: this.#config.signer, flavour: 'pkcs7',
        eContentType: ID_CT_TSTINFO, includeCertificate: req.certReq, signingTime: new Date(t),
        extraAttributes: [{ type: ID_AA_SIGNING_CERTIFICATE_V2, value: signingCertificateV2(this.#config.certificate) }],
      });
      return encodeResponse(PKI_STATUS.granted, token);
    } catch {
      return encodeResponse(PKI_STATUS.rejection, undefined, { bit: FAILURE.systemFailure, text: 'the TSA could not sign' });
    }
  }
}

export interface VerifiedTimestamp {
  tst: TstInfo;
  tsa: ParsedCertificate;
}

/**
 * Checks a TimeStampResp (DER) for `content`: granted, the token's signature, the ESS certificate
 * hash, the imprint (SM3 of the content), the nonce when given, and the TSA certificate's path
 * to `trusted` with timeStamping usage. Failures are SDR_VERIFYERR naming the problem.
 */
export function verifyTimestamp(responseDer: Uint8Array, opts: { content: Uint8Array; trusted: readonly ParsedCertificate[]; nonce?: Uint8Array; certificates?: readonly Uint8Array[] }): VerifiedTimestamp {
  const resp = decodeResponse(responseDer);
  if (resp.status !== PKI_STATUS.granted || !resp.token) throw new CryptoError('SDR_VERIFYERR', `tsa: the request was refused${resp.statusText ? `: ${resp.statusText}` : ''}`);
  const v = verifyCms(resp.token, { certificates: opts.certificates });
  if (v.eContentType !== ID_CT_TSTINFO) throw new CryptoError('SDR_VERIFYERR', 'tsa: the token does not carry a TSTInfo');
  const tsa = v.signers[0]!.certificate;
  if (!tsa.extendedKeyUsage?.includes('1.3.6.1.5.5.7.3.8')) throw new CryptoError('SDR_VERIFYERR', `tsa: "${tsa.subject}" is not a timestamping certificate (extendedKeyUsage)`);
  const ess = v.signedAttributes.get(ID_AA_SIGNING_CERTIFICATE_V2)?.[0];
  if (!ess || !ctEqual(ess, signingCertificateV2(tsa.der))) throw new CryptoError('SDR_VERIFYERR', 'tsa: the signing-certificate attribute does not name the signer\'s certificate');
  const tst = decodeTstInfo(v.content);
  if (!ctEqual(tst.imprint, sm3(opts.content))) throw new CryptoError('SDR_VERIFYERR', 'tsa: the token is for other data (message imprint differs)');
  if (opts.nonce && (!tst.nonce || toHex(tst.nonce).replace(/^(00)+/, '') !== toHex(opts.nonce).replace(/^(00)+/, ''))) throw new CryptoError('SDR_VERIFYERR', 'tsa: the nonce was not echoed');
  const path = validatePath(tsa, [], opts.trusted, tst.genTime);
  if (!path.ok) throw new CryptoError('SDR_VERIFYERR', `tsa: the TSA certificate is not trusted: ${path.reason}`);
  return { tst, tsa };
}
