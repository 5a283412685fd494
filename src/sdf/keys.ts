/**
 * GM/T 0018 key management (2012 §6.3 / 2023 §6.3): session keys made under internal or
 * external public keys, KEKs, or imported; external key pairs; digital-envelope exchange; SM2
 * key agreement (GB/T 32918.3). Names and argument order as in the standard, without output
 * pointers and the lengths a Uint8Array carries; several outputs come back as an object whose
 * fields are the standard's output names (as in src/protocol/functions.ts).
 *
 * The work is in src/device/ops/keys.ts and key-agreement.ts (decisions documented there):
 * session keys are 128-bit SM4 keys; ISK/IPK = the index's encryption pair; RSA envelopes
 * PKCS#1 v1.5; KEK wrapping SGD_SM4_ECB (no padding) or SGD_SM4_CBC (IV ‖ CBC-PKCS#7, the
 * GmSSL SoftSDF layout); internal private keys need the index's access right (SDR_PARDENY).
 * Key handles and agreement handles belong to the session: destroyed or foreign handles are
 * SDR_KEYNOTEXIST.
 *
 * Editions: ExchangeDigitEnvelopeBaseOnRSA/ECC are 2012 functions (2023 drops them; openHiTLS
 * keeps the ECC one); GenerateKeyPair_RSA/ECC keep their 2012 signature with the session
 * handle (2023 lists them among the validation functions); SDF_ImportKey (plaintext key) is
 * the widely shipped vendor function.
 *
 * @module
 */
import { wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import * as agreement from '../device/ops/key-agreement.js';
import * as ops from '../device/ops/keys.js';
import { sessionOf, type SessionHandle } from './handles.js';
import {
  eccCipherFromC1C3C2, eccCipherToC1C3C2, eccPrivateKeyFromBytes, eccPublicKeyFromPoint, eccPublicKeyToPoint,
  rsaPrivateKeyFromComponents, rsaPublicKeyFromComponents, rsaPublicKeyToComponents, RSAref_MAX_BITS,
  type ECCCipher, type ECCrefPrivateKey, type ECCrefPublicKey, type RSArefPrivateKey, type RSArefPublicKey,
} from './structs.js';
import { requireSm2, SGD_SM2, SGD_SM2_1, SGD_SM2_2, SGD_SM2_3, sm4Mode } from './sgd.js';

/** A new session key and its wrapped form. */
export interface SdfWrappedKey<T> {
  pucKey: T;
  phKeyHandle: number;
}

/** What one side of an SM2 key agreement publishes. */
export interface SdfSponsorData {
  pucSponsorPublicKey: ECCrefPublicKey;
  pucSponsorTmpPublicKey: ECCrefPublicKey;
  phAgreementHandle: number;
}

export interface SdfResponseData {
  pucResponsePublicKey: ECCrefPublicKey;
  pucResponseTmpPublicKey: ECCrefPublicKey;
  phKeyHandle: number;
}

const SM2_IDS: ReadonlySet<number> = new Set([SGD_SM2, SGD_SM2_1, SGD_SM2_2, SGD_SM2_3]);

/** The KEK wrapping mode of uiAlgID: SGD_SM4_ECB or SGD_SM4_CBC (sgd.ts gives the error codes). */
function kekMode(uiAlgID: number, fn: string): ops.KekMode {
  return sm4Mode(uiAlgID, fn, ['ecb', 'cbc']) as ops.KekMode;
}

// --- RSA ---------------------------------------------------------------------------------------

/** SDF_GenerateKeyPair_RSA: a fresh RSA pair out of the device (uiKeyBits 2048..RSAref_MAX_BITS). */
export async function SDF_GenerateKeyPair_RSA(hSessionHandle: SessionHandle, uiKeyBits: number): Promise<{ pucPublicKey: RSArefPublicKey; pucPrivateKey: RSArefPrivateKey }> {
  const s = sessionOf(hSessionHandle);
  const { privateKey: k } = await ops.generateRsaKeyPair(s, uiKeyBits, RSAref_MAX_BITS);
  try {
    return { pucPublicKey: rsaPublicKeyFromComponents(k), pucPrivateKey: rsaPrivateKeyFromComponents(k) };
  } finally {
    wipe(k.d, k.p, k.q, k.dp, k.dq, k.qinv);
  }
}

/** SDF_GenerateKeyWithIPK_RSA: a session key encrypted under the internal RSA encryption public key. */
export async function SDF_GenerateKeyWithIPK_RSA(hSessionHandle: SessionHandle, uiIPKIndex: number, uiKeyBits: number): Promise<SdfWrappedKey<Uint8Array>> {
  const r = await ops.generateKeyWithIpkRsa(sessionOf(hSessionHandle), uiIPKIndex, uiKeyBits);
  return { pucKey: r.wrapped, phKeyHandle: r.handle };
}

/** SDF_GenerateKeyWithEPK_RSA: a session key encrypted under an external RSA public key. */
export function SDF_GenerateKeyWithEPK_RSA(hSessionHandle: SessionHandle, uiKeyBits: number, pucPublicKey: RSArefPublicKey): SdfWrappedKey<Uint8Array> {
  const s = sessionOf(hSessionHandle);
  const r = ops.generateKeyWithEpkRsa(s, uiKeyBits, rsaPublicKeyToComponents(pucPublicKey));
  return { pucKey: r.wrapped, phKeyHandle: r.handle };
}

/** SDF_ImportKeyWithISK_RSA: a session key decrypted with the internal RSA encryption private key. */
export async function SDF_ImportKeyWithISK_RSA(hSessionHandle: SessionHandle, uiISKIndex: number, pucKey: Uint8Array): Promise<number> {
  return ops.importKeyWithIskRsa(sessionOf(hSessionHandle), uiISKIndex, pucKey);
}

/** SDF_ExchangeDigitEnvelopeBaseOnRSA (2012): re-encrypts an envelope to an external public key. */
export async function SDF_ExchangeDigitEnvelopeBaseOnRSA(hSessionHandle: SessionHandle, uiKeyIndex: number, pucPublicKey: RSArefPublicKey,
  pucDEInput: Uint8Array): Promise<Uint8Array> {
  const s = sessionOf(hSessionHandle);
  return ops.exchangeEnvelopeRsa(s, uiKeyIndex, rsaPublicKeyToComponents(pucPublicKey), pucDEInput);
}

// --- ECC ---------------------------------------------------------------------------------------

/** SDF_GenerateKeyPair_ECC: a fresh SM2 pair out of the device (uiAlgID SGD_SM2[_1|_2|_3], 256 bits). */
export async function SDF_GenerateKeyPair_ECC(hSessionHandle: SessionHandle, uiAlgID: number, uiKeyBits: number): Promise<{ pucPublicKey: ECCrefPublicKey; pucPrivateKey: ECCrefPrivateKey }> {
  const fn = 'SDF_GenerateKeyPair_ECC';
  const s = sessionOf(hSessionHandle);
  if (!SM2_IDS.has(uiAlgID)) throw new CryptoError('SDR_ALGNOTSUPPORT', `${fn}: uiAlgID must be SGD_SM2, SGD_SM2_1, SGD_SM2_2 or SGD_SM2_3`);
  const pair = await ops.generateEccKeyPair(s, uiKeyBits);
  try {
    return { pucPublicKey: eccPublicKeyFromPoint(pair.publicKey), pucPrivateKey: eccPrivateKeyFromBytes(pair.privateKey) };
  } finally {
    wipe(pair.privateKey);
  }
}

/** SDF_GenerateKeyWithIPK_ECC: a session key SM2-encrypted under the internal encryption public key. */
export async function SDF_GenerateKeyWithIPK_ECC(hSessionHandle: SessionHandle, uiIPKIndex: number, uiKeyBits: number): Promise<SdfWrappedKey<ECCCipher>> {
  const r = await ops.generateKeyWithIpkEcc(sessionOf(hSessionHandle), uiIPKIndex, uiKeyBits);
  return { pucKey: eccCipherFromC1C3C2(r.wrapped), phKeyHandle: r.handle };
}

/** SDF_GenerateKeyWithEPK_ECC: a session key SM2-encrypted under an external public key (uiAlgID SGD_SM2_3 or SGD_SM2). */
export function SDF_GenerateKeyWithEPK_ECC(hSessionHandle: SessionHandle, uiKeyBits: number, uiAlgID: number,
  pucPublicKey: ECCrefPublicKey): SdfWrappedKey<ECCCipher> {
  const fn = 'SDF_GenerateKeyWithEPK_ECC';
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_3, fn);
  const r = ops.generateKeyWithEpkEcc(s, uiKeyBits, eccPublicKeyToPoint(pucPublicKey));
  return { pucKey: eccCipherFromC1C3C2(r.wrapped), phKeyHandle: r.handle };
}

/** SDF_ImportKeyWithISK_ECC: a session key decrypted with the internal SM2 encryption private key. */
export async function SDF_ImportKeyWithISK_ECC(hSessionHandle: SessionHandle, uiISKIndex: number, pucKey: ECCCipher): Promise<number> {
  const s = sessionOf(hSessionHandle);
  return ops.importKeyWithIskEcc(s, uiISKIndex, eccCipherToC1C3C2(pucKey));
}

/** SDF_ExchangeDigitEnvelopeBaseOnECC (2012; kept by openHiTLS' 2023 header): re-encrypts to an external key. */
export async function SDF_ExchangeDigitEnvelopeBaseOnECC(hSessionHandle: SessionHandle, uiKeyIndex: number, uiAlgID: number,
  pucPublicKey: ECCrefPublicKey, pucEncDataIn: ECCCipher): Promise<ECCCipher> {
  const fn = 'SDF_ExchangeDigitEnvelopeBaseOnECC';
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_3, fn);
  const out = await ops.exchangeEnvelopeEcc(s, uiKeyIndex, eccPublicKeyToPoint(pucPublicKey), eccCipherToC1C3C2(pucEncDataIn));
  return eccCipherFromC1C3C2(out);
}

// --- SM2 key agreement ------------------------------------------------------------------------

/** SDF_GenerateAgreementDataWithECC: sponsor step 1 (own public key, ephemeral key, agreement handle). */
export async function SDF_GenerateAgreementDataWithECC(hSessionHandle: SessionHandle, uiISKIndex: number, uiKeyBits: number,
  pucSponsorID: Uint8Array): Promise<SdfSponsorData> {
  const r = await agreement.generateAgreementData(sessionOf(hSessionHandle), uiISKIndex, uiKeyBits, pucSponsorID);
  return {
    pucSponsorPublicKey: eccPublicKeyFromPoint(r.publicKey),
    pucSponsorTmpPublicKey: eccPublicKeyFromPoint(r.ephemeralPublicKey),
    phAgreementHandle: r.handle,
  };
}

/** SDF_GenerateKeyWithECC: sponsor step 2, the session key from the responder's data (consumes the handle). */
export async function SDF_GenerateKeyWithECC(hSessionHandle: SessionHandle, pucResponseID: Uint8Array, pucResponsePublicKey: ECCrefPublicKey,
  pucResponseTmpPublicKey: ECCrefPublicKey, hAgreementHandle: number): Promise<number> {
  const s = sessionOf(hSessionHandle);
  return agreement.generateKeyWithAgreement(s, pucResponseID, eccPublicKeyToPoint(pucResponsePublicKey),
    eccPublicKeyToPoint(pucResponseTmpPublicKey), hAgreementHandle);
}

/** SDF_GenerateAgreementDataAndKeyWithECC: the responder's data and session key in one step. */
export async function SDF_GenerateAgreementDataAndKeyWithECC(hSessionHandle: SessionHandle, uiISKIndex: number, uiKeyBits: number,
  pucResponseID: Uint8Array, pucSponsorID: Uint8Array, pucSponsorPublicKey: ECCrefPublicKey,
  pucSponsorTmpPublicKey: ECCrefPublicKey): Promise<SdfResponseData> {
  const s = sessionOf(hSessionHandle);
  const r = await agreement.generateAgreementDataAndKey(s, uiISKIndex, uiKeyBits, pucResponseID, pucSponsorID,
    eccPublicKeyToPoint(pucSponsorPublicKey), eccPublicKeyToPoint(pucSponsorTmpPublicKey));
  return {
    pucResponsePublicKey: eccPublicKeyFromPoint(r.publicKey),
    pucResponseTmpPublicKey: eccPublicKeyFromPoint(r.ephemeralPublicKey),
    phKeyHandle: r.handle,
  };
}

// --- KEKs, plaintext import, destroy ------------------------------------------------------------

/** SDF_GenerateKeyWithKEK: a session key wrapped under the KEK at uiKEKIndex (SGD_SM4_ECB or SGD_SM4_CBC). */
export async function SDF_GenerateKeyWithKEK(hSessionHandle: SessionHandle, uiKeyBits: number, uiAlgID: number,
  uiKEKIndex: number): Promise<SdfWrappedKey<Uint8Array>> {
  const s = sessionOf(hSessionHandle);
  const r = await ops.generateKeyWithKek(s, uiKeyBits, kekMode(uiAlgID, 'SDF_GenerateKeyWithKEK'), uiKEKIndex);
  return { pucKey: r.wrapped, phKeyHandle: r.handle };
}

/** SDF_ImportKeyWithKEK: a session key unwrapped by the KEK at uiKEKIndex. */
export async function SDF_ImportKeyWithKEK(hSessionHandle: SessionHandle, uiAlgID: number, uiKEKIndex: number, pucKey: Uint8Array): Promise<number> {
  const s = sessionOf(hSessionHandle);
  return ops.importKeyWithKek(s, kekMode(uiAlgID, 'SDF_ImportKeyWithKEK'), uiKEKIndex, pucKey);
}

/** SDF_ImportKey: a plaintext 16-byte session key (the caller's buffer is copied). */
export function SDF_ImportKey(hSessionHandle: SessionHandle, pucKey: Uint8Array): number {
  return ops.importKey(sessionOf(hSessionHandle), pucKey);
}

/** SDF_DestroyKey: wipes and forgets a session key of this session. */
export function SDF_DestroyKey(hSessionHandle: SessionHandle, hKeyHandle: number): void {
  ops.destroyKey(sessionOf(hSessionHandle), hKeyHandle);
}
