/**
 * GM/T 0018 hash functions (§6.6) and the 2023 HMAC functions: SDF_HashInit with the signer's
 * public key and ID computes e = SM3(Z_A ‖ M) for SDF_InternalSign_ECC; SDF_HMACInit keys
 * HMAC with a session key, SDF_ExternalKeyHMACInit (2023 validation function, session handle
 * first) with an external key. Decisions: src/device/ops/hash.ts.
 *
 * @module
 */
import * as ops from '../device/ops/hash.js';
import { sessionOf, type SessionHandle } from './handles.js';
import { hashOf } from './sgd.js';
import { eccPublicKeyToPoint, type ECCrefPublicKey } from './structs.js';

export function SDF_HashInit(hSessionHandle: SessionHandle, uiAlgID: number, pucPublicKey?: ECCrefPublicKey | null, pucID?: Uint8Array | null): void {
  const fn = 'SDF_HashInit';
  const s = sessionOf(hSessionHandle);
  ops.hashInit(s, hashOf(uiAlgID, fn), pucPublicKey ? eccPublicKeyToPoint(pucPublicKey) : null, pucID ?? null, fn);
}

export function SDF_HashUpdate(hSessionHandle: SessionHandle, pucData: Uint8Array): void {
  ops.hashUpdate(sessionOf(hSessionHandle), pucData, 'SDF_HashUpdate');
}

export function SDF_HashFinal(hSessionHandle: SessionHandle): Uint8Array {
  return ops.hashFinal(sessionOf(hSessionHandle), 'SDF_HashFinal');
}

export function SDF_HMACInit(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number): void {
  const fn = 'SDF_HMACInit';
  const s = sessionOf(hSessionHandle);
  ops.hmacInit(s, hashOf(uiAlgID, fn), s.key(hKeyHandle).key, fn);
}

export function SDF_ExternalKeyHMACInit(hSessionHandle: SessionHandle, uiAlgID: number, pucKey: Uint8Array): void {
  const fn = 'SDF_ExternalKeyHMACInit';
  ops.hmacInit(sessionOf(hSessionHandle), hashOf(uiAlgID, fn), pucKey, fn);
}

export function SDF_HMACUpdate(hSessionHandle: SessionHandle, pucData: Uint8Array): void {
  ops.hmacUpdate(sessionOf(hSessionHandle), pucData, 'SDF_HMACUpdate');
}

export function SDF_HMACFinal(hSessionHandle: SessionHandle): Uint8Array {
  return ops.hmacFinal(sessionOf(hSessionHandle), 'SDF_HMACFinal');
}
