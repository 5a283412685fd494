/**
 * SM2 ciphertext layouts (GM/T 0003.4-2012 §6.1 / GB/T 32918.4-2016; GM/T 0009-2012 §7.2):
 * - 'c1c3c2': 04‖x1‖y1 ‖ C3 (32) ‖ C2 -- the order of the 2012 standard; Mima's default;
 * - 'c1c2c3': 04‖x1‖y1 ‖ C2 ‖ C3 -- the 2010 draft order, still produced by legacy systems;
 * - 'asn1':   `SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER,
 *              HASH OCTET STRING (SIZE(32)), CipherText OCTET STRING }` (GM/T 0009 §7.2),
 *             what OpenSSL, GmSSL and CMS (GM/T 0010) carry.
 * C1 must be uncompressed (04‖x‖y, 65 bytes) in the raw layouts; x1 and y1 are padded to 32
 * bytes when read from their INTEGERs. C2 may be empty here (the SM2 module decides whether an
 * empty message is acceptable); the point itself is not validated (the SM2 module does that).
 *
 * ASN.1 input is strict DER (see der.ts): non-minimal or negative INTEGERs, coordinates
 * >= 2^256, a HASH not 32 bytes, extra fields, trailing bytes, BER lengths are refused.
 *
 * Error code: a malformed ciphertext in any layout is CryptoError SDR_ENCDATAERR (GM/T 0018
 * "encrypted data error"), the code SM2 decryption uses; wrong argument types are TypeError.
 *
 * @module
 */
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, AsnIntegerArrayBufferConverter } from '@peculiar/asn1-schema';
import { CryptoError } from '../algorithms/internal/errors.js';
import { TAG, content, expectTag, fixedToInteger, integerToFixed, mapStrict, parseDer, toArrayBuffer, type Fail } from './der.js';

/** Raw concatenations of C1 = 04‖x1‖y1, C3 = SM3(x2‖M‖y2) and C2 = M ⊕ t. */
export type Sm2CiphertextLayout = 'c1c3c2' | 'c1c2c3';
/** Every layout `convertCiphertext` knows. */
export type Sm2CiphertextFormat = Sm2CiphertextLayout | 'asn1';

const C1_LEN = 65;
const C3_LEN = 32;

/**
 * GM/T 0009 §7.2 SM2Cipher as an @peculiar/asn1-schema type. The library's decorators are the
 * legacy (target, key) kind and the project compiles without `experimentalDecorators`, so they
 * are applied as plain calls -- on first use, so that importing this module registers nothing.
 */
class Sm2Cipher {
  x: ArrayBuffer = new ArrayBuffer(0);
  y: ArrayBuffer = new ArrayBuffer(0);
  hash: ArrayBuffer = new ArrayBuffer(0);
  cipherText: ArrayBuffer = new ArrayBuffer(0);
}

let schemaReady = false;
function sm2CipherSchema(): typeof Sm2Cipher {
  if (!schemaReady) {
    AsnType({ type: AsnTypeTypes.Sequence })(Sm2Cipher);
    const int = { type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter };
    AsnProp(int)(Sm2Cipher.prototype, 'x');
    AsnProp(int)(Sm2Cipher.prototype, 'y');
    AsnProp({ type: AsnPropTypes.OctetString })(Sm2Cipher.prototype, 'hash');
    AsnProp({ type: AsnPropTypes.OctetString })(Sm2Cipher.prototype, 'cipherText');
    schemaReady = true;
  }
  return Sm2Cipher;
}

function encFail(what: string): Fail {
  return (reason: string): never => {
    throw new CryptoError('SDR_ENCDATAERR', `${what}: ${reason}`);
  };
}

function checkLayout(layout: unknown, what: string): Sm2CiphertextLayout {
  if (layout !== 'c1c3c2' && layout !== 'c1c2c3') throw new TypeError(`${what}: layout must be 'c1c3c2' or 'c1c2c3'`);
  return layout;
}

interface Parts {
  readonly c1: Uint8Array;
  readonly c3: Uint8Array;
  readonly c2: Uint8Array;
}

/** Splits a raw ciphertext (views into `raw`). */
function splitRaw(raw: unknown, layout: Sm2CiphertextLayout, what: string, fail: Fail): Parts {
  if (!(raw instanceof Uint8Array)) throw new TypeError(`${what}: ciphertext must be a Uint8Array`);
  if (raw.length < C1_LEN + C3_LEN) fail(`${layout} ciphertext is ${raw.length} bytes, shorter than C1 and C3 (97)`);
  if (raw[0] !== 0x04) fail(`C1 must be an uncompressed point starting 04, got 0x${raw[0]!.toString(16).padStart(2, '0')}`);
  const c1 = raw.subarray(0, C1_LEN);
  if (layout === 'c1c3c2') return { c1, c3: raw.subarray(C1_LEN, C1_LEN + C3_LEN), c2: raw.subarray(C1_LEN + C3_LEN) };
  return { c1, c2: raw.subarray(C1_LEN, raw.length - C3_LEN), c3: raw.subarray(raw.length - C3_LEN) };
}

function joinRaw(p: Parts, layout: Sm2CiphertextLayout): Uint8Array {
  const out = new Uint8Array(C1_LEN + C3_LEN + p.c2.length);
  out.set(p.c1, 0);
  if (layout === 'c1c3c2') {
    out.set(p.c3, C1_LEN);
    out.set(p.c2, C1_LEN + C3_LEN);
  } else {
    out.set(p.c2, C1_LEN);
    out.set(p.c3, C1_LEN + p.c2.length);
  }
  return out;
}

function partsToAsn1(p: Parts): Uint8Array {
  const c = new (sm2CipherSchema())();
  c.x = toArrayBuffer(fixedToInteger(p.c1.subarray(1, 33)));
  c.y = toArrayBuffer(fixedToInteger(p.c1.subarray(33, 65)));
  c.hash = toArrayBuffer(p.c3);
  c.cipherText = toArrayBuffer(p.c2);
  return new Uint8Array(AsnConvert.serialize(c));
}

function partsFromAsn1(der: unknown, what: string, fail: Fail): Parts {
  if (!(der instanceof Uint8Array)) throw new TypeError(`${what}: ciphertext must be a Uint8Array`);
  const bad: Fail = (reason) => fail(`not a DER SM2Cipher: ${reason}`);
  const root = expectTag(parseDer(der, bad), TAG.SEQUENCE, 'SEQUENCE', bad);
  const k = root.children;
  if (k.length !== 4) bad(`expected 4 fields (x, y, hash, ciphertext), got ${k.length}`);
  expectTag(k[0], TAG.INTEGER, 'XCoordinate INTEGER', bad);
  expectTag(k[1], TAG.INTEGER, 'YCoordinate INTEGER', bad);
  const hash = expectTag(k[2], TAG.OCTET_STRING, 'HASH OCTET STRING', bad);
  expectTag(k[3], TAG.OCTET_STRING, 'CipherText OCTET STRING', bad);
  const h = content(der, hash);
  if (h.length !== C3_LEN) bad(`HASH must be 32 bytes, got ${h.length}`);
  const c = mapStrict(der, sm2CipherSchema(), 'SM2Cipher', bad, true);
  const c1 = new Uint8Array(C1_LEN);
  c1[0] = 0x04;
  c1.set(integerToFixed(new Uint8Array(c.x), 32, 'XCoordinate', bad), 1);
  c1.set(integerToFixed(new Uint8Array(c.y), 32, 'YCoordinate', bad), 33);
  return { c1, c3: new Uint8Array(c.hash), c2: new Uint8Array(c.cipherText) };
}

/**
 * GM/T 0009 SM2Cipher DER of a raw ciphertext.
 * @param raw C1‖C3‖C2 or C1‖C2‖C3 with C1 = 04‖x1‖y1.
 * @throws CryptoError SDR_ENCDATAERR (shorter than 97 bytes, C1 not starting 04); TypeError
 *   (not a Uint8Array, unknown layout).
 */
export function ciphertextToAsn1(raw: Uint8Array, layout: Sm2CiphertextLayout): Uint8Array {
  const what = 'ciphertextToAsn1';
  return partsToAsn1(splitRaw(raw, checkLayout(layout, what), what, encFail(what)));
}

/**
 * Raw C1‖C3‖C2 of a strict-DER GM/T 0009 SM2Cipher.
 * @throws CryptoError SDR_ENCDATAERR "not a DER SM2Cipher: <reason>"; TypeError.
 */
export function ciphertextFromAsn1(der: Uint8Array): Uint8Array {
  const what = 'ciphertextFromAsn1';
  return joinRaw(partsFromAsn1(der, what, encFail(what)), 'c1c3c2');
}

/**
 * Any layout to any other (a fresh array, also when `from === to`, after the same checks).
 * @throws CryptoError SDR_ENCDATAERR (malformed input); TypeError (unknown format names).
 */
export function convertCiphertext(data: Uint8Array, from: Sm2CiphertextFormat, to: Sm2CiphertextFormat): Uint8Array {
  const what = 'convertCiphertext';
  const fail = encFail(what);
  if (to !== 'asn1') checkLayout(to, what);
  const parts = from === 'asn1' ? partsFromAsn1(data, what, fail) : splitRaw(data, checkLayout(from, what), what, fail);
  return to === 'asn1' ? partsToAsn1(parts) : joinRaw(parts, to);
}
