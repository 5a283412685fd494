/**
 * Mima extensions to GM/T 0018 (not in the standard; protocol codes 0x08xx): many SM2 digests
 * signed or verified with one internal key in one call, so the network server pays one engine
 * batch (one shared inversion for k·G, one JS↔C crossing) per group of requests. Same checks,
 * errors and audit as SDF_InternalSign_ECC / SDF_InternalVerify_ECC.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import * as ops from '../device/ops/asym.js';
import { sessionOf, type SessionHandle } from './handles.js';
import { eccSignatureFromRaw, eccSignatureToRaw, type ECCSignature } from './structs.js';

/** Signs each 32-byte digest with the signing key at `uiISKIndex`; signatures in order. */
export async function MIMA_InternalSign_ECC_Batch(hSessionHandle: SessionHandle, uiISKIndex: number, digests: readonly Uint8Array[]): Promise<ECCSignature[]> {
  const sigs = await ops.internalSign(sessionOf(hSessionHandle), uiISKIndex, digests, 'MIMA_InternalSign_ECC_Batch');
  return sigs.map(eccSignatureFromRaw);
}

/** One verdict per (digest, signature) with the signing public key at `uiIPKIndex`. */
export async function MIMA_InternalVerify_ECC_Batch(hSessionHandle: SessionHandle, uiIPKIndex: number, digests: readonly Uint8Array[],
  signatures: readonly ECCSignature[]): Promise<boolean[]> {
  const fn = 'MIMA_InternalVerify_ECC_Batch';
  if (digests.length !== signatures.length) throw new CryptoError('SDR_INARGERR', `${fn}: ${digests.length} digests but ${signatures.length} signatures`);
  const items = digests.map((digest, i) => {
    try {
      return { digest, signature: eccSignatureToRaw(signatures[i]!) };
    } catch {
      return { digest, signature: new Uint8Array(64) }; // out-of-range r or s: verifies false
    }
  });
  return ops.internalVerify(sessionOf(hSessionHandle), uiIPKIndex, items, fn);
}
