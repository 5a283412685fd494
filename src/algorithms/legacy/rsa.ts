/**
 * RSA (RFC 8017, PKCS #1 v2.2) with 2048- to 4096-bit moduli through node:crypto (OpenSSL).
 *
 * - Keys: `generateRsaKeyPair(bits, e)` returns PKCS#8 and SPKI DER and the raw components
 *   (n, e, d, p, q, dP, dQ, qInv: what GM/T 0018 RSArefPublicKey/RSArefPrivateKey carry).
 *   `importRsaPrivateKey`/`importRsaPublicKey` (DER) and `...FromComponents` give key handles.
 *   Moduli outside 2048..4096 bits, other key types and inconsistent components -> SDR_KEYERR.
 *   Generation and import of private keys run a pairwise consistency test (sign + verify).
 * - Signatures (`RsaSignatureScheme`): RSASSA-PKCS1-v1_5 (§8.2) and RSASSA-PSS (§8.1; MGF1
 *   with the same hash, salt length = hash length as RFC 8446 §4.2.3 requires) over SHA-256 or
 *   SHA-384. A signature that does not verify, of the wrong length or malformed -> `false`.
 *   SM3 is not offered: OpenSSL 3.0's default provider refuses SM3 in RSA signatures
 *   ("digest not allowed"), checked on this machine with node 20.20 / OpenSSL 3.0.19.
 * - Encryption (`RsaEncryptionScheme`): RSAES-OAEP (§7.1; SHA-256, MGF1-SHA-256, empty label)
 *   and RSAES-PKCS1-v1_5 (§7.2, see rsa-padding.ts). Every decryption failure is one opaque
 *   CryptoError SDR_ENCDATAERR "decryption failed"; intermediate buffers are zeroed.
 * - Raw operations (`rawPublic` = x^e mod n, `rawPrivate` = x^d mod n, no padding; OpenSSL
 *   blinds the private one) for SDF_ExternalPublicKeyOperation_RSA and
 *   SDF_InternalPrivateKeyOperation_RSA: input of at most k bytes whose value is < n
 *   (else SDR_INARGERR); output exactly k bytes.
 *
 * @module
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { CryptoError } from '../internal/errors.js';
import { bytesToBigInt, wipe } from '../internal/bytes.js';
import { pkcs1v15MessageOffset } from './rsa-padding.js';

/** Signature schemes: padding and hash. */
export type RsaSignatureScheme = 'pkcs1v15-sha256' | 'pkcs1v15-sha384' | 'pss-sha256' | 'pss-sha384';
/** Encryption schemes. Prefer OAEP; PKCS#1 v1.5 exists for GM/T 0018 envelopes. */
export type RsaEncryptionScheme = 'oaep-sha256' | 'pkcs1v15';

/** Big-endian unsigned integers without leading zeros. */
export interface RsaPublicComponents {
  readonly n: Uint8Array;
  readonly e: Uint8Array;
}
/** The CRT private key (RFC 8017 §3.2, second representation). */
export interface RsaPrivateComponents extends RsaPublicComponents {
  readonly d: Uint8Array;
  readonly p: Uint8Array;
  readonly q: Uint8Array;
  readonly dp: Uint8Array;
  readonly dq: Uint8Array;
  readonly qinv: Uint8Array;
}

/** A generated key pair. */
export interface RsaKeyPair {
  readonly bits: number;
  /** PKCS#8 PrivateKeyInfo DER (RFC 5208). */
  readonly privateKeyDer: Uint8Array;
  /** SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7, rsaEncryption). */
  readonly publicKeyDer: Uint8Array;
  readonly components: RsaPrivateComponents;
}

/** An RSA public key handle. */
export interface RsaPublicKey {
  readonly bits: number;
  /** k, the modulus length in bytes (signature, ciphertext and raw-operation size). */
  readonly modulusLen: number;
  verify(message: Uint8Array, signature: Uint8Array, scheme: RsaSignatureScheme): boolean;
  encrypt(plaintext: Uint8Array, scheme: RsaEncryptionScheme): Uint8Array;
  rawPublic(input: Uint8Array): Uint8Array;
  toDer(): Uint8Array;
  components(): RsaPublicComponents;
}

/** An RSA private key handle. */
export interface RsaPrivateKey {
  readonly bits: number;
  readonly modulusLen: number;
  readonly publicKey: RsaPublicKey;
  sign(message: Uint8Array, scheme: RsaSignatureScheme): Uint8Array;
  decrypt(ciphertext: Uint8Array, scheme: RsaEncryptionScheme): Uint8Array;
  rawPrivate(input: Uint8Array): Uint8Array;
  /** PKCS#8 DER: key material leaves the handle; wipe it when done. */
  exportDer(): Uint8Array;
  exportComponents(): RsaPrivateComponents;
}

const MIN_BITS = 2048;
const MAX_BITS = 4096;

const SIG: Readonly<Record<RsaSignatureScheme, { hash: string; hLen: number; pss: boolean }>> = Object.freeze({
  'pkcs1v15-sha256': { hash: 'sha256', hLen: 32, pss: false },
  'pkcs1v15-sha384': { hash: 'sha384', hLen: 48, pss: false },
  'pss-sha256': { hash: 'sha256', hLen: 32, pss: true },
  'pss-sha384': { hash: 'sha384', hLen: 48, pss: true },
});

function sigParams(scheme: unknown, what: string): { hash: string; hLen: number; pss: boolean } {
  if (typeof scheme !== 'string' || !Object.hasOwn(SIG, scheme)) throw new TypeError(`${what}: unknown signature scheme ${String(scheme)}`);
  return SIG[scheme as RsaSignatureScheme];
}

function encScheme(scheme: unknown, what: string): RsaEncryptionScheme {
  if (scheme !== 'oaep-sha256' && scheme !== 'pkcs1v15') throw new TypeError(`${what}: unknown encryption scheme ${String(scheme)}`);
  return scheme;
}

function bytesArg(x: unknown, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  return x;
}

const b64u = (b: Uint8Array): string => Buffer.from(stripZeros(b)).toString('base64url');
const fromB64u = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? '', 'base64url'));

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function keyErr(what: string, msg: string): CryptoError {
  return new CryptoError('SDR_KEYERR', `${what}: ${msg}`);
}

/** The modulus size of an RSA KeyObject, checked against 2048..4096. */
function checkRsaKey(key: KeyObject, what: string): number {
  if (key.asymmetricKeyType !== 'rsa') throw keyErr(what, `not an rsaEncryption key (${key.asymmetricKeyType ?? 'unknown'})`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_BITS || bits > MAX_BITS) throw keyErr(what, `modulus of ${bits} bits is outside ${MIN_BITS}..${MAX_BITS}`);
  return bits;
}

/** Left-pads `input` (<= k bytes, value < n) to k bytes for a no-padding operation. */
function rawInput(input: unknown, k: number, n: bigint, what: string): Uint8Array {
  const x = bytesArg(input, `${what}: input`);
  if (x.length > k || bytesToBigInt(x) >= n) throw new CryptoError('SDR_INARGERR', `${what}: input must be less than the modulus`);
  const block = new Uint8Array(k);
  block.set(x, k - x.length);
  return block;
}

class PublicKeyImpl implements RsaPublicKey {
  readonly bits: number;
  readonly modulusLen: number;
  readonly #key: KeyObject;
  readonly #n: bigint;

  constructor(key: KeyObject, what: string) {
    this.bits = checkRsaKey(key, what);
    this.modulusLen = Math.ceil(this.bits / 8);
    this.#key = key;
    this.#n = bytesToBigInt(this.components().n);
  }

  verify(message: Uint8Array, signature: Uint8Array, scheme: RsaSignatureScheme): boolean {
    const what = 'rsa.verify';
    const p = sigParams(scheme, what);
    const msg = bytesArg(message, `${what}: message`);
    const sig = bytesArg(signature, `${what}: signature`);
    if (sig.length !== this.modulusLen) return false; // RFC 8017 §8.1.2 / §8.2.2 step 1
    try {
      return nodeVerify(p.hash, msg, p.pss ? { key: this.#key, ...pss(p.hLen) } : this.#key, sig);
    } catch {
      return false;
    }
  }

  encrypt(plaintext: Uint8Array, scheme: RsaEncryptionScheme): Uint8Array {
    const what = 'rsa.encrypt';
    const s = encScheme(scheme, what);
    const pt = bytesArg(plaintext, `${what}: plaintext`);
    const max = s === 'oaep-sha256' ? this.modulusLen - 2 * 32 - 2 : this.modulusLen - 11; // §7.1.1, §7.2.1
    if (pt.length > max) throw new CryptoError('SDR_INARGERR', `${what}: plaintext of ${pt.length} bytes exceeds ${max} for this key`);
    const opts = s === 'oaep-sha256'
      ? { key: this.#key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }
      : { key: this.#key, padding: constants.RSA_PKCS1_PADDING };
    return new Uint8Array(publicEncrypt(opts, pt));
  }

  rawPublic(input: Uint8Array): Uint8Array {
    const what = 'rsa.rawPublic';
    const block = rawInput(input, this.modulusLen, this.#n, what);
    try {
      return new Uint8Array(publicEncrypt({ key: this.#key, padding: constants.RSA_NO_PADDING }, block));
    } catch {
      throw new CryptoError('SDR_PKOPERR', `${what}: public key operation failed`);
    }
  }

  toDer(): Uint8Array {
    return new Uint8Array(this.#key.export({ type: 'spki', format: 'der' }));
  }

  components(): RsaPublicComponents {
    const j = this.#key.export({ format: 'jwk' });
    return { n: fromB64u(j.n), e: fromB64u(j.e) };
  }
}

function pss(hLen: number): { padding: number; saltLength: number } {
  return { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hLen };
}

function decryptFailed(what: string): CryptoError {
  return new CryptoError('SDR_ENCDATAERR', `${what}: decryption failed`);
}

class PrivateKeyImpl implements RsaPrivateKey {
  readonly bits: number;
  readonly modulusLen: number;
  readonly publicKey: PublicKeyImpl;
  readonly #key: KeyObject;
  readonly #n: bigint;

  constructor(key: KeyObject, what: string) {
    this.bits = checkRsaKey(key, what);
    this.modulusLen = Math.ceil(this.bits / 8);
    this.#key = key;
    this.publicKey = new PublicKeyImpl(createPublicKey(key), what);
    this.#n = bytesToBigInt(this.publicKey.components().n);
    // Pairwise consistency test (FIPS 140-3 IG 10.3.A): the pair must sign and verify.
    const probe = new Uint8Array([0x6d, 0x69, 0x6d, 0x61]);
    if (!this.publicKey.verify(probe, this.sign(probe, 'pkcs1v15-sha256'), 'pkcs1v15-sha256')) {
      throw keyErr(what, 'inconsistent private key (pairwise test failed)');
    }
  }

  sign(message: Uint8Array, scheme: RsaSignatureScheme): Uint8Array {
    const what = 'rsa.sign';
    const p = sigParams(scheme, what);
    const msg = bytesArg(message, `${what}: message`);
    try {
      return new Uint8Array(nodeSign(p.hash, msg, p.pss ? { key: this.#key, ...pss(p.hLen) } : this.#key));
    } catch {
      throw new CryptoError('SDR_SIGNERR', `${what}: signing failed`);
    }
  }

  decrypt(ciphertext: Uint8Array, scheme: RsaEncryptionScheme): Uint8Array {
    const what = 'rsa.decrypt';
    const s = encScheme(scheme, what);
    const ct = bytesArg(ciphertext, `${what}: ciphertext`);
    if (ct.length !== this.modulusLen) throw decryptFailed(what); // §7.1.2 / §7.2.2 step 1
    if (s === 'oaep-sha256') {
      let pt: Buffer;
      try {
        pt = privateDecrypt({ key: this.#key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ct);
      } catch {
        throw decryptFailed(what);
      }
      const out = new Uint8Array(pt);
      wipe(pt);
      return out;
    }
    let em: Buffer;
    try {
      em = privateDecrypt({ key: this.#key, padding: constants.RSA_NO_PADDING }, ct);
    } catch {
      throw decryptFailed(what); // c >= n
    }
    const off = pkcs1v15MessageOffset(em);
    if (off < 0) {
      wipe(em);
      throw decryptFailed(what);
    }
    const out = new Uint8Array(em.subarray(off));
    wipe(em);
    return out;
  }

  rawPrivate(input: Uint8Array): Uint8Array {
    const what = 'rsa.rawPrivate';
    const block = rawInput(input, this.modulusLen, this.#n, what);
    try {
      const y = privateDecrypt({ key: this.#key, padding: constants.RSA_NO_PADDING }, block);
      const out = new Uint8Array(y);
      wipe(y, block);
      return out;
    } catch {
      throw new CryptoError('SDR_SKOPERR', `${what}: private key operation failed`);
    }
  }

  exportDer(): Uint8Array {
    return new Uint8Array(this.#key.export({ type: 'pkcs8', format: 'der' }));
  }

  exportComponents(): RsaPrivateComponents {
    const j = this.#key.export({ format: 'jwk' });
    return {
      n: fromB64u(j.n),
      e: fromB64u(j.e),
      d: fromB64u(j.d),
      p: fromB64u(j.p),
      q: fromB64u(j.q),
      dp: fromB64u(j.dp),
      dq: fromB64u(j.dq),
      qinv: fromB64u(j.qi),
    };
  }
}

/**
 * A fresh RSA key pair.
 * @param bits modulus size, 2048..4096.
 * @param e public exponent: odd, 2^16 < e < 2^32 (FIPS 186-5 §A.1.1 lower bound; node's limit).
 * @throws CryptoError SDR_KEYERR (bits or e out of range).
 */
export function generateRsaKeyPair(bits: number, e = 65537): RsaKeyPair {
  const what = 'rsa.generateKeyPair';
  if (!Number.isInteger(bits) || bits < MIN_BITS || bits > MAX_BITS) throw keyErr(what, `bits must be ${MIN_BITS}..${MAX_BITS}, got ${bits}`);
  if (!Number.isInteger(e) || e <= 0x10000 || e >= 2 ** 32 || e % 2 === 0) throw keyErr(what, `public exponent must be odd and in (2^16, 2^32), got ${e}`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: e });
  const key = new PrivateKeyImpl(privateKey, what);
  return {
    bits: key.bits,
    privateKeyDer: key.exportDer(),
    publicKeyDer: key.publicKey.toDer(),
    components: key.exportComponents(),
  };
}

/**
 * A private key handle from PKCS#8 DER (rsaEncryption).
 * @throws CryptoError SDR_KEYERR (not PKCS#8 RSA, size out of range, inconsistent).
 */
export function importRsaPrivateKey(pkcs8Der: Uint8Array): RsaPrivateKey {
  const what = 'rsa.importPrivateKey';
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
 * A public key handle from SPKI DER (rsaEncryption).
 * @throws CryptoError SDR_KEYERR (not SPKI RSA, size out of range).
 */
export function importRsaPublicKey(spkiDer: Uint8Array): RsaPublicKey {
  const what = 'rsa.importPublicKey';
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
 * A public key handle from n and e (e.g. an SDF RSArefPublicKey).
 * @throws CryptoError SDR_KEYERR (size out of range, even or tiny e, unusable values).
 */
export function rsaPublicKeyFromComponents(c: RsaPublicComponents): RsaPublicKey {
  const what = 'rsa.publicKeyFromComponents';
  const n = bytesArg(c?.n, `${what}: n`);
  const e = bytesToBigInt(bytesArg(c.e, `${what}: e`));
  if (e < 3n || e % 2n === 0n) throw keyErr(what, 'public exponent must be odd and >= 3');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'RSA', n: b64u(n), e: b64u(c.e) }, format: 'jwk' });
  } catch {
    throw keyErr(what, 'unusable public key components');
  }
  return new PublicKeyImpl(key, what);
}

/**
 * A private key handle from CRT components (e.g. an SDF RSArefPrivateKey). Checks n = p·q
 * (variable-time bigint arithmetic on p and q, once per import) and runs a pairwise test.
 * @throws CryptoError SDR_KEYERR (size out of range, inconsistent components).
 */
export function rsaPrivateKeyFromComponents(c: RsaPrivateComponents): RsaPrivateKey {
  const what = 'rsa.privateKeyFromComponents';
  const names = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qinv'] as const;
  for (const k of names) bytesArg(c?.[k], `${what}: ${k}`);
  if (bytesToBigInt(c.p) * bytesToBigInt(c.q) !== bytesToBigInt(c.n)) throw keyErr(what, 'n is not p·q');
  const jwk = {
    kty: 'RSA', n: b64u(c.n), e: b64u(c.e), d: b64u(c.d), p: b64u(c.p), q: b64u(c.q),
    dp: b64u(c.dp), dq: b64u(c.dq), qi: b64u(c.qinv),
  };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw keyErr(what, 'unusable private key components');
  }
  return new PrivateKeyImpl(key, what);
}
