/**
 * Device-side asymmetric operations of the SDF facade (GM/T 0018 §6.4): SM2 sign/verify/
 * encrypt/decrypt with internal keys, with external keys, and raw RSA. Raw values in and out
 * (SM2 points 04 ‖ x ‖ y, signatures r ‖ s, ciphertexts C1 ‖ C3 ‖ C2, RSA integers as bytes);
 * src/sdf/asym.ts converts them to and from the GM/T 0018 structures.
 *
 * Decisions:
 * - Internal RSA raw operations use the index's *signing* pair for both the public and the
 *   private operation (they are how applications sign with PKCS#1 padding they add themselves,
 *   and check such signatures); envelopes (ops/keys.ts) use the encryption pair.
 * - Public-key operations on internal keys need no access right (the public half is public);
 *   private-key operations need the index's right in this session (SDR_PARDENY).
 * - Hot paths read no store: public and private keys are cached per unlock in the key store,
 *   with the engine's per-key state (tables, (1+d)^-1, Z_A).
 *
 * @module
 */
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { RsaPublicComponents, RsaPrivateComponents } from '../../algorithms/legacy/index.js';
import type { KeyUsage } from '../../store/index.js';
import type { PublicKeyState } from '../keystore.js';
import type { Session } from '../session.js';

const DIGEST_LEN = 32;

function requireDigest(e: Uint8Array, fn: string): void {
  if (e.length !== DIGEST_LEN) throw new CryptoError('SDR_INARGERR', `${fn}: an SM2 digest e is 32 bytes, got ${e.length}`);
}

async function internalPublic(s: Session, index: number, usage: KeyUsage, kind: 'sm2' | 'rsa', fn: string): Promise<PublicKeyState> {
  s.check();
  const k = await s.device.keys.publicState(index, usage);
  if ((k.algorithm === 'sm2') !== (kind === 'sm2')) {
    throw new CryptoError('SDR_KEYTYPEERR', `${fn}: the ${usage} key at index ${index} is ${k.algorithm}, not ${kind.toUpperCase()}`);
  }
  return k;
}

/** The public key of (index, usage): SM2 04 ‖ x ‖ y, or RSA components. */
export async function exportPublicKey(s: Session, index: number, usage: KeyUsage, kind: 'sm2' | 'rsa', fn: string): Promise<Uint8Array | RsaPublicComponents> {
  const k = await internalPublic(s, index, usage, kind, fn);
  return kind === 'sm2' ? k.publicKey : k.rsa!.components();
}

// --- SM2 with internal keys -------------------------------------------------------------

export async function internalSign(s: Session, index: number, digests: readonly Uint8Array[], fn: string): Promise<Uint8Array[]> {
  for (const e of digests) requireDigest(e, fn);
  return s.internalSignDigests(index, digests);
}

export async function internalVerify(s: Session, index: number, items: readonly { digest: Uint8Array; signature: Uint8Array }[], fn: string): Promise<boolean[]> {
  for (const it of items) requireDigest(it.digest, fn);
  const k = await internalPublic(s, index, 'sign', 'sm2', fn);
  return k.verifier!.verifyDigests(items);
}

export async function internalEncrypt(s: Session, index: number, plaintext: Uint8Array, fn: string): Promise<Uint8Array> {
  const k = await internalPublic(s, index, 'enc', 'sm2', fn);
  return k.encryptor!.encrypt(plaintext);
}

export async function internalDecrypt(s: Session, index: number, ciphertext: Uint8Array): Promise<Uint8Array> {
  return s.internalDecryptEcc(index, ciphertext);
}

// --- SM2 with external keys ---------------------------------------------------------------

export function externalVerify(s: Session, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array, fn: string): boolean {
  s.check();
  requireDigest(digest, fn);
  return s.device.engine.sm.sm2.verifyDigestBatch([{ publicKey, digest, signature }])[0]!;
}

export function externalEncrypt(s: Session, publicKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  s.check();
  return s.device.engine.sm.sm2.encrypt(publicKey, plaintext);
}

/** 2023 validation function: the private key comes from the caller and is released at once. */
export function externalSign(s: Session, privateKey: Uint8Array, digest: Uint8Array, fn: string): Uint8Array {
  s.check();
  requireDigest(digest, fn);
  const key = s.device.engine.sm.sm2.signingKey(privateKey);
  try {
    return key.signDigests([digest])[0]!;
  } finally {
    key.release();
  }
}

export function externalDecrypt(s: Session, privateKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  s.check();
  return s.device.engine.sm.sm2.decrypt(privateKey, ciphertext);
}

// --- raw RSA ----------------------------------------------------------------------------------

/** Raw RSA wants exactly one modulus of input (GM/T 0018 leaves padding to the caller). */
function requireModulusLength(input: Uint8Array, modulusLen: number, fn: string): void {
  if (input.length !== modulusLen) throw new CryptoError('SDR_INARGERR', `${fn}: raw RSA input must be ${modulusLen} bytes (one modulus), got ${input.length}`);
}

export async function internalRsaPublic(s: Session, index: number, input: Uint8Array, fn: string): Promise<Uint8Array> {
  const k = await internalPublic(s, index, 'sign', 'rsa', fn);
  requireModulusLength(input, k.rsa!.modulusLen, fn);
  return k.rsa!.rawPublic(input);
}

export async function internalRsaPrivate(s: Session, index: number, input: Uint8Array, fn: string): Promise<Uint8Array> {
  const k = await s.privateKey(index, 'sign');
  if (!k.rsa) throw new CryptoError('SDR_KEYTYPEERR', `${fn}: the signing key at index ${index} is not RSA`);
  requireModulusLength(input, k.rsa.modulusLen, fn);
  const out = k.rsa.rawPrivate(input);
  s.device.auditKeyUse(s.principal, 'key.use.rsa-private', `index ${index}`);
  return out;
}

export function externalRsaPublic(s: Session, key: RsaPublicComponents, input: Uint8Array, fn: string): Uint8Array {
  s.check();
  const pub = s.device.engine.legacy.rsa.publicKeyFromComponents(key);
  requireModulusLength(input, pub.modulusLen, fn);
  return pub.rawPublic(input);
}

export function externalRsaPrivate(s: Session, key: RsaPrivateComponents, input: Uint8Array, fn: string): Uint8Array {
  s.check();
  const priv = s.device.engine.legacy.rsa.privateKeyFromComponents(key);
  requireModulusLength(input, priv.modulusLen, fn);
  return priv.rawPrivate(input);
}
