/**
 * SM2 public-key encryption (GM/T 0003.4-2012 = GB/T 32918.4-2016 §6–7):
 *   encrypt: k ∈ [1, n−1]; C1 = [k]G; (x2, y2) = [k]P_B; t = KDF(x2 ‖ y2, klen), retry while t is
 *            all zero; C2 = M ⊕ t; C3 = SM3(x2 ‖ M ‖ y2).
 *   decrypt: check C1 is on the curve; (x2, y2) = [d_B]C1; t = KDF(x2 ‖ y2, klen), reject an
 *            all-zero t; M' = C2 ⊕ t; accept iff SM3(x2 ‖ M' ‖ y2) = C3.
 *
 * Ciphertext layouts: C1 ‖ C3 ‖ C2 (the order of GM/T 0003-2012, the default) or C1 ‖ C2 ‖ C3 (the
 * 2010 draft order that older systems such as sm-crypto's `cipherMode 0` still produce), with
 * C1 = 04 ‖ x1 ‖ y1 (65 bytes). ASN.1 (GM/T 0009 §7.2) lives in src/formats; `splitCiphertext`
 * and `joinCiphertext` give the parts for it and for the SDF ECCCipher structure.
 *
 * The plaintext must not be empty: the standard's klen is positive, and for klen = 0 the
 * "t is all zero" test of step A5 would hold vacuously and never end.
 *
 * @module
 */
import { ctEqual, wipe } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { sm3, sm3Kdf } from '../sm3/index.js';
import type { CurveBackend, CurvePoint } from './backend.js';
import { bytesArg, ctIsZero, parsePrivateKey, parsePublicKey, randomScalar, uncompressed } from './keys.js';
import { sm2p256v1Backend as SM2 } from './sm2p256v1.js';

/** Ciphertext layout: GM/T 0003-2012 order (default) or the 2010 draft order. */
export type CiphertextFormat = 'c1c3c2' | 'c1c2c3';

/** The three parts of an SM2 ciphertext. */
export interface CiphertextParts {
  /** 04 ‖ x1 ‖ y1 (65 bytes). */
  c1: Uint8Array;
  /** SM3(x2 ‖ M ‖ y2) (32 bytes). */
  c3: Uint8Array;
  /** M ⊕ t (as long as the plaintext). */
  c2: Uint8Array;
}

function formatArg(f: unknown, fn: string): CiphertextFormat {
  if (f === undefined) return 'c1c3c2';
  if (f !== 'c1c3c2' && f !== 'c1c2c3') throw new TypeError(`${fn}: format must be 'c1c3c2' or 'c1c2c3'`);
  return f;
}

const DECRYPT_FAILED = 'decryption failed';

/** Splits a ciphertext into C1, C3, C2 (copies). @throws CryptoError SDR_ENCDATAERR if too short. */
export function splitCiphertext(ciphertext: Uint8Array, opts: { format?: CiphertextFormat } = {}): CiphertextParts {
  const fn = 'sm2.splitCiphertext';
  const ct = bytesArg(ciphertext, fn, 'ciphertext');
  const format = formatArg(opts.format, fn);
  if (ct.length < 65 + 32 + 1 || ct[0] !== 4) {
    throw new CryptoError('SDR_ENCDATAERR', `${fn}: ciphertext too short or C1 not uncompressed`);
  }
  const c1 = ct.slice(0, 65);
  if (format === 'c1c3c2') return { c1, c3: ct.slice(65, 97), c2: ct.slice(97) };
  return { c1, c2: ct.slice(65, ct.length - 32), c3: ct.slice(ct.length - 32) };
}

/**
 * Joins C1, C3, C2 into one ciphertext. C1 may be given as 04‖x‖y or as the 64-byte x‖y of SDF
 * structures. @throws CryptoError SDR_ENCDATAERR for wrong part lengths.
 */
export function joinCiphertext(parts: CiphertextParts, opts: { format?: CiphertextFormat } = {}): Uint8Array {
  const fn = 'sm2.joinCiphertext';
  const format = formatArg(opts.format, fn);
  let c1 = bytesArg(parts.c1, fn, 'c1');
  const c3 = bytesArg(parts.c3, fn, 'c3');
  const c2 = bytesArg(parts.c2, fn, 'c2');
  if (c1.length === 64) c1 = uncompressed(c1);
  if (c1.length !== 65 || c1[0] !== 4 || c3.length !== 32 || c2.length === 0) {
    throw new CryptoError('SDR_ENCDATAERR', `${fn}: expected C1 of 65 (or 64) bytes, C3 of 32, C2 non-empty`);
  }
  const out = new Uint8Array(65 + 32 + c2.length);
  out.set(c1, 0);
  if (format === 'c1c3c2') {
    out.set(c3, 65);
    out.set(c2, 97);
  } else {
    out.set(c2, 65);
    out.set(c3, 65 + c2.length);
  }
  return out;
}

/** Encryption to a validated public point on any backend. */
export function encryptWith(curve: CurveBackend, P: CurvePoint, m: Uint8Array, format: CiphertextFormat,
  rand: RandomSource, fn: string): Uint8Array {
  for (let attempt = 0; attempt < 64; attempt++) {
    const k = randomScalar(rand, curve.nBytes, fn);
    // h = 1: [h]P_B ≠ O holds for every valid public key.
    const [xy1, xy2] = curve.mulBaseAndPoint(k, P);
    wipe(k);
    const c1 = uncompressed(xy1);
    const t = sm3Kdf(xy2, m.length);
    if (ctIsZero(t)) {
      wipe(xy2, t);
      continue;
    }
    const c2 = new Uint8Array(m.length);
    for (let i = 0; i < m.length; i++) c2[i] = m[i]! ^ t[i]!;
    const c3 = sm3.create().update(xy2.subarray(0, 32)).update(m).update(xy2.subarray(32)).digest();
    wipe(xy2, t);
    return joinCiphertext({ c1, c3, c2 }, { format });
  }
  throw new CryptoError('SDR_RANDERR', `${fn}: no usable k after 64 attempts`);
}

/** Decryption with a validated private key on any backend; one opaque error for any failure. */
export function decryptWith(curve: CurveBackend, d: Uint8Array, ct: Uint8Array, format: CiphertextFormat,
  fn: string): Uint8Array {
  const fail = (): never => {
    throw new CryptoError('SDR_ENCDATAERR', `${fn}: ${DECRYPT_FAILED}`);
  };
  if (ct.length < 65 + 32 + 1 || ct[0] !== 4) fail();
  const C1 = curve.decodePoint(ct.subarray(0, 65));
  if (C1 === null) return fail();
  const c2Off = format === 'c1c3c2' ? 97 : 65;
  const c3Off = format === 'c1c3c2' ? 65 : ct.length - 32;
  const klen = ct.length - 97;
  const xy2 = curve.mulPoint(d, C1);
  const t = sm3Kdf(xy2, klen);
  const zeroT = ctIsZero(t);
  const m = new Uint8Array(klen);
  for (let i = 0; i < klen; i++) m[i] = ct[c2Off + i]! ^ t[i]!;
  const u = sm3.create().update(xy2.subarray(0, 32)).update(m).update(xy2.subarray(32)).digest();
  const ok = ctEqual(u, ct.subarray(c3Off, c3Off + 32)) && zeroT === 0;
  wipe(xy2, t, u);
  if (!ok) {
    wipe(m);
    fail();
  }
  return m;
}

export interface EncryptOptions {
  /** Output layout; default 'c1c3c2'. */
  format?: CiphertextFormat;
  /** Source of k; default OS randomness. */
  rand?: RandomSource;
}

/**
 * Encrypts a non-empty plaintext to an SM2 public key.
 * @throws CryptoError SDR_KEYERR (public key), SDR_INARGERR (empty plaintext), SDR_RANDERR.
 */
export function encrypt(publicKey: Uint8Array, plaintext: Uint8Array, opts: EncryptOptions = {}): Uint8Array {
  const fn = 'sm2.encrypt';
  const P = parsePublicKey(SM2, publicKey, fn);
  const m = bytesArg(plaintext, fn, 'plaintext');
  if (m.length === 0) throw new CryptoError('SDR_INARGERR', `${fn}: plaintext must not be empty`);
  return encryptWith(SM2, P, m, formatArg(opts.format, fn), opts.rand ?? osRandom, fn);
}

/** A public key prepared for many encryptions. */
export interface Encryptor {
  /** 04 ‖ x ‖ y. */
  readonly publicKey: Uint8Array;
  encrypt(plaintext: Uint8Array, opts?: EncryptOptions): Uint8Array;
}

/**
 * Prepares a public key for many encryptions: validated once and, with `{ precompute: true }`,
 * given a table of its multiples (~2.5 ms and 240 KB once) so that [k]P_B costs a constant-time
 * comb instead of a window ladder (encryption about 2.5x faster).
 * @throws CryptoError SDR_KEYERR for an invalid public key.
 */
export function prepareEncryptor(publicKey: Uint8Array, opts: { precompute?: boolean } = {}): Encryptor {
  const fn = 'sm2.prepareEncryptor';
  const P = parsePublicKey(SM2, publicKey, fn);
  if (opts.precompute === true) SM2.precompute(P);
  return Object.freeze({
    publicKey: uncompressed(P.xy),
    encrypt(plaintext: Uint8Array, o: EncryptOptions = {}): Uint8Array {
      const f = 'sm2.Encryptor.encrypt';
      const m = bytesArg(plaintext, f, 'plaintext');
      if (m.length === 0) throw new CryptoError('SDR_INARGERR', `${f}: plaintext must not be empty`);
      return encryptWith(SM2, P, m, formatArg(o.format, f), o.rand ?? osRandom, f);
    },
  });
}

/**
 * Decrypts an SM2 ciphertext. Any defect of the ciphertext (length, C1 not on the curve, all-zero
 * t, C3 mismatch) gives the same CryptoError SDR_ENCDATAERR and no plaintext.
 * @throws CryptoError SDR_KEYERR (private key), SDR_ENCDATAERR (ciphertext).
 */
export function decrypt(privateKey: Uint8Array, ciphertext: Uint8Array, opts: { format?: CiphertextFormat } = {}): Uint8Array {
  const fn = 'sm2.decrypt';
  const d = parsePrivateKey(SM2, privateKey, fn);
  const ct = bytesArg(ciphertext, fn, 'ciphertext');
  return decryptWith(SM2, d, ct, formatArg(opts.format, fn), fn);
}
