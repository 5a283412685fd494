/**
 * Device-side key management for the SDF facade (GM/T 0018 §6.3 key-management functions):
 * session keys generated and wrapped under internal or external public keys, under KEKs, or
 * imported through them; external key pairs; digital-envelope exchange; SM2 key agreement
 * (GB/T 32918.3) with agreement state held in the session.
 *
 * Raw values in and out (SM2 keys as 04‖x‖y, SM2 ciphertexts as C1‖C3‖C2, RSA keys as
 * components); src/sdf/keys.ts converts them to and from the GM/T 0018 structures.
 *
 * Decisions (GM/T 0018 leaves them open):
 * - Session keys are SM4 keys (the Session holds 16-byte keys), so `uiKeyBits` must be 128;
 *   anything else is SDR_INARGERR.
 * - Envelopes and agreement use the index's *encryption* key pair (ISK/IPK = the encryption
 *   pair, as TLCP uses its encryption certificate's key for key exchange).
 * - RSA envelopes are PKCS#1 v1.5 encryption (RFC 8017 §7.2), the format every GM/T 0018
 *   card uses; every unwrap failure (padding or key length) is one SDR_SKOPERR (a private-key
 *   operation failed), so the code is no padding oracle.
 * - KEK wrapping: SGD_SM4_ECB wraps the key blocks without padding (16 bytes for an SM4 key);
 *   SGD_SM4_CBC outputs IV ‖ SM4-CBC-PKCS#7(key), the layout of GmSSL SoftSDF. Other modes
 *   are SDR_ALGMODNOTSUPPORT (the SDF layer maps algorithm ids).
 * - Using an internal private key needs the index's access right in this session
 *   (SDR_PARDENY otherwise, as the Session reports it).
 * - Audit: every private-key use and every key generation goes to the audit chain through
 *   `auditKeyUse` (summarised at high rates): actions `key.use.unwrap`, `key.use.envelope`,
 *   `key.use.agree`, `session-key.generate`, `session-key.import`, `key.generate.external`.
 *
 * @module
 */
import { copyBytes, ctEqual, wipe } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { RsaPrivateComponents, RsaPrivateKey, RsaPublicComponents } from '../../algorithms/legacy/index.js';
import type { Session } from '../session.js';

/** GM/T 0018 uiKeyBits of the session keys this device makes (SM4). */
export const SESSION_KEY_BITS = 128;
const SESSION_KEY_BYTES = SESSION_KEY_BITS / 8;
const BLOCK = 16;

/** A new session key and its wrapped form. */
export interface WrappedSessionKey {
  handle: number;
  /** The key wrapped for the recipient (SM2 C1‖C3‖C2, RSA PKCS#1 v1.5 block, or KEK output). */
  wrapped: Uint8Array;
}

/** How a KEK wraps session keys (see the module doc). */
export type KekMode = 'ecb' | 'cbc';

/** An external SM2 key pair (private key leaves the device: GenerateKeyPair_ECC). */
export interface EccKeyPair {
  /** 32-byte d. */
  privateKey: Uint8Array;
  /** 04 ‖ x ‖ y. */
  publicKey: Uint8Array;
}

/** An external RSA key pair. */
export interface RsaKeyPairComponents {
  bits: number;
  privateKey: RsaPrivateComponents;
}

/** Checks `uiKeyBits` of a session key; returns its length in bytes. */
export function sessionKeyBytes(keyBits: number, fn: string): number {
  if (keyBits !== SESSION_KEY_BITS) {
    throw new CryptoError('SDR_INARGERR', `${fn}: session keys are ${SESSION_KEY_BITS}-bit SM4 keys (uiKeyBits ${keyBits})`);
  }
  return SESSION_KEY_BYTES;
}

function bytes(x: unknown, fn: string, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new CryptoError('SDR_INARGERR', `${fn}: ${what} must be bytes`);
  return x;
}

/**
 * A fresh session key (16 bytes from the device DRBG) wrapped by `wrap`, then added to `s`:
 * wrapping first, so a failure (e.g. an invalid recipient key) leaves no handle behind.
 */
function makeSessionKey(s: Session, wrap: (key: Uint8Array) => Uint8Array): WrappedSessionKey {
  const key = s.device.random(SESSION_KEY_BYTES);
  let wrapped: Uint8Array;
  try {
    wrapped = wrap(key);
  } catch (e) {
    wipe(key);
    throw e;
  }
  return { handle: s.addKey('sm4', key).handle, wrapped };
}

/** Adds an unwrapped or derived key to `s` (taking ownership) after checking its length. */
export function adoptSessionKey(s: Session, key: Uint8Array, fn: string): number {
  if (key.length !== SESSION_KEY_BYTES) {
    wipe(key);
    throw new CryptoError('SDR_KEYERR', `${fn}: the unwrapped key is not a ${SESSION_KEY_BITS}-bit SM4 key`);
  }
  return s.addKey('sm4', key).handle;
}

/** Records a key use or generation by the session's principal (summarised at high rates). */
export function auditUse(s: Session, action: string, target: string): void {
  s.device.auditKeyUse(s.principal, action, target);
}

// --- internal key pairs: public parts and private keys -----------------------------------

/** The stored public key of the encryption pair at `index`, checked to be of `kind`. */
async function internalEncPublicKey(s: Session, index: number, kind: 'sm2' | 'rsa', fn: string): Promise<Uint8Array> {
  s.check();
  const r = await s.device.keys.keyPair(index, 'enc');
  if ((r.algorithm === 'sm2') !== (kind === 'sm2')) {
    throw new CryptoError('SDR_KEYTYPEERR', `${fn}: the encryption key at index ${index} is ${r.algorithm}, not ${kind.toUpperCase()}`);
  }
  return r.publicKey;
}

/** The SM2 encryption private key d at `index` (needs the access right). The key store's cached copy: never wipe it. */
export async function internalSm2Private(s: Session, index: number, fn: string): Promise<Uint8Array> {
  const k = await s.privateKey(index, 'enc');
  if (k.algorithm !== 'sm2' || !k.d) throw new CryptoError('SDR_KEYTYPEERR', `${fn}: the encryption key at index ${index} is not SM2`);
  return k.d;
}

async function internalRsaPrivate(s: Session, index: number, fn: string): Promise<RsaPrivateKey> {
  const k = await s.privateKey(index, 'enc');
  if (!k.rsa) throw new CryptoError('SDR_KEYTYPEERR', `${fn}: the encryption key at index ${index} is not RSA`);
  return k.rsa;
}

/**
 * RSA PKCS#1 v1.5 decryption with an internal key. Every failure — bad padding, or a plaintext
 * of the wrong length when `expectLength` is given — is the same SDR_SKOPERR, so the error code
 * is not a padding oracle (Bleichenbacher); node's decryption is not claimed to be constant time.
 */
async function rsaUnwrap(s: Session, index: number, ciphertext: Uint8Array, action: string, fn: string, expectLength?: number): Promise<Uint8Array> {
  const rsa = await internalRsaPrivate(s, index, fn);
  // Audited before the attempt: a failed decryption is a use of the private key too.
  auditUse(s, action, `index ${index}`);
  const failed = (): CryptoError => new CryptoError('SDR_SKOPERR', `${fn}: RSA decryption failed`);
  let pt: Uint8Array;
  try {
    pt = rsa.decrypt(ciphertext, 'pkcs1v15');
  } catch (e) {
    if (e instanceof CryptoError) throw failed();
    throw e;
  }
  if (expectLength !== undefined && pt.length !== expectLength) {
    wipe(pt);
    throw failed();
  }
  return pt;
}

function rsaPublic(s: Session, pub: RsaPublicComponents) {
  return s.device.engine.legacy.rsa.publicKeyFromComponents(pub);
}

// --- session keys under SM2 ------------------------------------------------------------------

/** SDF_GenerateKeyWithIPK_ECC: a session key SM2-encrypted under the internal enc key at `index`. */
export async function generateKeyWithIpkEcc(s: Session, index: number, keyBits: number): Promise<WrappedSessionKey> {
  const fn = 'SDF_GenerateKeyWithIPK_ECC';
  sessionKeyBytes(keyBits, fn);
  const pub = await internalEncPublicKey(s, index, 'sm2', fn);
  const r = makeSessionKey(s, (key) => s.device.engine.sm.sm2.encrypt(pub, key));
  auditUse(s, 'session-key.generate', `ipk index ${index}`);
  return r;
}

/** SDF_GenerateKeyWithEPK_ECC: a session key SM2-encrypted under an external public key. */
export function generateKeyWithEpkEcc(s: Session, keyBits: number, publicKey: Uint8Array): WrappedSessionKey {
  const fn = 'SDF_GenerateKeyWithEPK_ECC';
  s.check();
  sessionKeyBytes(keyBits, fn);
  bytes(publicKey, fn, 'public key');
  const r = makeSessionKey(s, (key) => s.device.engine.sm.sm2.encrypt(publicKey, key));
  auditUse(s, 'session-key.generate', 'epk');
  return r;
}

/** SDF_ImportKeyWithISK_ECC: decrypts C1‖C3‖C2 with the internal enc key at `index`. */
export async function importKeyWithIskEcc(s: Session, index: number, ciphertext: Uint8Array): Promise<number> {
  const fn = 'SDF_ImportKeyWithISK_ECC';
  const d = await internalSm2Private(s, index, fn);
  bytes(ciphertext, fn, 'ciphertext');
  // Audited before the attempt: a failed decryption is a use of the private key too.
  auditUse(s, 'key.use.unwrap', `index ${index}`);
  return adoptSessionKey(s, s.device.engine.sm.sm2.decrypt(d, ciphertext), fn);
}

/** SDF_ExchangeDigitEnvelopeBaseOnECC: re-encrypts an envelope from the internal key to `publicKey`. */
export async function exchangeEnvelopeEcc(s: Session, index: number, publicKey: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const fn = 'SDF_ExchangeDigitEnvelopeBaseOnECC';
  const d = await internalSm2Private(s, index, fn);
  const sm2 = s.device.engine.sm.sm2;
  bytes(publicKey, fn, 'public key');
  bytes(ciphertext, fn, 'ciphertext');
  auditUse(s, 'key.use.envelope', `index ${index}`);
  const pt = sm2.decrypt(d, ciphertext);
  try {
    return sm2.encrypt(publicKey, pt);
  } finally {
    wipe(pt);
  }
}

// --- session keys under RSA ------------------------------------------------------------------

/** SDF_GenerateKeyWithIPK_RSA: a session key under the internal RSA enc public key (PKCS#1 v1.5). */
export async function generateKeyWithIpkRsa(s: Session, index: number, keyBits: number): Promise<WrappedSessionKey> {
  const fn = 'SDF_GenerateKeyWithIPK_RSA';
  sessionKeyBytes(keyBits, fn);
  const spki = await internalEncPublicKey(s, index, 'rsa', fn);
  const pub = s.device.engine.legacy.rsa.importPublicKey(spki);
  const r = makeSessionKey(s, (key) => pub.encrypt(key, 'pkcs1v15'));
  auditUse(s, 'session-key.generate', `ipk index ${index}`);
  return r;
}

/** SDF_GenerateKeyWithEPK_RSA: a session key under an external RSA public key (PKCS#1 v1.5). */
export function generateKeyWithEpkRsa(s: Session, keyBits: number, publicKey: RsaPublicComponents): WrappedSessionKey {
  const fn = 'SDF_GenerateKeyWithEPK_RSA';
  s.check();
  sessionKeyBytes(keyBits, fn);
  const pub = rsaPublic(s, publicKey);
  const r = makeSessionKey(s, (key) => pub.encrypt(key, 'pkcs1v15'));
  auditUse(s, 'session-key.generate', 'epk');
  return r;
}

/** SDF_ImportKeyWithISK_RSA: decrypts a PKCS#1 v1.5 block with the internal RSA enc key. */
export async function importKeyWithIskRsa(s: Session, index: number, ciphertext: Uint8Array): Promise<number> {
  const fn = 'SDF_ImportKeyWithISK_RSA';
  const key = await rsaUnwrap(s, index, bytes(ciphertext, fn, 'ciphertext'), 'key.use.unwrap', fn, SESSION_KEY_BYTES);
  return adoptSessionKey(s, key, fn);
}

/** SDF_ExchangeDigitEnvelopeBaseOnRSA: re-encrypts an envelope from the internal key to `publicKey`. */
export async function exchangeEnvelopeRsa(s: Session, index: number, publicKey: RsaPublicComponents, envelope: Uint8Array): Promise<Uint8Array> {
  const fn = 'SDF_ExchangeDigitEnvelopeBaseOnRSA';
  const pub = rsaPublic(s, publicKey);
  const pt = await rsaUnwrap(s, index, bytes(envelope, fn, 'envelope'), 'key.use.envelope', fn);
  try {
    return pub.encrypt(pt, 'pkcs1v15');
  } finally {
    wipe(pt);
  }
}

// --- session keys under KEKs and in clear -------------------------------------------------------

function kekWrap(s: Session, kek: Uint8Array, mode: KekMode, key: Uint8Array): Uint8Array {
  const sm4 = s.device.engine.sm.sm4;
  if (mode === 'ecb') return sm4.encrypt({ mode: 'ecb', key: kek, data: key, padding: 'none' });
  const iv = s.device.random(BLOCK);
  const ct = sm4.encrypt({ mode: 'cbc', key: kek, iv, data: key, padding: 'pkcs7' });
  const out = new Uint8Array(BLOCK + ct.length);
  out.set(iv);
  out.set(ct, BLOCK);
  return out;
}

function kekUnwrap(s: Session, kek: Uint8Array, mode: KekMode, wrapped: Uint8Array, fn: string): Uint8Array {
  const sm4 = s.device.engine.sm.sm4;
  if (mode === 'ecb') {
    if (wrapped.length !== SESSION_KEY_BYTES) throw new CryptoError('SDR_INARGERR', `${fn}: an SM4-ECB wrapped key is ${SESSION_KEY_BYTES} bytes`);
    return sm4.decrypt({ mode: 'ecb', key: kek, data: wrapped, padding: 'none' });
  }
  if (wrapped.length !== BLOCK + SESSION_KEY_BYTES + BLOCK) {
    throw new CryptoError('SDR_INARGERR', `${fn}: an SM4-CBC wrapped key is IV ‖ ${SESSION_KEY_BYTES + BLOCK} bytes`);
  }
  try {
    return sm4.decrypt({ mode: 'cbc', key: kek, iv: wrapped.subarray(0, BLOCK), data: wrapped.subarray(BLOCK), padding: 'pkcs7' });
  } catch (e) {
    // Bad padding: wrong KEK or damaged input; one opaque failure.
    if (e instanceof CryptoError) throw new CryptoError('SDR_SYMOPERR', `${fn}: the wrapped key does not decrypt under KEK`);
    throw e;
  }
}

function checkKekMode(mode: KekMode): void {
  if (mode !== 'ecb' && mode !== 'cbc') throw new RangeError(`keys: unknown KEK mode ${String(mode)}`);
}

/** SDF_GenerateKeyWithKEK: a session key wrapped under the KEK at `kekIndex`. */
export async function generateKeyWithKek(s: Session, keyBits: number, mode: KekMode, kekIndex: number): Promise<WrappedSessionKey> {
  const fn = 'SDF_GenerateKeyWithKEK';
  checkKekMode(mode);
  s.check();
  sessionKeyBytes(keyBits, fn);
  const kek = await s.device.keys.kek(kekIndex);
  try {
    const r = makeSessionKey(s, (key) => kekWrap(s, kek, mode, key));
    auditUse(s, 'session-key.generate', `kek ${kekIndex}`);
    return r;
  } finally {
    wipe(kek);
  }
}

/** SDF_ImportKeyWithKEK: unwraps a session key with the KEK at `kekIndex`. */
export async function importKeyWithKek(s: Session, mode: KekMode, kekIndex: number, wrapped: Uint8Array): Promise<number> {
  const fn = 'SDF_ImportKeyWithKEK';
  checkKekMode(mode);
  s.check();
  bytes(wrapped, fn, 'wrapped key');
  const kek = await s.device.keys.kek(kekIndex);
  try {
    const key = kekUnwrap(s, kek, mode, wrapped, fn);
    auditUse(s, 'session-key.import', `kek ${kekIndex}`);
    return adoptSessionKey(s, key, fn);
  } finally {
    wipe(kek);
  }
}

/** SDF_ImportKey: a plaintext session key (copied; the caller keeps its buffer). */
export function importKey(s: Session, key: Uint8Array): number {
  const fn = 'SDF_ImportKey';
  s.check();
  if (bytes(key, fn, 'key').length !== SESSION_KEY_BYTES) {
    throw new CryptoError('SDR_INARGERR', `${fn}: a session key is ${SESSION_KEY_BYTES} bytes (SM4)`);
  }
  const handle = s.addKey('sm4', copyBytes(key)).handle;
  auditUse(s, 'session-key.import', 'plain');
  return handle;
}

/** SDF_DestroyKey. */
export function destroyKey(s: Session, handle: number): void {
  s.destroyKey(handle);
}

// --- external key pairs ---------------------------------------------------------------------------

/** SDF_GenerateKeyPair_ECC: a fresh SM2 pair, pairwise-tested (GM/T 0028 conditional test). */
export async function generateEccKeyPair(s: Session, keyBits: number): Promise<EccKeyPair> {
  const fn = 'SDF_GenerateKeyPair_ECC';
  s.check();
  if (keyBits !== 256) throw new CryptoError('SDR_INARGERR', `${fn}: SM2 keys are 256 bits (uiKeyBits ${keyBits})`);
  const sm2 = s.device.engine.sm.sm2;
  const [pair] = sm2.generateKeyPairs(1);
  if (!sm2PairwiseOk(s, pair!)) {
    wipe(pair!.privateKey);
    return s.device.failConditionalTest('SM2 key pair consistency (SDF_GenerateKeyPair_ECC)');
  }
  auditUse(s, 'key.generate.external', 'sm2');
  return pair!;
}

function sm2PairwiseOk(s: Session, pair: EccKeyPair): boolean {
  const sm2 = s.device.engine.sm.sm2;
  const probe = s.device.random(32);
  try {
    const signer = sm2.signingKey(pair.privateKey, { publicKey: pair.publicKey });
    const sig = signer.sign(probe);
    signer.release();
    if (!sm2.verifyingKey(pair.publicKey).verify(probe, sig)) return false;
    return ctEqual(sm2.decrypt(pair.privateKey, sm2.encrypt(pair.publicKey, probe)), probe);
  } catch {
    return false;
  }
}

/** SDF_GenerateKeyPair_RSA: a fresh RSA pair (the generator runs a pairwise test). */
export async function generateRsaKeyPair(s: Session, keyBits: number, maxBits: number): Promise<RsaKeyPairComponents> {
  const fn = 'SDF_GenerateKeyPair_RSA';
  s.check();
  if (!Number.isInteger(keyBits) || keyBits < 2048 || keyBits > maxBits || keyBits % 8 !== 0) {
    throw new CryptoError('SDR_INARGERR', `${fn}: RSA keys are 2048..${maxBits} bits (uiKeyBits ${keyBits})`);
  }
  let privateKey: RsaPrivateComponents;
  try {
    const pair = s.device.engine.legacy.rsa.generateKeyPair(keyBits);
    wipe(pair.privateKeyDer);
    privateKey = pair.components;
  } catch {
    // The inputs were checked above, so a failure here is the pairwise-consistency test.
    return s.device.failConditionalTest('RSA key pair consistency (SDF_GenerateKeyPair_RSA)');
  }
  auditUse(s, 'key.generate.external', `rsa${keyBits}`);
  return { bits: keyBits, privateKey };
}
