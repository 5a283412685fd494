/**
 * GM/T 0018 asymmetric functions (§6.4) and the export of internal public keys (§6.3):
 * SM2 sign/verify/encrypt/decrypt with internal and external keys, raw RSA with internal and
 * external public keys and internal private keys. Digests are the 32-byte e = SM3(Z_A ‖ M)
 * (SDF_HashInit with the signer's key and ID computes it). Device-side work and decisions:
 * src/device/ops/asym.ts.
 *
 * InternalEncrypt_ECC / InternalDecrypt_ECC are not in the 2012 list but every public header
 * ships them (sdf-api.md §3.3): they take `uiAlgID` (SGD_SM2_3), as GmSSL's header does.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import * as ops from '../device/ops/asym.js';
import type { RsaPublicComponents } from '../algorithms/legacy/index.js';
import { sessionOf, type SessionHandle } from './handles.js';
import { requireSm2, SGD_SM2_1, SGD_SM2_3 } from './sgd.js';
import {
  eccCipherFromC1C3C2, eccCipherToC1C3C2, eccPublicKeyFromPoint, eccPublicKeyToPoint, eccSignatureFromRaw, eccSignatureToRaw,
  rsaPublicKeyFromComponents, rsaPublicKeyToComponents,
  type ECCCipher, type ECCrefPublicKey, type ECCSignature, type RSArefPublicKey,
} from './structs.js';

function verified(ok: boolean, fn: string): void {
  if (!ok) throw new CryptoError('SDR_VERIFYERR', `${fn}: the signature does not verify`);
}

// --- export of internal public keys ------------------------------------------------------

export async function SDF_ExportSignPublicKey_RSA(hSessionHandle: SessionHandle, uiKeyIndex: number): Promise<RSArefPublicKey> {
  const k = await ops.exportPublicKey(sessionOf(hSessionHandle), uiKeyIndex, 'sign', 'rsa', 'SDF_ExportSignPublicKey_RSA');
  return rsaPublicKeyFromComponents(k as RsaPublicComponents);
}

export async function SDF_ExportEncPublicKey_RSA(hSessionHandle: SessionHandle, uiKeyIndex: number): Promise<RSArefPublicKey> {
  const k = await ops.exportPublicKey(sessionOf(hSessionHandle), uiKeyIndex, 'enc', 'rsa', 'SDF_ExportEncPublicKey_RSA');
  return rsaPublicKeyFromComponents(k as RsaPublicComponents);
}

export async function SDF_ExportSignPublicKey_ECC(hSessionHandle: SessionHandle, uiKeyIndex: number): Promise<ECCrefPublicKey> {
  return eccPublicKeyFromPoint((await ops.exportPublicKey(sessionOf(hSessionHandle), uiKeyIndex, 'sign', 'sm2', 'SDF_ExportSignPublicKey_ECC')) as Uint8Array);
}

export async function SDF_ExportEncPublicKey_ECC(hSessionHandle: SessionHandle, uiKeyIndex: number): Promise<ECCrefPublicKey> {
  return eccPublicKeyFromPoint((await ops.exportPublicKey(sessionOf(hSessionHandle), uiKeyIndex, 'enc', 'sm2', 'SDF_ExportEncPublicKey_ECC')) as Uint8Array);
}

// --- RSA ------------------------------------------------------------------------------------

export function SDF_ExternalPublicKeyOperation_RSA(hSessionHandle: SessionHandle, pucPublicKey: RSArefPublicKey, pucDataInput: Uint8Array): Uint8Array {
  const fn = 'SDF_ExternalPublicKeyOperation_RSA';
  return ops.externalRsaPublic(sessionOf(hSessionHandle), rsaPublicKeyToComponents(pucPublicKey), pucDataInput, fn);
}

export async function SDF_InternalPublicKeyOperation_RSA(hSessionHandle: SessionHandle, uiKeyIndex: number, pucDataInput: Uint8Array): Promise<Uint8Array> {
  return ops.internalRsaPublic(sessionOf(hSessionHandle), uiKeyIndex, pucDataInput, 'SDF_InternalPublicKeyOperation_RSA');
}

export async function SDF_InternalPrivateKeyOperation_RSA(hSessionHandle: SessionHandle, uiKeyIndex: number, pucDataInput: Uint8Array): Promise<Uint8Array> {
  return ops.internalRsaPrivate(sessionOf(hSessionHandle), uiKeyIndex, pucDataInput, 'SDF_InternalPrivateKeyOperation_RSA');
}

// --- SM2 ------------------------------------------------------------------------------------

export function SDF_ExternalVerify_ECC(hSessionHandle: SessionHandle, uiAlgID: number, pucPublicKey: ECCrefPublicKey, pucDataInput: Uint8Array,
  pucSignature: ECCSignature): void {
  const fn = 'SDF_ExternalVerify_ECC';
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_1, fn);
  verified(ops.externalVerify(s, eccPublicKeyToPoint(pucPublicKey), pucDataInput, eccSignatureToRaw(pucSignature), fn), fn);
}

export async function SDF_InternalSign_ECC(hSessionHandle: SessionHandle, uiISKIndex: number, pucData: Uint8Array): Promise<ECCSignature> {
  const [sig] = await ops.internalSign(sessionOf(hSessionHandle), uiISKIndex, [pucData], 'SDF_InternalSign_ECC');
  return eccSignatureFromRaw(sig!);
}

export async function SDF_InternalVerify_ECC(hSessionHandle: SessionHandle, uiIPKIndex: number, pucData: Uint8Array, pucSignature: ECCSignature): Promise<void> {
  const fn = 'SDF_InternalVerify_ECC';
  const [ok] = await ops.internalVerify(sessionOf(hSessionHandle), uiIPKIndex, [{ digest: pucData, signature: eccSignatureToRaw(pucSignature) }], fn);
  verified(ok!, fn);
}

export function SDF_ExternalEncrypt_ECC(hSessionHandle: SessionHandle, uiAlgID: number, pucPublicKey: ECCrefPublicKey, pucData: Uint8Array): ECCCipher {
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_3, 'SDF_ExternalEncrypt_ECC');
  return eccCipherFromC1C3C2(ops.externalEncrypt(s, eccPublicKeyToPoint(pucPublicKey), pucData));
}

export async function SDF_InternalEncrypt_ECC(hSessionHandle: SessionHandle, uiIPKIndex: number, uiAlgID: number, pucData: Uint8Array): Promise<ECCCipher> {
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_3, 'SDF_InternalEncrypt_ECC');
  return eccCipherFromC1C3C2(await ops.internalEncrypt(s, uiIPKIndex, pucData, 'SDF_InternalEncrypt_ECC'));
}

export async function SDF_InternalDecrypt_ECC(hSessionHandle: SessionHandle, uiISKIndex: number, uiAlgID: number, pucEncData: ECCCipher): Promise<Uint8Array> {
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_3, 'SDF_InternalDecrypt_ECC');
  return ops.internalDecrypt(s, uiISKIndex, eccCipherToC1C3C2(pucEncData));
}
