/**
 * SM2 key files: what OpenSSL 3 and GmSSL write, and the raw GM/T forms.
 *
 * - Private keys, written as PKCS#8 `PRIVATE KEY` (RFC 5208 PrivateKeyInfo, version 0) with
 *   AlgorithmIdentifier { id-ecPublicKey, namedCurve sm2 } around a SEC1 ECPrivateKey
 *   (RFC 5915 §3: version 1, the 32-byte private key, no [0] parameters, [1] public key) --
 *   byte for byte what `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2` writes.
 * - Also read: bare SEC1 ECPrivateKey, armoured as `EC PRIVATE KEY` or `SM2 PRIVATE KEY`
 *   (OpenSSL 3.0 `openssl ec` labels SM2 keys so), which must name the sm2 curve in [0].
 * - Public keys as SPKI `PUBLIC KEY` (RFC 5480 §2): { id-ecPublicKey, namedCurve sm2 } and a
 *   BIT STRING holding the SEC1 point 04‖x‖y; a compressed point (02/03‖x) is accepted on
 *   input and returned as stored.
 * - Raw forms (GM/T 0018 §6.2 ECCrefPublicKey/ECCrefPrivateKey carry these values): a 32-byte
 *   private key, a 64-byte x‖y public key; `sm2PublicKeyToRaw`/`FromRaw` convert to 04‖x‖y.
 *
 * What is checked here: structure (strict DER, see der.ts), versions, the key algorithm and
 * curve (anything but sm2 -> SDR_KEYERR naming the curve OID), lengths and point prefixes.
 * What is not: the point math (on-curve, range of d) -- the SM2 module does that on import.
 * Encrypted keys (ENCRYPTED PRIVATE KEY, or legacy "Proc-Type: 4,ENCRYPTED" PEM) are refused.
 *
 * Error codes: malformed PEM -> SDR_INARGERR (pem.ts); everything about the key -> SDR_KEYERR.
 *
 * Secrets: private key bytes pass through the ASN.1 library's own buffers, which are zeroed
 * after use where we hold them; copies inside asn1js cannot be reached (JS has no way to wipe
 * them) and are left to the garbage collector.
 *
 * @module
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { PrivateKeyInfo, PrivateKey } from '@peculiar/asn1-pkcs8';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { CryptoError } from '../algorithms/internal/errors.js';
import { wipe } from '../algorithms/internal/bytes.js';
import { OID, describeOid } from './oids.js';
import { pemEncode, readPem } from './pem.js';
import { TAG, content, expectTag, mapStrict, parseDer, toArrayBuffer, type Fail, type Tlv } from './der.js';

/** A decoded SM2 private key. */
export interface Sm2PrivateKeyInfo {
  /** d, 32 bytes big-endian. */
  readonly privateKey: Uint8Array;
  /** The public point as stored: 65 bytes 04‖x‖y, or 33 bytes 02/03‖x; absent if not stored. */
  readonly publicKey?: Uint8Array;
}

const PKCS8_LABEL = 'PRIVATE KEY';
const SEC1_LABELS = ['EC PRIVATE KEY', 'SM2 PRIVATE KEY'] as const;
const ENCRYPTED_LABEL = 'ENCRYPTED PRIVATE KEY';
const SPKI_LABEL = 'PUBLIC KEY';
const ENCRYPTED_MSG = 'encrypted private keys are not supported: decrypt with openssl pkcs8 first';

function keyFail(what: string): Fail {
  return (reason: string): never => {
    throw new CryptoError('SDR_KEYERR', `${what}: ${reason}`);
  };
}

function checkPrivateKeyArg(d: unknown, what: string): Uint8Array {
  if (!(d instanceof Uint8Array)) throw new TypeError(`${what}: privateKey must be a Uint8Array`);
  if (d.length !== 32) throw new CryptoError('SDR_KEYERR', `${what}: private key must be 32 bytes, got ${d.length}`);
  return d;
}

function checkUncompressedArg(p: unknown, what: string): Uint8Array {
  if (!(p instanceof Uint8Array)) throw new TypeError(`${what}: publicKey must be a Uint8Array`);
  if (p.length !== 65 || p[0] !== 0x04) {
    throw new CryptoError('SDR_KEYERR', `${what}: public key must be 65 bytes 04‖x‖y, got ${p.length} bytes`);
  }
  return p;
}

/** The SEC1 point prefixes we accept from files: uncompressed, or compressed. */
function checkStoredPoint(p: Uint8Array, fail: Fail): void {
  const ok = (p.length === 65 && p[0] === 0x04) || (p.length === 33 && (p[0] === 0x02 || p[0] === 0x03));
  if (!ok) fail(`public key is not a SEC1 point (65 bytes 04‖x‖y or 33 bytes 02/03‖x), got ${p.length} bytes starting 0x${(p[0] ?? 0).toString(16).padStart(2, '0')}`);
}

function sm2AlgorithmIdentifier(): AlgorithmIdentifier {
  return new AlgorithmIdentifier({
    algorithm: OID.idEcPublicKey,
    parameters: AsnConvert.serialize(new ECParameters({ namedCurve: OID.sm2 })),
  });
}

/**
 * PKCS#8 DER of an SM2 private key, as OpenSSL 3 writes it.
 * @param privateKey d, 32 bytes.
 * @param publicKey 04‖x‖y (65 bytes); recommended, since readers then need no point math.
 * @throws CryptoError SDR_KEYERR (wrong lengths or prefix); TypeError (not Uint8Arrays).
 */
export function encodeSm2PrivateKeyDer(privateKey: Uint8Array, publicKey?: Uint8Array): Uint8Array {
  const what = 'encodeSm2PrivateKeyDer';
  const d = toArrayBuffer(checkPrivateKeyArg(privateKey, what));
  const pub = publicKey === undefined ? undefined : toArrayBuffer(checkUncompressedArg(publicKey, what));
  const ec = new ECPrivateKey({ version: 1, privateKey: new OctetString(d), publicKey: pub });
  const inner = new Uint8Array(AsnConvert.serialize(ec));
  const pki = new PrivateKeyInfo({ version: 0, privateKeyAlgorithm: sm2AlgorithmIdentifier(), privateKey: new PrivateKey(inner) });
  const out = new Uint8Array(AsnConvert.serialize(pki));
  wipe(new Uint8Array(d), new Uint8Array(ec.privateKey.buffer), inner, new Uint8Array(pki.privateKey.buffer));
  return out;
}

/** PEM (`PRIVATE KEY`) of `encodeSm2PrivateKeyDer`. Same errors. */
export function encodeSm2PrivateKeyPem(privateKey: Uint8Array, publicKey?: Uint8Array): string {
  const der = encodeSm2PrivateKeyDer(privateKey, publicKey);
  const pem = pemEncode(PKCS8_LABEL, der);
  wipe(der);
  return pem;
}

/**
 * Reads an SM2 private key: PKCS#8 or SEC1, PEM text (or its bytes) or DER.
 * @throws CryptoError SDR_INARGERR (malformed PEM, wrong PEM label), SDR_KEYERR (encrypted key,
 *   not an EC key, another curve, explicit curve parameters, bad structure or lengths).
 */
export function decodeSm2PrivateKey(input: string | Uint8Array): Sm2PrivateKeyInfo {
  const what = 'decodeSm2PrivateKey';
  const fail: Fail = keyFail(what);
  const { der, owned } = unarmour(input, [PKCS8_LABEL, ...SEC1_LABELS, ENCRYPTED_LABEL], what, fail);
  try {
    const root = expectTag(parseDer(der, fail), TAG.SEQUENCE, 'SEQUENCE', fail);
    const [c0, c1] = root.children;
    // EncryptedPrivateKeyInfo (RFC 5208 §6) starts with an AlgorithmIdentifier SEQUENCE.
    if (c0?.tag === TAG.SEQUENCE) fail(ENCRYPTED_MSG);
    if (c0?.tag === TAG.INTEGER && c1?.tag === TAG.SEQUENCE) return fromPkcs8(der, root, fail);
    if (c0?.tag === TAG.INTEGER && c1?.tag === TAG.OCTET_STRING) return fromEcPrivateKey(der, true, fail);
    return fail('neither a PKCS#8 PrivateKeyInfo nor a SEC1 ECPrivateKey');
  } finally {
    if (owned) wipe(der);
  }
}

/**
 * SPKI DER (`PUBLIC KEY` body) of an SM2 public key.
 * @param publicKey 04‖x‖y, 65 bytes.
 * @throws CryptoError SDR_KEYERR (wrong length or prefix); TypeError.
 */
export function encodeSm2PublicKeyDer(publicKey: Uint8Array): Uint8Array {
  const what = 'encodeSm2PublicKeyDer';
  const spki = new SubjectPublicKeyInfo({
    algorithm: sm2AlgorithmIdentifier(),
    subjectPublicKey: toArrayBuffer(checkUncompressedArg(publicKey, what)),
  });
  return new Uint8Array(AsnConvert.serialize(spki));
}

/** PEM (`PUBLIC KEY`) of `encodeSm2PublicKeyDer`. Same errors. */
export function encodeSm2PublicKeyPem(publicKey: Uint8Array): string {
  return pemEncode(SPKI_LABEL, encodeSm2PublicKeyDer(publicKey));
}

/**
 * Reads an SM2 public key from SPKI PEM or DER; returns the point as stored (65 bytes 04‖x‖y,
 * or 33 bytes compressed -- decompress and validate it with the SM2 module).
 * @throws CryptoError SDR_INARGERR (malformed PEM, wrong label), SDR_KEYERR (not an SM2 key,
 *   bad structure, not a SEC1 point).
 */
export function decodeSm2PublicKey(input: string | Uint8Array): Uint8Array {
  const what = 'decodeSm2PublicKey';
  const fail: Fail = keyFail(what);
  const { der } = unarmour(input, [SPKI_LABEL], what, fail);
  const root = expectTag(parseDer(der, fail), TAG.SEQUENCE, 'SEQUENCE', fail);
  expectTag(root.children[0], TAG.SEQUENCE, 'AlgorithmIdentifier SEQUENCE', fail);
  const bits = expectTag(root.children[1], TAG.BIT_STRING, 'subjectPublicKey BIT STRING', fail);
  if (der[bits.contentStart] !== 0) fail('subjectPublicKey BIT STRING has unused bits');
  const spki = mapStrict(der, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo', fail);
  checkSm2Algorithm(spki.algorithm, fail);
  const point = new Uint8Array(spki.subjectPublicKey);
  checkStoredPoint(point, fail);
  return point;
}

/**
 * 04‖x‖y -> x‖y (64 bytes), the GM/T 0016/0018 raw public key.
 * @throws CryptoError SDR_KEYERR for anything but a 65-byte uncompressed point (a compressed
 *   point must first be decompressed by the SM2 module).
 */
export function sm2PublicKeyToRaw(publicKey: Uint8Array): Uint8Array {
  return checkUncompressedArg(publicKey, 'sm2PublicKeyToRaw').slice(1);
}

/**
 * x‖y (64 bytes) -> 04‖x‖y (65 bytes).
 * @throws CryptoError SDR_KEYERR (not 64 bytes); TypeError.
 */
export function sm2PublicKeyFromRaw(xy: Uint8Array): Uint8Array {
  const what = 'sm2PublicKeyFromRaw';
  if (!(xy instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  if (xy.length !== 64) throw new CryptoError('SDR_KEYERR', `${what}: raw public key must be 64 bytes x‖y, got ${xy.length}`);
  const out = new Uint8Array(65);
  out[0] = 0x04;
  out.set(xy, 1);
  return out;
}

// ---------------------------------------------------------------------------------------------

/** PEM text/bytes -> DER (a fresh copy we own), or DER bytes as given. */
function unarmour(input: unknown, labels: readonly string[], what: string, fail: Fail): { der: Uint8Array; owned: boolean } {
  if (input instanceof Uint8Array && input[0] === TAG.SEQUENCE) return { der: input, owned: false };
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError(`${what}: input must be PEM text or DER bytes`);
  }
  if (input.length === 0) throw new CryptoError('SDR_INARGERR', `${what}: empty input`);
  const block = readPem(input, labels, what, labels[0]);
  if (block.label === ENCRYPTED_LABEL || /ENCRYPTED/i.test(block.headers.get('Proc-Type') ?? '')) {
    wipe(block.der);
    fail(ENCRYPTED_MSG);
  }
  return { der: block.der, owned: true };
}

/** AlgorithmIdentifier must be { id-ecPublicKey, namedCurve sm2 }. */
function checkSm2Algorithm(alg: AlgorithmIdentifier, fail: Fail): void {
  if (alg.algorithm === OID.pbes2) fail(ENCRYPTED_MSG);
  if (alg.algorithm !== OID.idEcPublicKey) fail(`not an EC key: algorithm ${describeOid(alg.algorithm)}`);
  if (alg.parameters === undefined) fail('EC key algorithm without curve parameters');
  if (alg.parameters === null) fail('implicitCurve parameters are not supported'); // NULL, RFC 5480 §2.1.1
  checkCurveParameters(new Uint8Array(alg.parameters), fail);
}

/** ECParameters (RFC 5480 §2.1.1) DER: only namedCurve sm2 is accepted. */
function checkCurveParameters(params: Uint8Array, fail: Fail): void {
  const tlv = parseDer(params, fail);
  if (tlv.tag === TAG.NULL) fail('implicitCurve parameters are not supported');
  if (tlv.tag === TAG.SEQUENCE) fail('explicit curve parameters are not supported; use the named curve sm2');
  expectTag(tlv, TAG.OID, 'namedCurve OBJECT IDENTIFIER', fail);
  const { namedCurve } = mapStrict(params, ECParameters, 'ECParameters', fail);
  if (namedCurve !== OID.sm2) {
    fail(`not an SM2 key: curve ${describeOid(namedCurve ?? '?')}, expected ${describeOid(OID.sm2)}`);
  }
}

function fromPkcs8(der: Uint8Array, root: Tlv, fail: Fail): Sm2PrivateKeyInfo {
  const version = content(der, root.children[0]!);
  if (version.length !== 1 || version[0] !== 0) fail('unsupported PKCS#8 version (only v1 PrivateKeyInfo is read)');
  expectTag(root.children[2], TAG.OCTET_STRING, 'privateKey OCTET STRING', fail);
  const pki = mapStrict(der, PrivateKeyInfo, 'PKCS#8 PrivateKeyInfo', fail);
  const inner = new Uint8Array(pki.privateKey.buffer);
  try {
    checkSm2Algorithm(pki.privateKeyAlgorithm, fail);
    return fromEcPrivateKey(inner, false, fail);
  } finally {
    wipe(inner);
  }
}

/**
 * SEC1 ECPrivateKey (RFC 5915 §3). Inside PKCS#8 the curve comes from the outer
 * AlgorithmIdentifier and [0] is optional; a bare SEC1 key must name it.
 */
function fromEcPrivateKey(der: Uint8Array, needCurve: boolean, fail: Fail): Sm2PrivateKeyInfo {
  const root = expectTag(parseDer(der, fail), TAG.SEQUENCE, 'ECPrivateKey SEQUENCE', fail);
  const kids = root.children;
  const version = content(der, expectTag(kids[0], TAG.INTEGER, 'ECPrivateKey version', fail));
  if (version.length !== 1 || version[0] !== 1) fail('unsupported ECPrivateKey version (expected 1)');
  expectTag(kids[1], TAG.OCTET_STRING, 'ECPrivateKey privateKey OCTET STRING', fail);
  let params: Tlv | undefined;
  let pubTlv: Tlv | undefined;
  for (const k of kids.slice(2)) {
    if (k.tag === 0xa0 && params === undefined && pubTlv === undefined) params = k;
    else if (k.tag === 0xa1 && pubTlv === undefined) pubTlv = k;
    else fail(`unexpected field (tag 0x${k.tag.toString(16)}) in ECPrivateKey`);
  }
  if (params !== undefined) {
    if (params.children.length !== 1) fail('ECPrivateKey [0] must hold one ECParameters');
    checkCurveParameters(der.slice(params.children[0]!.start, params.end), fail);
  } else if (needCurve) {
    fail('SEC1 ECPrivateKey names no curve ([0] parameters missing)');
  }
  let publicKey: Uint8Array | undefined;
  if (pubTlv !== undefined) {
    const bits = expectTag(pubTlv.children[0], TAG.BIT_STRING, 'ECPrivateKey publicKey BIT STRING', fail);
    if (pubTlv.children.length !== 1) fail('ECPrivateKey [1] must hold one BIT STRING');
    if (der[bits.contentStart] !== 0) fail('ECPrivateKey publicKey BIT STRING has unused bits');
  }
  const ec = mapStrict(der, ECPrivateKey, 'SEC1 ECPrivateKey', fail);
  const d = new Uint8Array(ec.privateKey.buffer);
  try {
    // RFC 5915 §3 fixes the length at ceil(log2(n)/8) = 32; OpenSSL 1.0.x wrote keys with a
    // leading zero byte shorter, so 1..32 bytes are accepted and left-padded.
    if (d.length === 0 || d.length > 32) fail(`private key is ${d.length} bytes, expected 32`);
    if (ec.publicKey !== undefined) {
      publicKey = new Uint8Array(ec.publicKey);
      checkStoredPoint(publicKey, fail);
    }
    const privateKey = new Uint8Array(32);
    privateKey.set(d, 32 - d.length);
    return publicKey === undefined ? { privateKey } : { privateKey, publicKey };
  } finally {
    wipe(d);
  }
}
