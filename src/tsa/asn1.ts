/**
 * RFC 3161 structures (TimeStampReq, TSTInfo, TimeStampResp) encoded and decoded with asn1js,
 * SM3 as the message-imprint hash. Malformed input is SDR_INARGERR.
 *
 * @module
 */
import * as asn1js from 'asn1js';
import { toHex } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { OID } from '../formats/index.js';

export const ID_CT_TSTINFO = '1.2.840.113549.1.9.16.1.4';

export interface TimeStampRequest {
  /** SM3 of the data, 32 bytes. */
  imprint: Uint8Array;
  hashAlgorithm: string;
  policy?: string;
  /** Big-endian nonce bytes (a positive INTEGER). */
  nonce?: Uint8Array;
  certReq: boolean;
}

export interface TstInfo {
  policy: string;
  hashAlgorithm: string;
  imprint: Uint8Array;
  serial: bigint;
  genTime: Date;
  /** Accuracy in milliseconds. */
  accuracyMs: number;
  ordering: boolean;
  nonce?: Uint8Array;
}

function bad(what: string): CryptoError {
  return new CryptoError('SDR_INARGERR', `tsa: ${what}`);
}

function parse(der: Uint8Array, what: string): asn1js.AsnType {
  const r = asn1js.fromBER(der.slice().buffer);
  if (r.offset === -1 || r.offset !== der.length) throw bad(`${what} is not DER`);
  return r.result;
}

function imprintAsn(hashAlgorithm: string, imprint: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashAlgorithm })] }), new asn1js.OctetString({ valueHex: imprint.slice().buffer })],
  });
}

function readImprint(seq: asn1js.Sequence): { hashAlgorithm: string; imprint: Uint8Array } {
  const [alg, digest] = seq.valueBlock.value as [asn1js.Sequence, asn1js.OctetString];
  const oid = (alg.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
  return { hashAlgorithm: oid, imprint: new Uint8Array(digest.valueBlock.valueHexView) };
}

function intBytes(i: asn1js.Integer): Uint8Array {
  return new Uint8Array(i.valueBlock.valueHexView);
}

export function encodeRequest(r: TimeStampRequest): Uint8Array {
  const value: asn1js.AsnType[] = [new asn1js.Integer({ value: 1 }), imprintAsn(r.hashAlgorithm, r.imprint)];
  if (r.policy) value.push(new asn1js.ObjectIdentifier({ value: r.policy }));
  if (r.nonce) value.push(new asn1js.Integer({ valueHex: r.nonce.slice().buffer }));
  if (r.certReq) value.push(new asn1js.Boolean({ value: true }));
  return new Uint8Array(new asn1js.Sequence({ value }).toBER(false));
}

export function decodeRequest(der: Uint8Array): TimeStampRequest {
  try {
    const seq = parse(der, 'the request') as asn1js.Sequence;
    const items = seq.valueBlock.value;
    if ((items[0] as asn1js.Integer).valueBlock.valueDec !== 1) throw bad('request version is not 1');
    const { hashAlgorithm, imprint } = readImprint(items[1] as asn1js.Sequence);
    const req: TimeStampRequest = { hashAlgorithm, imprint, certReq: false };
    for (const it of items.slice(2)) {
      if (it instanceof asn1js.ObjectIdentifier) req.policy = it.valueBlock.toString();
      else if (it instanceof asn1js.Integer) req.nonce = intBytes(it);
      else if (it instanceof asn1js.Boolean) req.certReq = it.valueBlock.value;
    }
    return req;
  } catch (e) {
    if (e instanceof CryptoError) throw e;
    throw bad('malformed TimeStampReq');
  }
}

/** Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL, ... }. */
function accuracyAsn(ms: number): asn1js.Sequence {
  const value: asn1js.AsnType[] = [];
  const seconds = Math.floor(ms / 1000);
  const millis = ms % 1000;
  if (seconds > 0) value.push(new asn1js.Integer({ value: seconds }));
  if (millis > 0) {
    const bytes = millis > 0x7f ? Uint8Array.of(millis >> 8, millis & 0xff) : Uint8Array.of(millis);
    value.push(new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: bytes.buffer }));
  }
  return new asn1js.Sequence({ value });
}

export function encodeTstInfo(t: TstInfo): Uint8Array {
  const serialHex = t.serial.toString(16);
  const serial = Uint8Array.from(Buffer.from((serialHex.length % 2 ? '0' : '') + serialHex, 'hex'));
  const value: asn1js.AsnType[] = [
    new asn1js.Integer({ value: 1 }),
    new asn1js.ObjectIdentifier({ value: t.policy }),
    imprintAsn(t.hashAlgorithm, t.imprint),
    new asn1js.Integer({ valueHex: (serial[0]! & 0x80 ? Uint8Array.of(0, ...serial) : serial).buffer }),
    new asn1js.GeneralizedTime({ valueDate: t.genTime }),
    accuracyAsn(t.accuracyMs),
  ];
  if (t.ordering) value.push(new asn1js.Boolean({ value: true }));
  if (t.nonce) value.push(new asn1js.Integer({ valueHex: t.nonce.slice().buffer }));
  return new Uint8Array(new asn1js.Sequence({ value }).toBER(false));
}

export function decodeTstInfo(der: Uint8Array): TstInfo {
  try {
    const items = (parse(der, 'TSTInfo') as asn1js.Sequence).valueBlock.value;
    const { hashAlgorithm, imprint } = readImprint(items[2] as asn1js.Sequence);
    const t: TstInfo = {
      policy: (items[1] as asn1js.ObjectIdentifier).valueBlock.toString(),
      hashAlgorithm, imprint,
      serial: BigInt('0x' + (toHex(intBytes(items[3] as asn1js.Integer)) || '0')),
      genTime: (items[4] as asn1js.GeneralizedTime).toDate(),
      accuracyMs: 0,
      ordering: false,
    };
    for (const it of items.slice(5)) {
      if (it instanceof asn1js.Sequence) {
        const millis = it.valueBlock.value.find((x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0) as asn1js.Primitive | undefined;
        const secs = it.valueBlock.value.find((x) => x instanceof asn1js.Integer) as asn1js.Integer | undefined;
        t.accuracyMs = (secs ? secs.valueBlock.valueDec * 1000 : 0) + (millis ? new Uint8Array(millis.valueBlock.valueHexView).reduce((a, b) => a * 256 + b, 0) : 0);
      } else if (it instanceof asn1js.Boolean) t.ordering = it.valueBlock.value;
      else if (it instanceof asn1js.Integer) t.nonce = intBytes(it);
    }
    return t;
  } catch (e) {
    if (e instanceof CryptoError) throw e;
    throw bad('malformed TSTInfo');
  }
}

export const PKI_STATUS = { granted: 0, rejection: 2 } as const;
/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
export const FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, systemFailure: 25 } as const;

export function encodeResponse(status: number, token?: Uint8Array, failure?: { bit: number; text: string }): Uint8Array {
  const statusInfo: asn1js.AsnType[] = [new asn1js.Integer({ value: status })];
  if (failure) {
    statusInfo.push(new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: failure.text })] }));
    const bits = new Uint8Array(Math.floor(failure.bit / 8) + 1);
    bits[Math.floor(failure.bit / 8)] = 0x80 >> failure.bit % 8;
    statusInfo.push(new asn1js.BitString({ valueHex: bits.buffer, unusedBits: 7 - (failure.bit % 8) }));
  }
  const value: asn1js.AsnType[] = [new asn1js.Sequence({ value: statusInfo })];
  if (token) value.push(parse(token, 'the token'));
  return new Uint8Array(new asn1js.Sequence({ value }).toBER(false));
}

export function decodeResponse(der: Uint8Array): { status: number; statusText?: string; token?: Uint8Array } {
  try {
    const items = (parse(der, 'the response') as asn1js.Sequence).valueBlock.value;
    const info = (items[0] as asn1js.Sequence).valueBlock.value;
    const text = info[1] instanceof asn1js.Sequence ? (info[1].valueBlock.value[0] as asn1js.Utf8String).valueBlock.value : undefined;
    return { status: (info[0] as asn1js.Integer).valueBlock.valueDec, statusText: text, token: items[1] ? new Uint8Array(items[1].toBER(false)) : undefined };
  } catch {
    throw bad('malformed TimeStampResp');
  }
}

export const SM3_OID = OID.sm3;
