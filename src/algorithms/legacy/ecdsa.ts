/**
 * ECDSA over P-256 with SHA-256 (FIPS 186-5 §6; curve from SP 800-186 §3.2.1.3) through
 * node:crypto (OpenSSL): key generation, signing and verification.
 *
 * - Keys: PKCS#8 / SPKI DER (RFC 5915 / RFC 5480, namedCurve prime256v1), or raw: d (32 bytes)
 *   and the SEC1 point 04‖x‖y (65 bytes; compressed 02/03‖x accepted on import). Keys on other
 *   curves, out-of-range scalars and points off the curve -> CryptoError SDR_KEYERR. Generation
 *   and private-key import run a pairwise consistency test.
 * - Signatures: 'der' (X9.62 ECDSA-Sig-Value, what X.509 and `openssl dgst` use; OpenSSL
 *   verifies strict DER) or 'raw' (r‖s, 64 bytes, IEEE P1363). A signature that does not verify
 *   or is malformed -> `false`. OpenSSL draws k from its DRBG; signatures are randomized.
 *
 * @module
 */
import { createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, ECDH, type KeyObject } from 'node:crypto';
import { CryptoError } from '../internal/errors.js';

/** Signature encodings. */
export type EcdsaSignatureFormat = 'der' | 'raw';

/** A generated key pair, in both DER and raw forms. */
export interface EcdsaP256KeyPair {
  /** PKCS#8 DER. */
  readonly privateKeyDer: Uint8Array;
  /** SPKI DER. */
  readonly publicKeyDer: Uint8Array;
  /** d, 32 bytes. */
  readonly privateKey: Uint8Array;
  /** 04‖x‖y, 65 bytes. */
  readonly publicKey: Uint8Array;
}

/** A P-256 public key handle. */
export interface EcdsaP256PublicKey {
  verify(message: Uint8Array, signature: Uint8Array, format?: EcdsaSignatureFormat): boolean;
  toDer(): Uint8Array;
  /** 04‖x‖y. */
  toPoint(): Uint8Array;
}

/** A P-256 private key handle. */
export interface EcdsaP256PrivateKey {
  readonly publicKey: EcdsaP256PublicKey;
  sign(message: Uint8Array, format?: EcdsaSignatureFormat): Uint8Array;
  /** PKCS#8 DER: key material leaves the handle; wipe it when done. */
  exportDer(): Uint8Array;
  /** d, 32 bytes: key material leaves the handle; wipe it when done. */
  exportRaw(): Uint8Array;
}

const CURVE = 'prime256v1';
const HASH = 'sha256';

function bytesArg(x: unknown, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  return x;
}

function dsaEncoding(format: unknown, what: string): 'der' | 'ieee-p1363' {
  if (format === undefined || format === 'der') return 'der';
  if (format === 'raw') return 'ieee-p1363';
  throw new TypeError(`${what}: format must be 'der' or 'raw'`);
}

function keyErr(what: string, msg: string): CryptoError {
  return new CryptoError('SDR_KEYERR', `${what}: ${msg}`);
}

function checkCurve(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ec') throw keyErr(what, `not an EC key (${key.asymmetricKeyType ?? 'unknown'})`);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== CURVE) throw keyErr(what, `key is on curve ${curve ?? 'unknown'}, expected P-256 (prime256v1)`);
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const fromB64u = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? '', 'base64url'));

class PublicKeyImpl implements EcdsaP256PublicKey {
  readonly #key: KeyObject;

  constructor(key: KeyObject, what: string) {
    checkCurve(key, what);
    this.#key = key;
  }

  verify(message: Uint8Array, signature: Uint8Array, format?: EcdsaSignatureFormat): boolean {
    const what = 'ecdsa.verify';
    const enc = dsaEncoding(format, what);
    const msg = bytesArg(message, `${what}: message`);
    const sig = bytesArg(signature, `${what}: signature`);
    if (enc === 'ieee-p1363' && sig.length !== 64) return false;
    try {
      return nodeVerify(HASH, msg, { key: this.#key, dsaEncoding: enc }, sig);
    } catch {
      return false;
    }
  }

  toDer(): Uint8Array {
    return new Uint8Array(this.#key.export({ type: 'spki', format: 'der' }));
  }

  toPoint(): Uint8Array {
    const j = this.#key.export({ format: 'jwk' });
    const out = new Uint8Array(65);
    out[0] = 0x04;
    out.set(fromB64u(j.x), 1);
    out.set(fromB64u(j.y), 33);
    return out;
  }
}

class PrivateKeyImpl implements EcdsaP256PrivateKey {
  readonly publicKey: EcdsaP256PublicKey;
  readonly #key: KeyObject;

  constructor(key: KeyObject, what: string) {
    checkCurve(key, what);
    this.#key = key;
    this.publicKey = new PublicKeyImpl(createPublicKey(key), what);
    // Pairwise consistency test (FIPS 140-3 IG 10.3.A).
    const probe = new Uint8Array([0x6d, 0x69, 0x6d, 0x61]);
    if (!this.publicKey.verify(probe, this.sign(probe))) throw keyErr(what, 'inconsistent key pair (pairwise test failed)');
  }

  sign(message: Uint8Array, format?: EcdsaSignatureFormat): Uint8Array {
    const what = 'ecdsa.sign';
    const enc = dsaEncoding(format, what);
    const msg = bytesArg(message, `${what}: message`);
    return new Uint8Array(nodeSign(HASH, msg, { key: this.#key, dsaEncoding: enc }));
  }

  exportDer(): Uint8Array {
    return new Uint8Array(this.#key.export({ type: 'pkcs8', format: 'der' }));
  }

  exportRaw(): Uint8Array {
    const d = fromB64u(this.#key.export({ format: 'jwk' }).d);
    const out = new Uint8Array(32);
    out.set(d, 32 - d.length);
    d.fill(0);
    return out;
  }
}

/** A fresh P-256 key pair. */
export function generateEcdsaP256KeyPair(): EcdsaP256KeyPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: CURVE });
  const key = new PrivateKeyImpl(privateKey, 'ecdsa.generateKeyPair');
  return {
    privateKeyDer: key.exportDer(),
    publicKeyDer: key.publicKey.toDer(),
    privateKey: key.exportRaw(),
    publicKey: key.publicKey.toPoint(),
  };
}

/**
 * A private key handle from PKCS#8 DER.
 * @throws CryptoError SDR_KEYERR (not PKCS#8 EC, another curve, inconsistent).
 */
export function importEcdsaP256PrivateKey(pkcs8Der: Uint8Array): EcdsaP256PrivateKey {
  const what = 'ecdsa.importPrivateKey';
  const der = bytesArg(pkcs8Der, what);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch {
    throw keyErr(what, 'not a PKCS#8 private key');
  }
  return new PrivateKeyImpl(key, what);
}

/**
 * A private key handle from d (32 bytes, 1 <= d < n).
 * @throws CryptoError SDR_KEYERR (wrong length, d out of range).
 */
export function ecdsaP256PrivateKeyFromRaw(d: Uint8Array): EcdsaP256PrivateKey {
  const what = 'ecdsa.privateKeyFromRaw';
  const dd = bytesArg(d, what);
  if (dd.length !== 32) throw keyErr(what, `private key must be 32 bytes, got ${dd.length}`);
  let key: KeyObject;
  try {
    const ecdh = createECDH(CURVE);
    ecdh.setPrivateKey(dd); // OpenSSL rejects 0 and d >= n
    const pub = ecdh.getPublicKey();
    const jwk = { kty: 'EC', crv: 'P-256', d: b64u(dd), x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) };
    key = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw keyErr(what, 'private key out of range');
  }
  return new PrivateKeyImpl(key, what);
}

/**
 * A public key handle from SPKI DER.
 * @throws CryptoError SDR_KEYERR (not SPKI EC, another curve, invalid point).
 */
export function importEcdsaP256PublicKey(spkiDer: Uint8Array): EcdsaP256PublicKey {
  const what = 'ecdsa.importPublicKey';
  const der = bytesArg(spkiDer, what);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  } catch {
    throw keyErr(what, 'not an SPKI public key');
  }
  return new PublicKeyImpl(key, what);
}

/**
 * A public key handle from a SEC1 point: 04‖x‖y (65 bytes) or 02/03‖x (33 bytes).
 * @throws CryptoError SDR_KEYERR (bad length or prefix, point not on P-256).
 */
export function ecdsaP256PublicKeyFromPoint(point: Uint8Array): EcdsaP256PublicKey {
  const what = 'ecdsa.publicKeyFromPoint';
  const p = bytesArg(point, what);
  const ok = (p.length === 65 && p[0] === 0x04) || (p.length === 33 && (p[0] === 0x02 || p[0] === 0x03));
  if (!ok) throw keyErr(what, `expected a 65-byte 04‖x‖y or 33-byte 02/03‖x point, got ${p.length} bytes`);
  let key: KeyObject;
  try {
    // convertKey decodes the point with OpenSSL, which checks that it is on the curve.
    const u = ECDH.convertKey(p, CURVE, undefined, undefined, 'uncompressed') as Buffer;
    key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(u.subarray(1, 33)), y: b64u(u.subarray(33, 65)) }, format: 'jwk' });
  } catch {
    throw keyErr(what, 'point is not on P-256');
  }
  return new PublicKeyImpl(key, what);
}
