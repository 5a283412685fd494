/**
 * SM9 key encapsulation and decapsulation, and public-key encryption and decryption (GM/T 0044.4-2016;
 * step labels as in the standard).
 *
 *   encapsulate: Q_B = [H1(ID_B ‖ hid, N)]P1 + Ppub-e; r ∈ [1, N−1]; C = [r]Q_B;
 *                g = e(Ppub-e, P2); w = g^r; K = KDF(C ‖ w ‖ ID_B, klen) (new r if K = 0)
 *   decapsulate: C ∈ G1; w' = e(C, de_B); K' = KDF(C ‖ w' ‖ ID_B, klen) (error if K' = 0)
 *   encrypt:     the same C1 and w; K = KDF(C1 ‖ w ‖ ID_B, K1_len + K2_len) = K1 ‖ K2 (new r if
 *                K1 = 0), C2 = Enc(K1, M), C3 = MAC(K2, C2) = SM3(C2 ‖ K2), C = C1 ‖ C3 ‖ C2
 *   decrypt:     C1 ∈ G1; w' = e(C1, de_B); K' likewise (error if K1' = 0); check C3; M' = Dec(K1', C2)
 *
 * Inside the KDF input a point is x ‖ y (64 bytes) and w the 384-byte GT encoding. K2_len is 256
 * bits (the standard's example). GmSSL's sm9_encrypt uses HMAC-SM3(K2, C2) for C3 instead, so its
 * ciphertexts do not decrypt here (and vice versa); this module follows the standard.
 *
 * Encodings: the encapsulation C is 04 ‖ x ‖ y (65 bytes; 64-byte x ‖ y also accepted). The
 * ciphertext is C1 ‖ C3 ‖ C2 with C1 as the bare 64-byte x ‖ y, as in the standard's Annex D
 * example (and gmsm's raw form).
 *
 * Encryption modes (the "Enc" of the encryption steps), decided here because the standard leaves the block
 * cipher's mode and padding open:
 *   'kdf'     the sequence-cipher mode: K1_len = |M|, C2 = M ⊕ K1 (the standard's example).
 *   'sm4-cbc' K1 is a 16-byte SM4 key; C2 = IV ‖ SM4-CBC(K1, IV, PKCS#7(M)) with a fresh random IV.
 *   'sm4-ecb' K1 is a 16-byte SM4 key; C2 = SM4-ECB(K1, PKCS#7(M)).
 * PKCS#7 padding and the IV in front of C2 follow gmsm (emmansun/gmsm sm9/enc_mode.go), the one
 * peer that implements these modes; C3 covers the whole C2 (IV included). GM/T 0080's SM9Cipher
 * numbers them EnType 0 (XOR = 'kdf'), 1 (ECB), 2 (CBC). The plaintext must not be empty.
 *
 * @module
 */
import { concatBytes, ctEqual, wipe } from '../internal/bytes.js';
import { CryptoError, isCryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { sm3, sm3Kdf } from '../sm3/index.js';
import { sm4Cbc, sm4Ecb } from '../sm4/index.js';
import { fq12ToBytes } from './fq12.js';
import { G1, decodeG1, encodeG1, g1ToXY, type G1Point, type G2Point } from './groups.js';
import {
  SM9_HID, bytesArg, encMasterPublic, hidArg, idBytes, parseEncUserKey, randomScalar, userEncPoint,
} from './keys.js';
import { gtPow, pairing } from './pairing.js';

export type Sm9EncryptionMode = 'kdf' | 'sm4-cbc' | 'sm4-ecb';

const MODES: readonly Sm9EncryptionMode[] = ['kdf', 'sm4-cbc', 'sm4-ecb'];
const K2_LEN = 32;
const SM4_KEY = 16;

export interface EncapsulateOptions {
  /** hid of the recipient's key; default 0x03. */
  hid?: number;
  /** Source of r; default OS randomness. */
  rand?: RandomSource;
}

export interface EncryptOptions extends EncapsulateOptions {
  /** Default 'kdf'. In 'sm4-cbc' the IV is drawn from `rand` after r. */
  mode?: Sm9EncryptionMode;
}

export interface Encapsulation {
  /** The shared key K (klen bytes). */
  readonly key: Uint8Array;
  /** C = 04 ‖ x ‖ y (65 bytes), sent to the recipient. */
  readonly encapsulation: Uint8Array;
}

function klenArg(klen: unknown, fn: string): number {
  if (typeof klen !== 'number' || !Number.isSafeInteger(klen) || klen < 1 || klen > 0xffffffff) {
    throw new RangeError(`${fn}: klen must be a positive integer (bytes)`);
  }
  return klen;
}

function modeArg(mode: unknown, fn: string): Sm9EncryptionMode {
  if (mode === undefined) return 'kdf';
  if (!MODES.includes(mode as Sm9EncryptionMode)) throw new TypeError(`${fn}: mode must be one of ${MODES.join(', ')}`);
  return mode as Sm9EncryptionMode;
}

function allZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i]!;
  return acc === 0;
}

/** KDF(C ‖ w ‖ ID, klen). */
function kdfFor(xy: Uint8Array, w: Uint8Array, id: Uint8Array, klen: number): Uint8Array {
  const z = concatBytes(xy, w, id);
  const k = sm3Kdf(z, klen);
  wipe(z);
  return k;
}

/**
 * The sender side shared by encapsulation and encryption: C = [r]Q_B and K, retrying with a new
 * r while the first `zeroCheck` bytes of K are all zero.
 */
function senderKey(masterPublicKey: Uint8Array, id: Uint8Array, hid: number, klen: number, zeroCheck: number,
  rand: RandomSource, fn: string): { C: G1Point; xy: Uint8Array; K: Uint8Array } {
  const mpk = encMasterPublic(masterPublicKey, fn);
  const QB = userEncPoint(mpk.point, id, hid, fn);
  const g = mpk.g();
  for (let attempt = 0; attempt < 64; attempt++) {
    const r = randomScalar(rand, fn);
    const C = G1.mul(QB, r);
    const w = fq12ToBytes(gtPow(g, r));
    const xy = g1ToXY(C);
    const K = kdfFor(xy, w, id, klen);
    wipe(w);
    if (!allZero(K.subarray(0, zeroCheck))) return { C, xy, K };
    wipe(K);
  }
  throw new CryptoError('SDR_RANDERR', `${fn}: no usable key after 64 attempts`);
}

/** The recipient side: K' = KDF(C ‖ e(C, de) ‖ ID, klen). */
function recipientKey(de: G2Point, C: G1Point, id: Uint8Array, klen: number): Uint8Array {
  const xy = g1ToXY(C);
  const w = fq12ToBytes(pairing(C, de));
  const K = kdfFor(xy, w, id, klen);
  wipe(w);
  return K;
}

/**
 * Key encapsulation for the identity `id`: a fresh key K of `klen` bytes and C to send.
 * @param masterPublicKey Ppub-e (65 bytes).
 * @throws CryptoError SDR_KEYERR (Ppub-e), SDR_USERIDERR (empty id), SDR_RANDERR;
 *   RangeError (klen, hid).
 */
export function encapsulate(masterPublicKey: Uint8Array, id: Uint8Array | string, klen: number,
  opts: EncapsulateOptions = {}): Encapsulation {
  const fn = 'sm9.encapsulate';
  const idb = idBytes(id, fn);
  const n = klenArg(klen, fn);
  const hid = hidArg(opts.hid, SM9_HID.ENCRYPT, fn);
  const { C, K } = senderKey(masterPublicKey, idb, hid, n, n, opts.rand ?? osRandom, fn);
  return Object.freeze({ key: K, encapsulation: encodeG1(C) });
}

/**
 * Key decapsulation with the user key de: K (klen bytes).
 * @throws CryptoError SDR_KEYERR (de not in G2), SDR_ENCDATAERR (C not a G1 point, or K = 0),
 *   SDR_USERIDERR; RangeError (klen).
 */
export function decapsulate(userKey: Uint8Array, id: Uint8Array | string, encapsulation: Uint8Array,
  klen: number): Uint8Array {
  const fn = 'sm9.decapsulate';
  const de = parseEncUserKey(userKey, fn);
  const idb = idBytes(id, fn);
  const n = klenArg(klen, fn);
  const C = decodeG1(bytesArg(encapsulation, fn, 'encapsulation'), true);
  if (C === null) throw new CryptoError('SDR_ENCDATAERR', `${fn}: encapsulation is not a point of G1`);
  const K = recipientKey(de, C, idb, n);
  if (allZero(K)) throw new CryptoError('SDR_ENCDATAERR', `${fn}: decapsulation failed`);
  return K;
}

/**
 * Encrypts a non-empty `plaintext` to the identity `id`: C1 ‖ C3 ‖ C2.
 * @throws CryptoError SDR_KEYERR (Ppub-e), SDR_INARGERR (empty plaintext), SDR_USERIDERR,
 *   SDR_RANDERR; TypeError (mode); RangeError (hid).
 */
export function encrypt(masterPublicKey: Uint8Array, id: Uint8Array | string, plaintext: Uint8Array,
  opts: EncryptOptions = {}): Uint8Array {
  const fn = 'sm9.encrypt';
  const idb = idBytes(id, fn);
  const m = bytesArg(plaintext, fn, 'plaintext');
  if (m.length === 0) throw new CryptoError('SDR_INARGERR', `${fn}: plaintext must not be empty`);
  const mode = modeArg(opts.mode, fn);
  const hid = hidArg(opts.hid, SM9_HID.ENCRYPT, fn);
  const rand = opts.rand ?? osRandom;
  const k1Len = mode === 'kdf' ? m.length : SM4_KEY;
  const { xy, K } = senderKey(masterPublicKey, idb, hid, k1Len + K2_LEN, k1Len, rand, fn);
  const K1 = K.subarray(0, k1Len);
  let c2: Uint8Array;
  if (mode === 'kdf') {
    c2 = new Uint8Array(m.length);
    for (let i = 0; i < m.length; i++) c2[i] = m[i]! ^ K1[i]!;
  } else if (mode === 'sm4-cbc') {
    const iv = rand(16);
    if (!(iv instanceof Uint8Array) || iv.length !== 16) throw new CryptoError('SDR_RANDERR', `${fn}: random source returned a wrong length`);
    c2 = concatBytes(iv, sm4Cbc.encrypt(K1, iv, m));
  } else {
    c2 = sm4Ecb.encrypt(K1, m);
  }
  const c3 = sm3.create().update(c2).update(K.subarray(k1Len)).digest();
  wipe(K);
  return concatBytes(xy, c3, c2);
}

/**
 * Decrypts C1 ‖ C3 ‖ C2 with the user key de. Every failure after parsing C1 (wrong C3, K1 = 0,
 * bad padding) is the same opaque error, and no plaintext is released.
 * @throws CryptoError SDR_KEYERR (de), SDR_ENCDATAERR (malformed or inauthentic ciphertext),
 *   SDR_USERIDERR; TypeError (mode).
 */
export function decrypt(userKey: Uint8Array, id: Uint8Array | string, ciphertext: Uint8Array,
  opts: { mode?: Sm9EncryptionMode } = {}): Uint8Array {
  const fn = 'sm9.decrypt';
  const fail = (): never => {
    throw new CryptoError('SDR_ENCDATAERR', `${fn}: decryption failed`);
  };
  const de = parseEncUserKey(userKey, fn);
  const idb = idBytes(id, fn);
  const ct = bytesArg(ciphertext, fn, 'ciphertext');
  const mode = modeArg(opts.mode, fn);
  const c2Len = ct.length - 96;
  const minC2 = mode === 'kdf' ? 1 : mode === 'sm4-cbc' ? 32 : 16;
  if (c2Len < minC2 || (mode !== 'kdf' && c2Len % 16 !== 0)) {
    throw new CryptoError('SDR_ENCDATAERR', `${fn}: ciphertext length does not fit mode ${mode}`);
  }
  const C1 = decodeG1(ct.subarray(0, 64), true);
  if (C1 === null) throw new CryptoError('SDR_ENCDATAERR', `${fn}: C1 is not a point of G1`);
  const c3 = ct.subarray(64, 96);
  const c2 = ct.subarray(96);
  const k1Len = mode === 'kdf' ? c2Len : SM4_KEY;
  const K = recipientKey(de, C1, idb, k1Len + K2_LEN);
  const K1 = K.subarray(0, k1Len);
  const u = sm3.create().update(c2).update(K.subarray(k1Len)).digest();
  const ok = ctEqual(u, c3) && !allZero(K1);
  if (!ok) {
    wipe(K);
    fail();
  }
  try {
    if (mode === 'kdf') {
      const m = new Uint8Array(c2Len);
      for (let i = 0; i < c2Len; i++) m[i] = c2[i]! ^ K1[i]!;
      return m;
    }
    // C3 was valid, so a padding error means the sender built a bad C2: same opaque error.
    try {
      return mode === 'sm4-cbc' ? sm4Cbc.decrypt(K1, c2.subarray(0, 16), c2.subarray(16)) : sm4Ecb.decrypt(K1, c2);
    } catch (e) {
      if (isCryptoError(e, 'SDR_SYMOPERR')) fail();
      throw e;
    }
  } finally {
    wipe(K);
  }
}
