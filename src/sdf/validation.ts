/**
 * GM/T 0018-2023 §6.8 validation functions with external private keys: "only for debugging,
 * testing and certification checks, not for real crypto services". The published text omits
 * the session handle from most of them; like openHiTLS (and unlike GmSSL SoftSDF) they take
 * `hSessionHandle` first here, so they run inside a session like every other call (and over
 * the network protocol). The external-key symmetric and HMAC ones are with the other
 * symmetric functions (sym.ts, hash.ts). The private key passed in is used once and wiped.
 *
 * @module
 */
import { wipe } from '../algorithms/internal/bytes.js';
import * as ops from '../device/ops/asym.js';
import { sessionOf, type SessionHandle } from './handles.js';
import { requireSm2, SGD_SM2_1, SGD_SM2_3 } from './sgd.js';
import {
  eccCipherToC1C3C2, eccPrivateKeyToBytes, eccSignatureFromRaw, rsaPrivateKeyToComponents,
  type ECCCipher, type ECCrefPrivateKey, type ECCSignature, type RSArefPrivateKey,
} from './structs.js';

export function SDF_ExternalPrivateKeyOperation_RSA(hSessionHandle: SessionHandle, pucPrivateKey: RSArefPrivateKey, pucDataInput: Uint8Array): Uint8Array {
  const s = sessionOf(hSessionHandle);
  const key = rsaPrivateKeyToComponents(pucPrivateKey);
  try {
    return ops.externalRsaPrivate(s, key, pucDataInput, 'SDF_ExternalPrivateKeyOperation_RSA');
  } finally {
    wipe(key.d);
    wipe(key.p);
    wipe(key.q);
  }
}

export function SDF_ExternalSign_ECC(hSessionHandle: SessionHandle, uiAlgID: number, pucPrivateKey: ECCrefPrivateKey, pucData: Uint8Array): ECCSignature {
  const fn = 'SDF_ExternalSign_ECC';
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_1, fn);
  const d = eccPrivateKeyToBytes(pucPrivateKey);
  try {
    return eccSignatureFromRaw(ops.externalSign(s, d, pucData, fn));
  } finally {
    wipe(d);
  }
}

export function SDF_ExternalDecrypt_ECC(hSessionHandle: SessionHandle, uiAlgID: number, pucPrivateKey: ECCrefPrivateKey, pucEncData: ECCCipher): Uint8Array {
  const s = sessionOf(hSessionHandle);
  requireSm2(uiAlgID, SGD_SM2_3, 'SDF_ExternalDecrypt_ECC');
  const d = eccPrivateKeyToBytes(pucPrivateKey);
  try {
    return ops.externalDecrypt(s, d, eccCipherToC1C3C2(pucEncData));
  } finally {
    wipe(d);
  }
}
